"""The legal app's models: court bundles (``bundles``)."""

from legal.models.bundles import CourtBundle, bundle_path

__all__ = ["CourtBundle", "bundle_path"]
