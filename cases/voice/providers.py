"""Checklist evidence from pupil voice: the ``child_voice`` item."""

from django.utils import timezone
from django.utils.formats import date_format

from cases.checklist import Evidence, register_provider
from cases.models import Case
from cases.voice.selectors import TERM, voice_since


@register_provider("child_voice")
def child_voice_this_term(case: Case) -> Evidence | None:
    """A voice record on the case made with the child in the last term.

    "The last term" is the last 12 weeks: counted from the day the child said
    it (``recorded_on``), today included.
    """
    voice = voice_since(case, timezone.localdate() - TERM)
    if voice is None:
        return None
    by = voice.recorded_by
    return Evidence(
        summary=(
            f"{voice.get_tool_display()} with the child on "
            f"{date_format(voice.recorded_on, 'j F Y')}: the child's voice counts "
            "when recorded in the last term, taken as the last 12 weeks."
        ),
        url=voice.get_absolute_url(),
        recorded_by=by.get_full_name() or by.get_username(),
        recorded_at=voice.created_at,
    )
