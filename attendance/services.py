"""Writes staff make by hand on the attendance pages: a register amendment and
a first-day contact attempt. Each checks its rules, says what is wrong in
words, and writes everything or nothing.

Imports have their own writers (``register_import``, ``pupil_import``).
"""

from datetime import date, datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from attendance.codes import code_for, code_to_store, minutes_late_checked
from attendance.figures import figures_pupil_refresh
from attendance.models import (
    AbsenceContact,
    AmendmentForMis,
    MisState,
    RegisterAmendment,
    RegisterMark,
)
from attendance.register_import import ImportedBy
from schools.models import CarerRelationship, Pupil

# A clock a few minutes fast on a phone should not refuse a contact just made.
CLOCK_SLACK = timedelta(minutes=10)


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


@transaction.atomic
def mark_amend(
    *,
    mark: RegisterMark,
    code: str,
    reason: str,
    amender: ImportedBy,
    minutes_late: int | None = None,
    today: date | None = None,
) -> RegisterAmendment:
    """Change one register mark by hand, keeping the statutory record.

    Side effects: a ``RegisterAmendment`` (original and new entry, reason,
    when, the amender's name and position), the mark changed, an
    ``AmendmentForMis`` to enter in the MIS (one still open for the mark is
    superseded), and the pupil's list figures recomputed.
    """
    today = today or timezone.localdate()
    position = _required(
        amender.position,
        "position",
        "Enter your position (for example: attendance officer). The law "
        "requires the name and position of whoever amends a register.",
    )
    reason = _required(
        reason,
        "reason",
        "Give the reason for the change, for example: mother phoned at 9:10, illness.",
    )
    code = (code or "").strip().upper()
    code, problem = code_to_store(code, mark.session)
    if problem:
        raise ValidationError({"code": problem})
    raw_minutes = "" if minutes_late is None else str(minutes_late)
    minutes_late, problem = minutes_late_checked(raw_minutes, code)
    if problem:
        raise ValidationError({"minutes_late": problem})

    mark = RegisterMark.objects.select_for_update().get(pk=mark.pk)
    if mark.date > today:
        raise ValidationError("A mark for a future day cannot be amended.")
    if (mark.code, mark.minutes_late) == (code, minutes_late):
        raise ValidationError(
            {"code": f"The mark is already {code} ({code_for(code).meaning})."}
        )
    amendment = RegisterAmendment.objects.create(
        mark=mark,
        original_code=mark.code,
        new_code=code,
        original_minutes_late=mark.minutes_late,
        new_minutes_late=minutes_late,
        reason=reason[:255],
        amended_at=timezone.now(),
        amended_by=amender.user,
        amended_by_name=amender.name[:160],
        amended_by_position=position[:160],
    )
    mark.code, mark.minutes_late = code, minutes_late
    mark.save(update_fields=["code", "minutes_late"])
    AmendmentForMis.objects.filter(mark=mark, state=MisState.TO_ENTER).update(
        state=MisState.SUPERSEDED
    )
    AmendmentForMis.objects.create(amendment=amendment, mark=mark, school=mark.school)
    figures_pupil_refresh(school=mark.school, pupil_id=mark.pupil_id, as_of=today)
    return amendment


def absence_contact_record(
    *,
    pupil: Pupil,
    absence_date: date,
    relationship: CarerRelationship | None,
    contact_name: str,
    method: str,
    attempted_at: datetime,
    reached: bool,
    reason_given: str,
    recorded_by: AbstractBaseUser,
) -> AbsenceContact:
    """Record one attempt to reach a pupil's family about an absence.

    ``relationship`` is one of the pupil's parents or carers, or None for
    someone else, named in ``contact_name``. Side effect: one AbsenceContact.
    """
    now = timezone.now()
    if absence_date > timezone.localdate(now):
        raise ValidationError({"absence_date": "The day of the absence is ahead."})
    if attempted_at > now + CLOCK_SLACK:
        raise ValidationError({"attempted_at": "The time of the contact is ahead."})
    if relationship is not None:
        if relationship.pupil_id != pupil.pk:
            raise ValidationError(
                {"relationship": "This person is not one of the pupil's contacts."}
            )
        if not relationship.may_contact:
            why = relationship.contact_restriction or "no reason recorded"
            raise ValidationError(
                {
                    "relationship": f"{relationship.parent_carer} must not be "
                    f"contacted about this pupil ({why})."
                }
            )
        contact_name = str(relationship.parent_carer)
    contact_name = _required(
        contact_name, "contact_name", "Say who was contacted (name and relation)."
    )
    reason_given = (reason_given or "").strip()
    return AbsenceContact.objects.create(
        pupil=pupil,
        school=pupil.school,
        absence_date=absence_date,
        parent_carer=relationship.parent_carer if relationship else None,
        contact_name=contact_name[:160],
        method=method,
        attempted_at=attempted_at,
        reached=reached,
        reason_given=reason_given,
        recorded_by=recorded_by,
        recorded_by_name=(recorded_by.get_full_name() or recorded_by.get_username())[
            :160
        ],
        recorded_at=now,
    )
