"""The court evidence bundle: one PDF of a case's evidence for the LA's
lawyers and the court (``docs/court-bundle.md``).

``build_bundle`` makes it and writes nothing; the caller checks who may ask
(``legal.permissions.can_produce_bundle``) and records it. The sections are a
list (``SECTIONS``) to which another app adds with ``register_section``.
"""

from legal.bundle.build import (
    BuiltBundle,
    BundleError,
    IndexEntry,
    ManifestEntry,
    build_bundle,
)
from legal.bundle.sections import (
    SECTIONS,
    BundleCase,
    Section,
    SectionContent,
    StoredDocument,
    register_section,
)

__all__ = [
    "SECTIONS",
    "BuiltBundle",
    "BundleCase",
    "BundleError",
    "IndexEntry",
    "ManifestEntry",
    "Section",
    "SectionContent",
    "StoredDocument",
    "build_bundle",
    "register_section",
]
