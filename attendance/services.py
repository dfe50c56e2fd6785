"""Writes staff make by hand on the attendance pages: a register amendment and
a first-day contact attempt. Each checks its rules, says what is wrong in
words, and writes everything or nothing. And the one write that deletes
register marks: their removal when the retention period is over.

Imports have their own writers (``register_import``, ``pupil_import``).
"""

from datetime import date, datetime, timedelta

import pgtrigger
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from attendance.codes import code_for, code_to_store, minutes_late_checked
from attendance.figures import figures_pupil_refresh
from attendance.models import (
    AbsenceContact,
    AmendmentForMis,
    MisState,
    RegisterAmendment,
    RegisterMark,
    RegisterRemoval,
)
from attendance.register_import import ImportedBy
from schools.models import CarerRelationship, Pupil, School
from schools.retention import REGISTER_YEARS, latest_due_start

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


# The append-only triggers the retention removal sets aside, for its own
# deletes only; every other DELETE of a mark or an amendment is still refused.
REMOVAL_TRIGGERS = (
    "attendance.RegisterMark:register_mark_no_delete",
    "attendance.RegisterAmendment:register_amendment_append_only",
)


@transaction.atomic
def register_marks_remove(
    *, school: School, today: date, by: AbstractBaseUser
) -> RegisterRemoval | None:
    """Delete the school's register marks whose 6 years are over on ``today``,
    with their amendments and MIS entries, and record the removal.

    ``by`` must be an active superuser: the removal is run by the people who
    run the installation, from ``manage.py apply_retention --purge``. Returns
    None, writing nothing, when nothing is due.

    Side effects, in one transaction: deletes the marks, their amendments and
    their AmendmentForMis rows (the append-only triggers on marks and
    amendments are set aside for these statements only, ``pgtrigger.ignore``);
    writes one ``RegisterRemoval`` with the counts, the dates and who ran it.
    """
    if not (by.is_active and by.is_superuser):
        raise ValidationError("Only an active superuser can remove register marks.")
    # Two removals for one school at once: the second waits, then finds none.
    School.objects.select_for_update().filter(pk=school.pk).first()
    cutoff = latest_due_start(today=today, years=REGISTER_YEARS)
    marks = RegisterMark.objects.filter(school=school, date__lte=cutoff)
    span = marks.aggregate(count=Count("pk"), earliest=Min("date"), latest=Max("date"))
    if not span["count"]:
        return None
    mark_ids = marks.values("pk")
    # _raw_delete: one DELETE each, without loading every row into memory as
    # Django's collector would (a school's year of marks is ~600,000 rows);
    # the foreign keys are checked by the database.
    mis = AmendmentForMis.objects.filter(
        Q(mark__in=mark_ids) | Q(amendment__mark__in=mark_ids)
    )
    with pgtrigger.ignore(*REMOVAL_TRIGGERS):
        mis_entries = mis._raw_delete(mis.db)
        amendments = RegisterAmendment.objects.filter(mark__in=mark_ids)
        amendment_count = amendments._raw_delete(amendments.db)
        mark_count = marks._raw_delete(marks.db)
    return RegisterRemoval.objects.create(
        school=school,
        entries_up_to=cutoff,
        earliest_entry=span["earliest"],
        latest_entry=span["latest"],
        marks=mark_count,
        amendments=amendment_count,
        mis_entries=mis_entries,
        removed_by=by,
        removed_by_name=by.get_full_name() or by.get_username(),
    )
