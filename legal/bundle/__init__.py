"""The court evidence bundle: one PDF of a case's evidence for the LA's
lawyers and the court (``docs/court-bundle.md``).

``build_bundle`` makes it and writes nothing; the caller checks who may ask
(``legal.permissions.can_produce_bundle``) and records it. The sections are a
list (``SECTIONS``) to which another app adds with ``register_section``.
"""

from django.contrib.auth.models import AbstractBaseUser

from cases.models import Case
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


def produce_for_command(case: Case, user: AbstractBaseUser, draft: bool) -> BuiltBundle:
    """The bundle the ``court_bundle`` command writes, made in the name of
    ``user``, who the command has checked may produce it. Records nothing yet."""
    return build_bundle(
        case, draft=draft, produced_by=user.get_full_name() or user.get_username()
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
    "produce_for_command",
    "register_section",
]
