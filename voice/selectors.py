"""Reads for pupil voice. The case or pupil is loaded (and checked) by the caller."""

from datetime import date, timedelta

from django.db.models import QuerySet

from cases.enums import Stage
from cases.models import Case
from schools.models import Pupil
from voice.models import PupilVoice

# "The last term" for the checklist: the last 12 weeks.
TERM = timedelta(weeks=12)
NEWEST_FIRST = ("-recorded_on", "-created_at", "-pk")


def case_voice_records(case: Case) -> QuerySet[PupilVoice]:
    """A case's voice records, newest first, with who recorded each (one query)."""
    return (
        PupilVoice.objects.filter(case=case)
        .select_related("recorded_by")
        .order_by(*NEWEST_FIRST)
    )


def pupil_voice_records(pupil: Pupil) -> QuerySet[PupilVoice]:
    """A pupil's voice records that belong to no case, newest first."""
    return (
        PupilVoice.objects.filter(pupil=pupil, case__isnull=True)
        .select_related("recorded_by")
        .order_by(*NEWEST_FIRST)
    )


def latest_voice(case: Case) -> PupilVoice | None:
    """The case's most recent voice record (by the day the child said it)."""
    return case_voice_records(case).first()


def voice_since(case: Case, since: date) -> PupilVoice | None:
    """The case's most recent record made with the child on or after ``since``."""
    return case_voice_records(case).filter(recorded_on__gte=since).first()


def open_case_for(pupil: Pupil, cases: QuerySet[Case]) -> Case | None:
    """The pupil's open case among ``cases`` (pass the user's visible cases)."""
    return cases.filter(pupil=pupil).exclude(stage=Stage.CLOSED).first()
