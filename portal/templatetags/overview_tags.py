"""The overview's navigation link and its percentage format."""

from decimal import Decimal

from django import template

from portal.overview_views import overview_schools

register = template.Library()


@register.simple_tag(takes_context=True)
def overview_link(context, user) -> bool:
    """Whether the user may open a school overview: one query, kept on the
    request so a page asking twice asks the database once."""
    request = context.get("request")
    cached = getattr(request, "_overview_link", None)
    if cached is None:
        cached = overview_schools(user).exists()
        if request is not None:
            request._overview_link = cached
    return cached


@register.filter
def percent(value: Decimal | None) -> str:
    """'12.5 %', or '–' when there is nothing to divide by."""
    return "–" if value is None else f"{value} %"
