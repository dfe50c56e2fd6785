"""Who may give which role, and whom a manager may deactivate: row by row."""

import pytest

from accounts.rules import may_change_role, may_manage_person, roles_giveable

OFFICER, PASTORAL, LEAD, DSL, HEAD = (
    "attendance_officer",
    "pastoral_staff",
    "attendance_lead",
    "dsl",
    "headteacher",
)
LA_LEAD, LA_LEGAL = "la_lead_practitioner", "la_legal_officer"
SCHOOL_ROLES = {OFFICER, PASTORAL, LEAD, DSL, HEAD}


@pytest.mark.parametrize(
    ("held", "giveable"),
    [
        ({HEAD}, SCHOOL_ROLES),
        ({LEAD}, {OFFICER, PASTORAL, LEAD}),
        ({LEAD, HEAD}, SCHOOL_ROLES),
        ({OFFICER}, set()),
        ({PASTORAL}, set()),
        ({DSL}, set()),
        ({DSL, OFFICER}, set()),
        ({LA_LEAD}, {LA_LEAD, LA_LEGAL}),
        ({LA_LEGAL}, set()),
        (set(), set()),
    ],
)
def test_roles_a_manager_may_give(held, giveable):
    assert roles_giveable(held) == giveable


@pytest.mark.parametrize(
    ("manager", "role", "is_self", "allowed"),
    [
        ({HEAD}, DSL, False, True),
        ({HEAD}, HEAD, False, True),
        ({HEAD}, HEAD, True, False),  # never one's own roles
        ({HEAD}, OFFICER, True, False),
        ({LEAD}, OFFICER, False, True),
        ({LEAD}, LEAD, False, True),
        ({LEAD}, DSL, False, False),
        ({LEAD}, HEAD, False, False),
        ({OFFICER}, PASTORAL, False, False),
        ({LA_LEAD}, LA_LEGAL, False, True),
        ({LA_LEAD}, OFFICER, False, False),  # an LA gives no school role
        ({HEAD}, LA_LEAD, False, False),  # a school gives no LA role
    ],
)
def test_giving_and_removing_a_role(manager, role, is_self, allowed):
    assert may_change_role(manager_roles=manager, role=role, is_self=is_self) is allowed


A, B, LA = ("school", 1), ("school", 2), ("la", 9)


@pytest.mark.parametrize(
    ("manager", "person", "is_self", "allowed"),
    [
        ({A: {HEAD}}, {A: {OFFICER}}, False, True),
        ({A: {HEAD}}, {A: {OFFICER, DSL}}, False, True),
        ({A: {LEAD}}, {A: {OFFICER, PASTORAL}}, False, True),
        ({A: {LEAD}}, {A: {OFFICER, DSL}}, False, False),  # the DSL role is above
        ({A: {LEAD}}, {A: {HEAD}}, False, False),
        ({A: {HEAD}}, {A: {OFFICER}, B: {OFFICER}}, False, False),  # works elsewhere
        ({A: {HEAD}, B: {HEAD}}, {A: {OFFICER}, B: {DSL}}, False, True),
        ({A: {HEAD}}, {A: {OFFICER}, LA: {LA_LEAD}}, False, False),
        ({LA: {LA_LEAD}}, {LA: {LA_LEGAL}}, False, True),
        ({A: {HEAD}}, {A: {HEAD}}, True, False),  # not oneself
        ({A: {HEAD}}, {}, False, False),  # no role: the administrators'
        ({A: {OFFICER}}, {A: {PASTORAL}}, False, False),
    ],
)
def test_deactivating_or_resetting_someone(manager, person, is_self, allowed):
    assert (
        may_manage_person(
            manager_roles_at=manager, person_roles_at=person, is_self=is_self
        )
        is allowed
    )
