"""Who may see and record pupil voice. Deny by default; built on cases.permissions.

Voice records on a case are ordinary case data: whoever may see the case (it
was loaded through ``visible_cases``) sees them, and whoever may record on it
(``cases.permissions.can_record_on_case``, asked directly) adds them. A
record with no case belongs to the pupil: only the case workers of the pupil's
school see and add those.
"""

from cases.permissions import User
from schools.enums import SchoolRole
from schools.models import Pupil
from schools.permissions import user_roles_in


def is_pupils_dsl(user: User, pupil: Pupil) -> bool:
    """Whether the user is a DSL (or deputy) of the pupil's school.

    Only to choose which safeguarding link the voice form offers: the DSL's
    own restricted-note form, or, for everyone else, "speak to your DSL".
    """
    return SchoolRole.DSL in user_roles_in(user, [pupil.school])
