"""Template helpers for attendance figures and the portal's attendance links."""

from django import template

from attendance.codes import BY_CODE, Outcome
from attendance.measures import rate_percent
from attendance.selectors import attendance_schools, import_schools

register = template.Library()


@register.filter
def attendance_rate(pupil) -> str:
    """'93.4 %' for a pupil annotated with measures; '–' when nothing was possible."""
    rate = rate_percent(pupil.attended, pupil.possible)
    return "–" if rate is None else f"{rate} %"


OUTCOME_CLASSES = {
    Outcome.ATTENDED: "attended",
    Outcome.AUTHORISED: "authorised",
    Outcome.UNAUTHORISED: "unauthorised",
    Outcome.NOT_POSSIBLE: "not-possible",
}


@register.filter
def code_outcome(code: str) -> str:
    """The register code's outcome as a class modifier, for its colour (the
    letter is always shown too); "none" for an empty session."""
    found = BY_CODE.get(code or "")
    return OUTCOME_CLASSES[found.outcome] if found else "none"


@register.simple_tag
def attendance_links(user) -> dict:
    """Which attendance pages the user may open, for the portal's navigation."""
    return {
        "lists": attendance_schools(user).exists(),
        "upload": import_schools(user).exists(),
    }
