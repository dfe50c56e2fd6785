"""The Safeguarding navigation link: for DSLs, and for people with shared records."""

from django import template

from safeguarding.permissions import current_grants, dsl_school_ids

register = template.Library()


@register.simple_tag
def safeguarding_link(user) -> bool:
    return bool(dsl_school_ids(user)) or current_grants(user).exists()
