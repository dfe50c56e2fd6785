"""Who may ask for a pupil's subject access export: the headteacher and the
attendance lead of the pupil's school (the school answers the request)."""

from schools.enums import SchoolRole
from schools.models import Pupil
from schools.permissions import user_has_role

EXPORTING_ROLES = (SchoolRole.HEADTEACHER, SchoolRole.ATTENDANCE_LEAD)


def can_export(user, pupil: Pupil) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    return any(user_has_role(user, pupil.school, role) for role in EXPORTING_ROLES)
