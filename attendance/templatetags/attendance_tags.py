"""Template helpers for attendance figures and the portal's attendance links."""

from django import template

from attendance.measures import rate_percent
from attendance.selectors import attendance_schools, import_schools

register = template.Library()


@register.filter
def attendance_rate(pupil) -> str:
    """'93.4 %' for a pupil annotated with measures; '–' when nothing was possible."""
    rate = rate_percent(pupil.attended, pupil.possible)
    return "–" if rate is None else f"{rate} %"


@register.simple_tag
def attendance_links(user) -> dict:
    """Which attendance pages the user may open, for the portal's navigation."""
    return {
        "lists": attendance_schools(user).exists(),
        "upload": import_schools(user).exists(),
    }
