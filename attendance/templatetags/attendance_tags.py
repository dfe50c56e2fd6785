"""Template helpers for attendance figures and the portal's attendance links."""

from django import template

from attendance.codes import BY_CODE, Outcome
from attendance.measures import rate_percent
from schools.permissions import school_permissions_held
from schools.roles import IMPORT_REGISTERS, VIEW_ATTENDANCE

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


def held_school_permissions(context, user) -> frozenset[str]:
    """The user's school permissions (``school_permissions_held``), from the
    user's roles, which ``schools.permissions`` reads once per request however
    many navigation links ask."""
    return school_permissions_held(user)


@register.simple_tag(takes_context=True)
def attendance_links(context, user) -> dict:
    """Which attendance pages the user may open, for the portal's navigation."""
    held = held_school_permissions(context, user)
    return {"lists": VIEW_ATTENDANCE in held, "upload": IMPORT_REGISTERS in held}
