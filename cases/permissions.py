"""Who may do what on a case. Deny by default; built on schools.permissions.

A user's standing on a case is the set of roles they hold *for that case*:
their school roles at the case's school, and their LA roles at the school's
local authority only when the case is shared with them (with their LA team or
with them by name). Every predicate below reads that one set, so the case
page and the services cannot disagree.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from cases.enums import RECORDABLE_KINDS, EventKind
from cases.models import Case
from schools.enums import LocalAuthorityRole, SchoolRole
from schools.models import Pupil
from schools.permissions import (
    ids_with_object_permission,
    user_roles_in,
    works_in_local_authority,
)

User = AbstractBaseUser | AnonymousUser

VIEW_CASE = "cases.view_case"

SCHOOL_CASEWORKERS = frozenset(
    {
        SchoolRole.ATTENDANCE_OFFICER,
        SchoolRole.PASTORAL_STAFF,
        SchoolRole.ATTENDANCE_LEAD,
        SchoolRole.DSL,
    }
)
LA_ROLES = frozenset(LocalAuthorityRole.values)
CASEWORKERS = SCHOOL_CASEWORKERS | LA_ROLES
CASE_MANAGERS = frozenset(
    {SchoolRole.ATTENDANCE_LEAD, SchoolRole.DSL, LocalAuthorityRole.LEAD_PRACTITIONER}
)
SHARERS = frozenset({SchoolRole.ATTENDANCE_LEAD, SchoolRole.DSL})

# Which roles may take each transition (on a case they can see).
TRANSITION_ROLES: dict[str, frozenset[str]] = {
    "start_early_help": CASEWORKERS,
    "start_parenting_contract": CASEWORKERS,
    "step_down": CASEWORKERS,
    "apply_for_eso": frozenset({LocalAuthorityRole.LEGAL_OFFICER}),
    "refer_for_prosecution": frozenset({LocalAuthorityRole.LEGAL_OFFICER}),
    "close": frozenset({SchoolRole.ATTENDANCE_LEAD, *LA_ROLES}),
    "reopen": frozenset({SchoolRole.ATTENDANCE_LEAD, *LA_ROLES}),
}


def shared_case_ids(user: User) -> frozenset[int]:
    """Cases shared with the user, by name or through their LA team (the
    grants only: ``visible_cases`` also asks that the case is at their LA)."""
    return ids_with_object_permission(user, VIEW_CASE, Case)


def is_shared_with(user: User, case: Case) -> bool:
    """Whether the case is shared with the user, by name or through their LA team."""
    return case.pk in shared_case_ids(user) and works_in_local_authority(
        user, case.school.local_authority_id
    )


def case_roles(user: User, case: Case) -> frozenset[str]:
    """The roles the user holds for this case.

    Built from the user's roles and shared cases, which are read once per
    request (``schools.permissions.remembered``), so asking again costs no query.
    """
    school = case.school
    held = user_roles_in(user, [school, school.local_authority])
    school_roles = held & set(SchoolRole.values)
    la_roles = held & LA_ROLES
    if la_roles and not is_shared_with(user, case):
        la_roles = set()
    return frozenset(school_roles | la_roles)


def role_names(roles: frozenset[str]) -> str:
    """'attendance lead or LA legal officer', for a refusal message."""
    labels = dict(SchoolRole.choices + LocalAuthorityRole.choices)
    names = sorted(str(labels[role]) for role in roles)
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " or " + names[-1]


def may_take_transition(user: User, case: Case, name: str) -> bool:
    """The ``permission=`` of every transition: the user's case roles allow it."""
    allowed = TRANSITION_ROLES.get(name, frozenset())
    return bool(case_roles(user, case) & allowed)


def can_open_case(user: User, pupil: Pupil) -> bool:
    """School case workers open cases for their own school's pupils."""
    return bool(user_roles_in(user, [pupil.school]) & SCHOOL_CASEWORKERS)


def can_record_on_case(user: User, case: Case) -> bool:
    """Notes, meetings, decisions and checklist ticks."""
    return case.is_open and bool(case_roles(user, case) & CASEWORKERS)


# Facts only LA staff on a shared case record: the decision that an ESO was
# considered before prosecution is the LA's, never the school's.
LA_RECORDED_KINDS = frozenset({EventKind.ESO_CONSIDERED})


def recordable_kinds(user: User, case: Case) -> list[str]:
    """The kinds of fact the user may record on the case by hand, in the
    order of ``RECORDABLE_KINDS``; empty when they may record nothing."""
    if not can_record_on_case(user, case):
        return []
    from_la = bool(case_roles(user, case) & LA_ROLES)
    return [
        kind for kind in RECORDABLE_KINDS if from_la or kind not in LA_RECORDED_KINDS
    ]


def can_assign(user: User, case: Case) -> bool:
    """Choose the lead practitioner and co-workers."""
    return case.is_open and bool(case_roles(user, case) & CASE_MANAGERS)


def can_hand_over(user: User, case: Case) -> bool:
    """Hand an open case to the school the pupil has since joined: the case's
    school's attendance lead or DSL."""
    return (
        case.is_open
        and case.pupil.school_id != case.school_id
        and bool(case_roles(user, case) & SHARERS)
    )


def can_share(user: User, case: Case) -> bool:
    """Share the case with the LA, or end a share: the school's lead or DSL."""
    return bool(case_roles(user, case) & SHARERS)
