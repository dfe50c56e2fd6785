"""Who may do what with a parenting contract. Deny by default.

Everyone who may see the case may read its contracts. Drafting, offering,
recording the signing and reviews, and every other step are for the case's
managers: the school's attendance lead and DSL, and the LA lead practitioner
on a case shared with them (``cases.permissions.case_roles`` already counts
LA roles only on a shared case). The case must be open.
"""

from cases.models import Case
from cases.permissions import case_roles
from schools.enums import LocalAuthorityRole, SchoolRole

CONTRACT_ROLES = frozenset(
    {SchoolRole.ATTENDANCE_LEAD, SchoolRole.DSL, LocalAuthorityRole.LEAD_PRACTITIONER}
)


def can_manage_contracts(user, case: Case) -> bool:
    """Draft a contract, take its steps, record why none was offered."""
    return case.is_open and bool(case_roles(user, case) & CONTRACT_ROLES)
