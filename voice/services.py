"""Writing pupil-voice records. Checks the user's permission itself.

One function, ``voice_record``, used by the pages and the demo alike.
"""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cases.models import Case
from cases.permissions import can_open_case, can_record_on_case
from cases.selectors import visible_cases
from cases.services import case_lock, event_record
from schools.models import Pupil
from voice.answers import clean_answers
from voice.enums import VoiceEventKind, VoiceTool
from voice.images import CleanImage, clean_image
from voice.models import PupilVoice
from voice.selectors import open_case_for

MAX_TEXT = 10_000


def _validated(
    *,
    pupil: Pupil,
    tool: str,
    words: str,
    summary: str,
    recorded_on: date | None,
    answers,
    drawing,
) -> tuple[dict, CleanImage | None]:
    """The cleaned answers and image, or one ValidationError with every problem."""
    errors: dict[str, list[str]] = {}
    if tool not in VoiceTool.values:
        errors["tool"] = ["Choose the tool that was used."]
    if not words:
        errors["words"] = ["Write what the child said, in their own words."]
    elif len(words) > MAX_TEXT:
        errors["words"] = [f"Use at most {MAX_TEXT:,} characters."]
    if len(summary) > MAX_TEXT:
        errors["summary"] = [f"Use at most {MAX_TEXT:,} characters."]
    if recorded_on is None:
        errors["recorded_on"] = ["Give the date the child said it."]
    elif recorded_on > timezone.localdate():
        errors["recorded_on"] = ["The date cannot be in the future."]
    elif recorded_on < pupil.date_of_birth:
        errors["recorded_on"] = ["The date is before the child was born."]
    cleaned_answers: dict = {}
    if "tool" not in errors:
        try:
            cleaned_answers = clean_answers(tool, answers)
        except ValidationError as error:
            errors.update(error.message_dict)
    image = None
    if drawing:
        try:
            image = clean_image(drawing)
        except ValidationError as error:
            errors["drawing"] = error.messages
    if errors:
        raise ValidationError(errors)
    return cleaned_answers, image


@transaction.atomic
def voice_record(
    *,
    by: AbstractBaseUser,
    tool: str,
    words: str,
    recorded_on: date | None,
    case: Case | None = None,
    pupil: Pupil | None = None,
    summary: str = "",
    answers: dict | None = None,
    drawing=None,
) -> PupilVoice:
    """Record what the child said, on a case or (with no case) on the pupil.

    Give ``case``, or ``pupil`` alone for a pupil with no open case. Case
    records need ``can_record_on_case`` (the case row is locked); pupil records
    need a case-worker role at the pupil's school. ``answers`` must fit the
    tool (``voice.answers``); ``drawing`` is an uploaded file, checked and
    re-encoded by ``voice.images.clean_image``.

    Side effects: the record, its drawing in private storage, and on a case one
    ``voice.recorded`` chronology event. When anything is refused nothing is
    written and no file is left behind.
    """
    if (case is None) == (pupil is None):
        raise ValueError("Give a case, or a pupil with no case.")
    if case is not None:
        case = case_lock(case)
        if not can_record_on_case(by, case):
            raise PermissionDenied("You cannot record on this case.")
        pupil = case.pupil
    else:
        if not can_open_case(by, pupil):
            raise PermissionDenied(
                "Only the case workers of the pupil's school can record this."
            )
        if open_case_for(pupil, visible_cases(by)) is not None:
            raise ValidationError(
                f"{pupil.display_name} has an open case: record the child's voice "
                "on the case."
            )
    words = (words or "").strip()
    summary = (summary or "").strip()
    cleaned_answers, image = _validated(
        pupil=pupil,
        tool=tool,
        words=words,
        summary=summary,
        recorded_on=recorded_on,
        answers=answers,
        drawing=drawing,
    )
    voice = PupilVoice(
        pupil=pupil,
        case=case,
        tool=tool,
        recorded_on=recorded_on,
        recorded_by=by,
        words=words,
        summary=summary,
        answers=cleaned_answers,
    )
    if image is not None:
        voice.drawing_width, voice.drawing_height = image.width, image.height
        voice.drawing.save(
            f"drawing.{image.extension}", image.as_file("drawing"), save=False
        )
    try:
        with transaction.atomic():
            voice.save()
            if case is not None:
                event_record(
                    case=case,
                    kind=VoiceEventKind.VOICE_RECORDED,
                    by=by,
                    text=summary,
                    details={"voice": voice.pk, "label": voice.get_tool_display()},
                )
    except BaseException:
        if voice.drawing:
            voice.drawing.delete(save=False)
        raise
    return voice
