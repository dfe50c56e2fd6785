"""apply_retention: the dry run lists, per school, what each rule makes due;
--purge removes only the register marks due, records it, and leaves the
append-only triggers in force for everything else."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from attendance.models import (
    AmendmentForMis,
    RegisterAmendment,
    RegisterMark,
    RegisterRemoval,
)
from cases.enums import ClosureReason, Stage
from cases.models import Case, CaseEvent, CaseRemoval, ChecklistTick
from safeguarding.enums import NoteCategory
from safeguarding.models import RestrictedNote
from tests.factories import PupilFactory, SchoolFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 12, 4)  # marks dated on or before 4 Dec 2020 are due

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="The append-only triggers are PostgreSQL's (django-pgtrigger); CI runs "
    "this test on PostgreSQL.",
)


@pytest.fixture
def today():
    with time_machine.travel(datetime(2026, 12, 4, 9, 0, tzinfo=LONDON), tick=False):
        yield TODAY


@pytest.fixture
def old(db):
    """A school with marks either side of the cutoff, an amendment (entered
    in the MIS list) on a due mark, a safeguarding note about a pupil who is 25
    today, a case closed 6 years ago today and one closed a day later."""
    school = SchoolFactory(name="Aldgate Retention School")
    pupil = PupilFactory(school=school, date_of_birth=date(2001, 12, 4))
    younger = PupilFactory(school=school, date_of_birth=date(2001, 12, 5))
    admin = UserFactory(username="ops", is_superuser=True, first_name="Olu")
    marks = {
        (day, session): RegisterMark.objects.create(
            pupil=pupil, school=school, date=day, session=session, code="/"
        )
        for day in (date(2020, 12, 3), date(2020, 12, 4), date(2020, 12, 7))
        for session in ("AM", "PM")
    }
    amendment = RegisterAmendment.objects.create(
        mark=marks[date(2020, 12, 4), "AM"],
        original_code="N",
        new_code="/",
        reason="Arrived, not marked",
        amended_at=datetime(2020, 12, 4, 10, tzinfo=LONDON),
        amended_by=admin,
        amended_by_name="Olu",
    )
    AmendmentForMis.objects.create(
        amendment=amendment, mark=amendment.mark, school=school
    )
    note = RestrictedNote.objects.create(
        pupil=pupil, created_by=admin, category=NoteCategory.NEGLECT, text="Seen"
    )
    RestrictedNote.objects.create(
        pupil=younger, created_by=admin, category=NoteCategory.NEGLECT, text="Not yet"
    )
    cases = [
        Case.objects.create(
            pupil=who,
            school=school,
            stage=Stage.CLOSED,
            opened_by=admin,
            opened_at=datetime(2019, 1, 7, 9, tzinfo=LONDON),
            closed_at=closed_at,
            closure_reason=ClosureReason.IMPROVED,
        )
        for who, closed_at in [
            (pupil, datetime(2020, 12, 4, 23, 30, tzinfo=LONDON)),
            (younger, datetime(2020, 12, 5, 0, 30, tzinfo=LONDON)),
        ]
    ]
    return school, pupil, admin, marks, note, cases


def run(**options) -> list[str]:
    out = io.StringIO()
    call_command("apply_retention", stdout=out, **options)
    return out.getvalue().splitlines()


def test_the_dry_run_lists_what_is_due_per_school_and_removes_nothing(today, old):
    school, pupil, _, _, note, cases = old
    lines = run()
    assert lines[0] == (
        "Retention on 2026-12-04, dry run: nothing is removed "
        "(--purge removes the register marks and closed cases)."
    )
    assert [line for line in lines if school.name in line] == [
        f"  {school.name}: 4 marks (2020-12-03 to 2020-12-04), 1 amendments, "
        "1 MIS entries would be removed.",
        f"  {school.name}: 1 items for review: {note.pk} (pupil {pupil.pk}).",
        f"  {school.name}: 1 cases would be removed: {cases[0].pk} (1 rows).",
    ]
    assert RegisterMark.objects.filter(school=school).count() == 6
    assert not RegisterRemoval.objects.exists()


def test_purging_removes_the_due_marks_with_their_amendments_and_records_it(today, old):
    school, _, admin, marks, note, cases = old
    lines = run(purge=True, by="ops")
    removal = RegisterRemoval.objects.get()
    case_removal = CaseRemoval.objects.get()
    assert [line for line in lines if "Removed" in line] == [
        f"  Removed from {school.name}: 4 marks, 1 amendments, 1 MIS entries "
        f"(removal record {removal.pk}, by Olu).",
        f"  Removed case {cases[0].pk} of {school.name}: 1 rows "
        f"(removal record {case_removal.pk}, by Olu).",
    ]
    assert set(
        RegisterMark.objects.filter(school=school).values_list("date", "session")
    ) == {(date(2020, 12, 7), "AM"), (date(2020, 12, 7), "PM")}
    assert not RegisterAmendment.objects.filter(mark__school=school).exists()
    assert not AmendmentForMis.objects.filter(school=school).exists()
    assert (
        removal.school,
        removal.entries_up_to,
        removal.earliest_entry,
        removal.latest_entry,
        removal.marks,
        removal.amendments,
        removal.mis_entries,
        removal.removed_by,
        removal.removed_by_name,
    ) == (
        school,
        date(2020, 12, 4),
        date(2020, 12, 3),
        date(2020, 12, 4),
        4,
        1,
        1,
        admin,
        "Olu",
    )
    # Flagged, never removed.
    assert RestrictedNote.objects.filter(pk=note.pk).exists()
    # The case closed 6 years ago today went; the one closed a day later stays.
    assert list(Case.objects.filter(pk__in=[c.pk for c in cases])) == [cases[1]]
    # A second run finds nothing and records nothing.
    assert "  None due." in run(purge=True, by="ops")
    assert RegisterRemoval.objects.count() == 1


@pytest.mark.parametrize(
    ("by", "message"),
    [
        (None, "--purge needs --by USERNAME"),
        ("clerk", "clerk is not an active superuser"),
        ("gone", "gone is not an active superuser"),
    ],
)
def test_only_a_named_active_superuser_can_purge(today, old, by, message):
    UserFactory(username="clerk", is_staff=True)
    UserFactory(username="gone", is_superuser=True, is_active=False)
    with pytest.raises(CommandError, match=message):
        run(purge=True, by=by)
    assert RegisterMark.objects.filter(school=old[0]).count() == 6
    assert not RegisterRemoval.objects.exists()


def test_the_closed_case_period_is_the_setting(today, old, settings):
    school, _, _, _, _, cases = old
    settings.CLOSED_CASE_RETENTION_YEARS = 7
    assert [
        line for line in run() if "would be removed: " in line and "rows" in line
    ] == []
    settings.CLOSED_CASE_RETENTION_YEARS = 0
    with pytest.raises(CommandError, match="at least 1"):
        run()


def test_the_removal_record_is_permanent_in_the_application(today, old):
    run(purge=True, by="ops")
    removal = RegisterRemoval.objects.get()
    with pytest.raises(ValidationError):
        removal.delete()
    with pytest.raises(ValidationError):
        RegisterRemoval.objects.update(marks=0)


@on_postgresql
@pytest.mark.parametrize(
    ("sql", "which"),
    [
        ("DELETE FROM attendance_registermark WHERE id = %s", "plain"),
        ("DELETE FROM attendance_registeramendment WHERE mark_id = %s", "amended"),
        (
            "UPDATE attendance_registeramendment SET reason = 'x' WHERE mark_id = %s",
            "amended",
        ),
    ],
)
def test_after_a_purge_postgresql_still_refuses_other_deletes(today, old, sql, which):
    """The trigger refuses, not a foreign key: the mark deleted has nothing
    pointing at it."""
    school = old[0]
    run(purge=True, by="ops")
    amended, plain = RegisterMark.objects.filter(school=school).order_by("session")
    RegisterAmendment.objects.create(
        mark=amended,
        original_code="N",
        new_code="/",
        reason="Late note",
        amended_at=datetime(2026, 12, 4, 8, tzinfo=LONDON),
        amended_by_name="Olu",
    )
    target = {"amended": amended, "plain": plain}[which]
    with (
        pytest.raises(DatabaseError, match="pgtrigger: Cannot"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [target.pk])
    with pytest.raises(DatabaseError, match="pgtrigger: Cannot"), transaction.atomic():
        RegisterMark.objects.filter(pk=plain.pk).delete()
    assert RegisterMark.objects.filter(school=school).count() == 2
    assert RegisterAmendment.objects.get(mark=amended).reason == "Late note"


@on_postgresql
@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM attendance_registerremoval",
        "UPDATE attendance_registerremoval SET marks = 0",
    ],
)
def test_postgresql_refuses_to_change_a_removal_record(today, old, sql):
    run(purge=True, by="ops")
    with (
        pytest.raises(DatabaseError, match="pgtrigger: Cannot"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert RegisterRemoval.objects.get().marks == 4


# --- Closed cases -------------------------------------------------------------


def test_a_closed_case_goes_with_its_records_and_the_removal_is_recorded(today, old):
    school, pupil, admin, _, _, cases = old
    gone, stays = cases
    for case in cases:
        CaseEvent.objects.create(case=case, kind="case.note", recorded_by=admin)
    ChecklistTick.objects.create(
        case=gone, item="siblings", note="On file", ticked_by=admin
    )
    run(purge=True, by="ops")
    assert not Case.objects.filter(pk=gone.pk).exists()
    assert not CaseEvent.objects.filter(case_id=gone.pk).exists()
    assert not ChecklistTick.objects.filter(case_id=gone.pk).exists()
    # Everything else stays: the other case, the pupil, the recent marks.
    assert CaseEvent.objects.filter(case=stays).count() == 1
    assert pupil.__class__.objects.filter(pk=pupil.pk).exists()
    assert RegisterMark.objects.filter(pupil=pupil).count() == 2
    removal = CaseRemoval.objects.get()
    assert (removal.case_number, removal.school, removal.removed_by) == (
        gone.pk,
        school,
        admin,
    )
    assert removal.rows == {
        "cases.case": 1,
        "cases.caseevent": 1,
        "cases.checklisttick": 1,
    }
    with pytest.raises(ValidationError):
        removal.delete()


def test_a_case_a_restricted_record_refers_to_is_kept(today, old):
    _, pupil, admin, _, _, cases = old
    RestrictedNote.objects.create(
        pupil=pupil,
        case=cases[0],
        created_by=admin,
        category=NoteCategory.NEGLECT,
        text="Kept till 25",
    )
    lines = run(purge=True, by="ops")
    kept = [line for line in lines if " kept: " in line]
    assert kept == [
        f"  Aldgate Retention School: case {cases[0].pk} kept: restricted "
        "items refer to it."
    ]
    assert Case.objects.filter(pk=cases[0].pk).exists()
    assert not CaseRemoval.objects.exists()


@on_postgresql
def test_after_a_case_purge_postgresql_still_refuses_chronology_deletes(today, old):
    _, _, admin, _, _, cases = old
    kept = CaseEvent.objects.create(case=cases[1], kind="case.note", recorded_by=admin)
    run(purge=True, by="ops")
    with (
        pytest.raises(DatabaseError, match="pgtrigger: Cannot"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM cases_caseevent WHERE id = %s", [kept.pk])
    with (
        pytest.raises(DatabaseError, match="pgtrigger: Cannot"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM cases_caseremoval")


def test_a_demo_case_goes_whole_across_every_app_with_its_files(today, monkeypatch):
    """A demo case with a plan, meetings, letters (PDFs in private storage),
    pupil voice and its chronology, closed long ago: every row that hangs off
    it goes, its files too once the removal commits, and the database's
    foreign keys still hold."""
    from django.test import TestCase

    from letters.models import SentLetter
    from portal.retention import case_blockers, case_remove, case_rows
    from schools.private_storage import PrivateMediaStorage

    admin = UserFactory(username="ops2", is_superuser=True)
    candidates = [
        case
        for case in Case.objects.exclude(stage=Stage.CLOSED).order_by("pk")
        if not case_blockers(case_rows(case))
    ]
    case = max(candidates, key=lambda c: sum(map(len, case_rows(c).values())))
    Case.objects.filter(pk=case.pk).update(
        stage=Stage.CLOSED,
        closed_at=datetime(2019, 7, 19, 15, tzinfo=LONDON),
        closure_reason=ClosureReason.IMPROVED,
    )
    found = case_rows(case)
    labels = {model._meta.label_lower for model in found}
    assert {"cases.caseevent", "letters.sentletter", "plans.plan"} <= labels
    stored = sorted(
        letter.pdf.name
        for letter in SentLetter.objects.filter(pk__in=found[SentLetter])
        if letter.pdf
    )
    assert stored
    # The shared demo's files must survive this test (its rows are rolled
    # back): record what would be deleted instead of deleting it.
    deleted = []
    monkeypatch.setattr(
        PrivateMediaStorage, "delete", lambda _, name: deleted.append(name)
    )
    with TestCase.captureOnCommitCallbacks(execute=False) as on_commit:
        removal = case_remove(case=case, today=TODAY, years=6, by=admin)
    assert deleted == []  # nothing leaves storage before the commit
    for callback in on_commit:
        callback()
    assert removal is not None
    for model, pks in found.items():
        assert not model._base_manager.filter(pk__in=pks).exists(), model
    assert removal.rows == {
        model._meta.label_lower: len(pks) for model, pks in found.items()
    }
    connection.check_constraints()
    assert set(stored) <= set(deleted)
