"""The Safeguarding navigation link: for DSLs, and for people with shared records."""

from django import template

from safeguarding.permissions import dsl_school_ids, granted_item_ids

register = template.Library()


@register.simple_tag
def safeguarding_link(user) -> bool:
    """From the user's roles and shares, read once per request."""
    return bool(dsl_school_ids(user)) or bool(granted_item_ids(user))
