"""System checks for the role groups (run by ``migrate`` and ``check --database``)."""

from collections.abc import Iterable

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.checks import Error, Tags, register
from django.db import DatabaseError

from schools.role_groups import ROLE_GROUP_PATTERN


@register(Tags.security, Tags.database)
def role_group_members_have_memberships(
    app_configs: Iterable | None = None, databases: Iterable[str] | None = None, **_
) -> list[Error]:
    """Every member of a role group holds the matching membership row.

    The portal reads roles from membership rows, so such a member gets
    nothing; but a group membership without its row means someone changed
    the groups behind the memberships service's back, which is worth an alarm.
    """
    if not databases:
        return []
    from schools.models import StaffMembership

    through = get_user_model().groups.through
    try:
        members = list(
            through.objects.filter(group__name__regex=ROLE_GROUP_PATTERN).values_list(
                "user_id", "user__username", "group__name"
            )
        )
        held = set()
        for user_id, school_id, la_id, role in StaffMembership.objects.values_list(
            "user_id", "school_id", "local_authority_id", "role"
        ):
            kind, pk = ("school", school_id) if school_id else ("la", la_id)
            held.add((user_id, f"{kind}:{pk}:{role}"))
    except DatabaseError:  # tables not created yet: nothing to check
        return []
    return [
        Error(
            f"{username} is a member of the role group {group} without the "
            "matching staff membership.",
            hint="Remove them from the group, or give the role through the portal "
            "or `manage.py staff_role` so that it is recorded.",
            id="schools.E001",
        )
        for user_id, username, group in members
        if (user_id, group) not in held
    ]


@register(Tags.security)
def wagtail_user_editor_hides_role_groups(app_configs=None, **_) -> list[Error]:
    """Wagtail's user and group editors must be the ones that hide role groups."""
    from schools.cms import RoleSafeWagtailUsersConfig

    if not apps.is_installed("wagtail.users"):
        return []
    config = apps.get_app_config("wagtailusers")
    if isinstance(config, RoleSafeWagtailUsersConfig):
        return []
    return [
        Error(
            "Wagtail's user and group editors would let an administrator give "
            "portal roles by ticking a group.",
            hint="In INSTALLED_APPS, replace 'wagtail.users' with "
            "'schools.cms.RoleSafeWagtailUsersConfig'.",
            id="schools.E002",
        )
    ]
