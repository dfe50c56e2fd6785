"""Who may give which role, and whom a manager may deactivate: one table.

Pure functions over role names, tested row by row
(tests/accounts/test_rules.py); every view and service asks them.
"""

from collections.abc import Iterable, Mapping

from schools.enums import LocalAuthorityRole, SchoolRole

# A manager's role in an organisation → the roles they may give and take away
# there. A headteacher appoints anyone at the school, the DSL and another
# headteacher included; an attendance lead manages the attendance team, not
# the safeguarding lead or the head; an LA's lead practitioner manages the
# LA's team. Roles not in this table manage no one.
ROLES_GIVEABLE_BY: Mapping[str, frozenset[str]] = {
    SchoolRole.HEADTEACHER: frozenset(SchoolRole.values),
    SchoolRole.ATTENDANCE_LEAD: frozenset(
        {
            SchoolRole.ATTENDANCE_OFFICER,
            SchoolRole.PASTORAL_STAFF,
            SchoolRole.ATTENDANCE_LEAD,
        }
    ),
    LocalAuthorityRole.LEAD_PRACTITIONER: frozenset(LocalAuthorityRole.values),
}


def roles_giveable(held: Iterable[str]) -> frozenset[str]:
    """The roles someone holding ``held`` (in one organisation) may give there."""
    giveable: set[str] = set()
    for role in held:
        giveable |= ROLES_GIVEABLE_BY.get(role, frozenset())
    return frozenset(giveable)


def may_change_role(*, manager_roles: Iterable[str], role: str, is_self: bool) -> bool:
    """Whether a manager may give or take away ``role`` in their organisation.

    Nobody changes their own roles, so no one can raise themselves, and a
    school is never left without the head who removed their own role.
    """
    return not is_self and role in roles_giveable(manager_roles)


def may_manage_person(
    *,
    manager_roles_at: Mapping[object, Iterable[str]],
    person_roles_at: Mapping[object, Iterable[str]],
    is_self: bool,
) -> bool:
    """Whether a manager may deactivate someone, or reset their sign-in.

    Only when every role the person holds, in every organisation, is one the
    manager may give there: a school cannot shut out someone who also works
    for another school or the LA, nor anyone above its manager's right. The
    person must hold at least one role (an account with none is the site
    administrators').
    """
    if is_self or not person_roles_at:
        return False
    return all(
        set(roles) <= roles_giveable(manager_roles_at.get(organisation, ()))
        for organisation, roles in person_roles_at.items()
    )
