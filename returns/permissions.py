"""Who sends a school's notifications to the LA, and who receives them.

Built on the roles read once per request (``schools.permissions``): school
attendance officers and attendance leads send (``SEND_LA_RETURNS``); LA lead
practitioners receive, for their own LA's schools only (``MANAGE_LA_WORK``).
"""

from django.contrib.auth.models import AbstractBaseUser

from schools.models import School
from schools.permissions import (
    local_authority_ids_with_permission,
    school_ids_with_permission,
)
from schools.roles import MANAGE_LA_WORK, SEND_LA_RETURNS


def sending_school_ids(user: AbstractBaseUser) -> list[int]:
    """The schools whose notifications the user may send."""
    return school_ids_with_permission(user, SEND_LA_RETURNS)


def can_send_returns(user: AbstractBaseUser, school: School) -> bool:
    return school.pk in sending_school_ids(user)


def inbox_la_ids(user: AbstractBaseUser) -> list[int]:
    """The LAs whose inbox the user reads and acknowledges."""
    return local_authority_ids_with_permission(user, MANAGE_LA_WORK)


def can_receive(user: AbstractBaseUser, local_authority_id: int) -> bool:
    return local_authority_id in inbox_la_ids(user)
