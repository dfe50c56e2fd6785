"""The header's links to the LA's workspace and to the school's side of it:
read from the roles already read for the request, no query of their own."""

from django import template

from schools.permissions import (
    local_authority_ids_with_permission,
    school_permissions_held,
)
from schools.roles import (
    MANAGE_LA_WORK,
    VIEW_LA_FIGURES,
    VIEW_TARGETING_MEETINGS,
)

register = template.Library()


@register.simple_tag
def la_links(user) -> dict[str, bool]:
    held = school_permissions_held(user)
    return {
        "workspace": bool(local_authority_ids_with_permission(user, VIEW_LA_FIGURES)),
        "manage": bool(local_authority_ids_with_permission(user, MANAGE_LA_WORK)),
        "school_targeting": VIEW_TARGETING_MEETINGS in held,
    }
