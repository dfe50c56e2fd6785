"""Who may see and work on targeting-support meetings. Deny by default.

- The LA's lead practitioners (``MANAGE_LA_WORK`` on the school's LA) arrange,
  prepare and record the meetings of every school in their LA, and see them all.
- A school's headteacher and attendance lead (``VIEW_TARGETING_MEETINGS`` at
  the school) see their own school's meetings, download the pack and put
  pupils and cases forward to discuss.
- Nobody else: other schools, the other LA, LA legal officers and the other
  school roles get a 404 from every page.

The ids come from the user's roles, read once per request by
``schools.permissions``.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from schools.models import School
from schools.permissions import (
    local_authority_ids_with_permission,
    school_ids_with_permission,
)
from schools.roles import MANAGE_LA_WORK, VIEW_TARGETING_MEETINGS
from targeting.enums import Side


def managed_la_ids(user: AbstractBaseUser) -> list[int]:
    """The LAs whose schools' meetings the user arranges and records."""
    return local_authority_ids_with_permission(user, MANAGE_LA_WORK)


def school_side_ids(user: AbstractBaseUser) -> list[int]:
    """The schools whose own meetings the user sees, as the school."""
    return school_ids_with_permission(user, VIEW_TARGETING_MEETINGS)


def meeting_scope(user: AbstractBaseUser) -> Q | None:
    """The condition on meetings the user may see; None when none at all."""
    las, schools = managed_la_ids(user), school_side_ids(user)
    if not (las or schools):
        return None
    return Q(school__local_authority_id__in=las) | Q(school_id__in=schools)


def arrangeable_schools(user: AbstractBaseUser) -> QuerySet[School]:
    """Schools the user may arrange a meeting with: every school of their LAs."""
    return School.objects.filter(local_authority_id__in=managed_la_ids(user))


def can_manage(user: AbstractBaseUser, school: School) -> bool:
    """Arrange, record and update actions: the school's LA lead practitioners."""
    return school.local_authority_id in managed_la_ids(user)


def is_school_side(user: AbstractBaseUser, school: School) -> bool:
    """The school's headteacher or attendance lead."""
    return school.pk in school_side_ids(user)


def can_see(user: AbstractBaseUser, school: School) -> bool:
    return can_manage(user, school) or is_school_side(user, school)


def side_of(user: AbstractBaseUser, school: School) -> Side | None:
    """Whom the user speaks for at this school's meeting; the LA when both."""
    if can_manage(user, school):
        return Side.LA
    if is_school_side(user, school):
        return Side.SCHOOL
    return None
