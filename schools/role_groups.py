"""The role groups are the portal's: nothing but the memberships service changes them.

A role group (``school:<pk>:<role>`` or ``la:<pk>:<role>``) mirrors the
membership rows so that per-object grants can be made to a team. Portal roles
are read from the membership rows, so a group membership without one gives
nothing; and any attempt to add or remove a member, or to create, rename or
delete a role group, outside ``schools.services`` is refused here, whichever
route it takes (the Wagtail user or group editor, a bulk action, the shell).
The system check ``schools.E001`` reports any group member without a matching
membership row.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

ROLE_GROUP_PATTERN = r"^(school|la):[0-9]+:"
_ROLE_GROUP = re.compile(ROLE_GROUP_PATTERN)
REFUSAL = (
    "Portal roles are given and taken in the portal (or with the staff_role "
    "command), not by editing groups."
)

_unlocked: ContextVar[bool] = ContextVar("role_groups_unlocked", default=False)


def is_role_group(name: str) -> bool:
    return bool(_ROLE_GROUP.match(name or ""))


def other_groups() -> QuerySet[Group]:
    """The groups the CMS may show and edit: every group but the role groups."""
    return Group.objects.exclude(name__regex=ROLE_GROUP_PATTERN)


@contextmanager
def role_groups_unlocked() -> Iterator[None]:
    """Let the memberships service change role groups inside this block."""
    token = _unlocked.set(True)
    try:
        yield
    finally:
        _unlocked.reset(token)


def refuse_member_changes(sender, instance, action, reverse, pk_set, **kwargs):
    """``m2m_changed`` on User.groups: refuse changes to role-group members."""
    if action not in ("pre_add", "pre_remove", "pre_clear") or _unlocked.get():
        return
    if reverse:  # group.user_set.add(...): the instance is the group
        touched = [instance.name]
    elif action == "pre_clear":
        touched = instance.groups.values_list("name", flat=True)
    else:
        touched = Group.objects.filter(pk__in=pk_set).values_list("name", flat=True)
    if any(is_role_group(name) for name in touched):
        raise PermissionDenied(REFUSAL)


def refuse_group_changes(sender, instance, **kwargs):
    """``pre_save`` and ``pre_delete`` on Group: role groups are the service's."""
    if _unlocked.get():
        return
    names = [instance.name]
    if instance.pk:
        names += Group.objects.filter(pk=instance.pk).values_list("name", flat=True)
    if any(is_role_group(name) for name in names):
        raise PermissionDenied(REFUSAL)


def connect() -> None:
    from django.db.models.signals import m2m_changed, pre_delete, pre_save

    m2m_changed.connect(
        refuse_member_changes,
        sender=get_user_model().groups.through,
        dispatch_uid="schools_role_group_members",
    )
    pre_save.connect(refuse_group_changes, sender=Group, dispatch_uid="schools_rg_save")
    pre_delete.connect(
        refuse_group_changes, sender=Group, dispatch_uid="schools_rg_delete"
    )
