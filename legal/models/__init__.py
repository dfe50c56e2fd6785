"""The legal app's models: education supervision orders and prosecution
referrals (``orders``), and court bundles (``bundles``)."""

from legal.models.bundles import CourtBundle, bundle_path
from legal.models.orders import (
    EducationSupervisionOrder,
    EsoExtension,
    EsoNonCompliance,
    ProsecutionOutcome,
    ProsecutionReferral,
)

__all__ = [
    "CourtBundle",
    "EducationSupervisionOrder",
    "EsoExtension",
    "EsoNonCompliance",
    "ProsecutionOutcome",
    "ProsecutionReferral",
    "bundle_path",
]
