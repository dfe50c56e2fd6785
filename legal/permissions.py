"""Who may see and act on the legal records of a case. Every view, service
and command asks these; the user's roles for the case come from
``cases.permissions.case_roles`` (read once per request)."""

from django.contrib.auth.models import AbstractBaseUser as User
from django.db.models import QuerySet

from cases.models import Case
from cases.permissions import LA_ROLES, case_roles
from cases.selectors import case_shares
from schools.enums import LocalAuthorityRole, SchoolRole

# The school's attendance lead produces a draft bundle for the LA; the LA's
# legal officer produces the bundle its lawyers and the court read.
DRAFT_BUNDLE_ROLES = frozenset({SchoolRole.ATTENDANCE_LEAD})
BUNDLE_ROLES = frozenset({LocalAuthorityRole.LEGAL_OFFICER})


def can_produce_bundle(user: User, case: Case, *, draft: bool) -> bool:
    """May the user produce a bundle (a draft when ``draft``) for this case?
    A draft is for the LA, so only once the case is shared with it."""
    roles = case_roles(user, case)
    if draft:
        return bool(roles & DRAFT_BUNDLE_ROLES) and bool(case_shares(case))
    return bool(roles & BUNDLE_ROLES)


def bundle_drafts_only(user: User, case: Case) -> bool | None:
    """Which bundles of the case the user may see and download: ``False`` for
    all of them (LA staff on the shared case), ``True`` for the drafts only
    (the school's attendance lead), ``None`` for none."""
    roles = case_roles(user, case)
    if roles & LA_ROLES:
        return False
    if roles & DRAFT_BUNDLE_ROLES:
        return True
    return None


def visible_bundles(user: User, case: Case) -> QuerySet:
    """The case's bundles the user may see, newest first."""
    from legal.models import CourtBundle

    drafts_only = bundle_drafts_only(user, case)
    bundles = CourtBundle.objects.filter(case_id=case.pk).select_related("requested_by")
    if drafts_only is None:
        return bundles.none()
    return bundles.filter(draft=True) if drafts_only else bundles


def can_record_eso(user: User, case: Case) -> bool:
    """Record and keep an education supervision order: LA staff on the shared
    case (the application is the LA's)."""
    return case.is_open and bool(case_roles(user, case) & LA_ROLES)


def can_prepare_referral(user: User, case: Case) -> bool:
    """Prepare a prosecution referral and record the court's outcomes: the LA
    legal officer on the shared case."""
    return case.is_open and LocalAuthorityRole.LEGAL_OFFICER in case_roles(user, case)
