"""The navigation's links to the returns pages, for ``portal/base.html``."""

from django import template

from returns.permissions import inbox_la_ids, sending_school_ids

register = template.Library()


@register.simple_tag
def returns_links(user) -> dict[str, bool]:
    """Which of "Notifications to the LA" and "Notifications from schools" the
    user may open; read from the roles already loaded for the request."""
    return {
        "to_send": bool(sending_school_ids(user)),
        "inbox": bool(inbox_la_ids(user)),
    }
