from django import template

from accounts.selectors import manages_anyone

register = template.Library()


@register.simple_tag
def staff_link(user) -> bool:
    """Whether the header shows "Staff": from the roles already read, no query."""
    return manages_anyone(user)
