"""The overview's navigation link and its percentage format."""

from decimal import Decimal

from django import template

from attendance.templatetags.attendance_tags import held_school_permissions
from schools.roles import VIEW_SCHOOL_OVERVIEW

register = template.Library()


@register.simple_tag(takes_context=True)
def overview_link(context, user) -> bool:
    """Whether the user may open a school's overview: no query of its own (the
    navigation's attendance links read the user's permissions once)."""
    return VIEW_SCHOOL_OVERVIEW in held_school_permissions(context, user)


@register.filter
def percent(value: Decimal | None) -> str:
    """'12.5 %', or '–' when there is nothing to divide by."""
    return "–" if value is None else f"{value} %"
