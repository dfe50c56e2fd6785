"""What the voice app adds to the case core, registered when the app is ready:
its chronology kinds, the case page's "Pupil voice" panel, and checklist
evidence for the ``child_voice`` item."""

from django.utils import timezone
from django.utils.formats import date_format

from cases.checklist import Evidence, Shortfall, register_provider
from cases.events import register_event_kinds
from cases.models import Case
from cases.panels import register_case_panel
from voice.enums import VoiceEventKind
from voice.panels import case_panel
from voice.selectors import TERM, case_voice_records, voice_since


@register_provider("child_voice")
def child_voice_this_term(case: Case) -> Evidence | Shortfall | None:
    """A voice record on the case made with the child in the last term.

    "The last term" is the last 12 weeks: counted from the day the child said
    it (``recorded_on``), today included. An older record is a shortfall that
    says from which date a new one counts.
    """
    counts_from = timezone.localdate() - TERM
    voice = voice_since(case, counts_from)
    if voice is None:
        latest = case_voice_records(case).first()
        if latest is None:
            return None
        return Shortfall(
            summary=(
                f"The latest record of the child's voice, "
                f"{date_format(latest.recorded_on, 'j F Y')}, is too old to "
                "count: only a record made in the last 12 weeks counts, so one "
                f"made on or after {date_format(counts_from, 'j F Y')}."
            ),
            url=latest.get_absolute_url(),
        )
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


register_event_kinds(VoiceEventKind)
register_case_panel(case_panel, place="work")
