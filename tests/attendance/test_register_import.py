"""Importing register marks: every validation rule names its row, a bad file
changes nothing, a second import of the same file changes nothing, and a changed
code becomes an amendment with its reason.
"""

import pytest

from attendance.models import ImportRun, RegisterAmendment, RegisterMark
from tests.attendance.conftest import csv_file
from tests.factories import PupilFactory, SchoolFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

HEADER = "upn,date,session,code,minutes_late"
# The session's demo has registers of its own; these tests look only at theirs.
DEMO_URNS = ["900001", "900002", "900003", "900004"]


def marks():
    return RegisterMark.objects.exclude(school__urn__in=DEMO_URNS)


def amendments():
    return RegisterAmendment.objects.exclude(mark__school__urn__in=DEMO_URNS)


def runs():
    return ImportRun.objects.exclude(school__urn__in=DEMO_URNS)


def marks_now():
    return sorted(
        marks().values_list("pupil__upn", "date", "session", "code", "minutes_late")
    )


def test_good_file_is_imported(pupils, import_marks):
    a, b = pupils[0].upn, pupils[1].upn
    report = import_marks(
        HEADER,
        f"{a},2025-11-17,AM,/,",
        f"{a},2025-11-17,PM,L,12",
        f"{b},2025-11-17,AM,N,",
    )
    assert report.errors == []
    assert (report.imported, report.created, report.amended, report.unchanged) == (
        True,
        3,
        0,
        0,
    )
    assert [(m[2], m[3], m[4]) for m in marks_now() if m[0] == a] == [
        ("AM", "/", None),
        ("PM", "L", 12),
    ]
    run = runs().get(pk=report.run_id)
    assert (run.rows_read, run.created, run.run_by_name) == (3, 3, "Test Officer")


def test_importing_the_same_file_twice_changes_nothing(pupils, import_marks):
    lines = [HEADER] + [
        f"{pupil.upn},2025-11-{day},{session},/,".replace(",PM,/", ",PM,\\")
        for pupil in pupils
        for day in (17, 18)
        for session in ("AM", "PM")
    ]
    first = import_marks(*lines)
    before = marks_now()
    second = import_marks(*lines)
    assert (first.created, second.created, second.amended, second.unchanged) == (
        12,
        0,
        0,
        12,
    )
    assert marks_now() == before
    assert amendments().count() == 0


def test_a_changed_code_becomes_one_amendment_with_the_reason(pupils, import_marks):
    upn = pupils[0].upn
    import_marks(HEADER, f"{upn},2025-11-17,AM,N,", f"{upn},2025-11-17,PM,\\,")
    report = import_marks(
        HEADER,
        f"{upn},2025-11-17,AM,M,",
        f"{upn},2025-11-17,PM,\\,",
        reason="Dental appointment letter received",
    )
    assert (report.created, report.amended, report.unchanged) == (0, 1, 1)
    (amendment,) = amendments().all()
    assert (amendment.original_code, amendment.new_code) == ("N", "M")
    assert amendment.reason == "Dental appointment letter received"
    assert (amendment.amended_by_name, amendment.amended_by_position) == (
        "Test Officer",
        "Attendance officer",
    )
    assert amendment.import_run_id == report.run_id
    assert amendment.mark.code == "M"


def test_default_amendment_reason_names_the_file(pupils, import_marks):
    upn = pupils[0].upn
    import_marks(HEADER, f"{upn},2025-11-17,AM,N,")
    import_marks(HEADER, f"{upn},2025-11-17,AM,I,", file_name="autumn.csv")
    assert amendments().get().reason.startswith("import autumn.csv ")


def test_a_change_of_minutes_late_alone_is_an_amendment(pupils, import_marks):
    upn = pupils[0].upn
    import_marks(HEADER, f"{upn},2025-11-17,AM,L,5")
    report = import_marks(HEADER, f"{upn},2025-11-17,AM,L,15")
    assert report.amended == 1
    amendment = amendments().get()
    assert (amendment.original_minutes_late, amendment.new_minutes_late) == (5, 15)


@pytest.mark.parametrize(
    ("row", "field", "reason"),
    [
        ("{upn},2025-11-17,AM,Q7,", "code", "This is not a national attendance code."),
        ("{upn},2025-11-17,AM,,", "code", "The code is missing."),
        ("{upn},2025-11-17,AM,H,", "code", "retired code with no current"),
        ("{upn},2025-11-17,AM,Y,", "code", "retired code with no current"),
        ("{upn},2025-11-17,PM,/,", "code", "/ is only for the AM session."),
        ("{upn},2025-11-17,AM,\\,", "code", "\\ is only for the PM session."),
        ("{upn},17/11/2025,AM,/,", "date", "YYYY-MM-DD"),
        ("{upn},2025-02-30,AM,/,", "date", "There is no such date."),
        ("{upn},2025-12-01,AM,/,", "date", "The date is in the future"),
        ("{upn},2025-11-17,EVE,/,", "session", "The session must be AM or PM."),
        ("{upn},2025-11-17,AM,/,5", "minutes_late", "only with code L or U"),
        ("{upn},2025-11-17,AM,L,ten", "minutes_late", "whole number"),
        ("B00000000000A,2025-11-17,AM,/,", "upn", "check letter"),
        (",2025-11-17,AM,/,", "upn", "The UPN is missing."),
        ("{stranger},2025-11-17,AM,/,", "upn", "No pupil with this UPN is on roll"),
    ],
)
def test_each_rule_names_the_row_field_and_reason(
    pupils, import_marks, row, field, reason
):
    stranger = PupilFactory(school=SchoolFactory()).upn
    good = f"{pupils[1].upn},2025-11-17,AM,/,"
    report = import_marks(
        HEADER, good, row.format(upn=pupils[0].upn, stranger=stranger)
    )
    assert not report.imported
    assert len(report.errors) == 1
    (error,) = report.errors
    assert (error.line, error.field) == (3, field)
    assert reason in error.reason
    assert marks().count() == 0
    assert runs().count() == 0


def test_retired_j_is_imported_as_j1_and_said(pupils, import_marks):
    report = import_marks(HEADER, f"{pupils[0].upn},2025-11-17,AM,J,")
    assert report.imported
    assert marks().get().code == "J1"
    assert report.notes == [
        "1 row(s) used the retired code J (Interview (before 2024)); imported as J1."
    ]


def test_conflicting_duplicate_rows_are_both_named(pupils, import_marks):
    upn = pupils[0].upn
    report = import_marks(
        HEADER,
        f"{upn},2025-11-17,AM,/,",
        f"{upn},2025-11-17,PM,\\,",
        f"{upn},2025-11-17,AM,N,",
    )
    assert not report.imported
    assert [(e.line, e.field, e.value) for e in report.errors] == [
        (2, "code", "/"),
        (4, "code", "N"),
    ]
    assert "line 4 has N" in report.errors[0].reason


def test_identical_duplicate_rows_are_one_mark(pupils, import_marks):
    upn = pupils[0].upn
    report = import_marks(HEADER, f"{upn},2025-11-17,AM,/,", f"{upn},2025-11-17,AM,/,")
    assert report.imported
    assert (report.created, report.unchanged) == (1, 0)
    assert marks().count() == 1


def test_every_bad_row_is_listed_and_nothing_is_written(pupils, import_marks):
    upn = pupils[0].upn
    import_marks(HEADER, f"{upn},2025-11-17,AM,N,")
    before = marks_now()
    report = import_marks(
        HEADER,
        f"{upn},2025-11-17,AM,M,",  # a good amendment, not applied
        f"{upn},2025-11-18,AM,XX,",
        f"{upn},2025-11-18,PM,/,",
        f"{upn},2025-13-01,AM,/,",
    )
    assert not report.imported
    assert [e.line for e in report.errors] == [3, 4, 5]
    assert marks_now() == before
    assert amendments().count() == 0
    assert runs().count() == 1  # the first, good import only


def test_skip_invalid_imports_the_good_rows_and_lists_the_rest(pupils, import_marks):
    upn = pupils[0].upn
    report = import_marks(
        HEADER,
        f"{upn},2025-11-17,AM,/,",
        f"{upn},2025-11-17,PM,/,",
        f"{upn},2025-11-18,AM,N,",
        f"{upn},2025-11-18,AM,O,",
        skip_invalid=True,
    )
    assert report.imported
    assert report.created == 1
    assert sorted(e.line for e in report.errors) == [3, 4, 5]
    assert marks_now() == [(upn, *marks_now()[0][1:])]
    assert runs().get().rows_rejected == 3


def test_marks_cannot_be_imported_into_another_schools_pupils(pupils, import_marks):
    other_school = SchoolFactory()
    report = import_marks(
        HEADER, f"{pupils[0].upn},2025-11-17,AM,/,", into=other_school
    )
    assert not report.imported
    assert report.errors[0].reason == (
        f"No pupil with this UPN is on roll at {other_school.name}."
    )


@pytest.mark.parametrize(
    ("content", "field", "reason"),
    [
        (b"", "file", "The file is empty."),
        (b"upn,date,code\n", "header", "Missing column(s): session."),
        (b"upn,date,session,code,code\n", "header", "more than once"),
        (b"upn,date,session,code\n\xff\xfe,x,y,z\n", "file", "not UTF-8"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(school, content, field, reason):
    import io

    from attendance.register_import import marks_import
    from tests.attendance.conftest import OFFICER, TODAY

    report = marks_import(
        io.BytesIO(content),
        school=school,
        file_name="bad.csv",
        imported_by=OFFICER,
        today=TODAY,
    )
    assert not report.imported
    (error,) = report.errors
    assert error.field == field
    assert reason in error.reason


def test_columns_may_come_in_any_order_with_extra_columns(pupils, import_marks):
    report = import_marks(
        "Code,Session,UPN,Name,Date",
        f"N,AM,{pupils[0].upn},Someone,2025-11-17",
    )
    assert report.imported
    assert marks_now() == [(pupils[0].upn, *marks_now()[0][1:3], "N", None)]


def test_csv_file_helper_is_bytes():
    assert csv_file("a", "b").read() == b"a\nb\n"


def test_amendments_cannot_be_changed_or_deleted_even_in_sql(pupils, import_marks):
    from django.core.exceptions import ValidationError
    from django.db import DatabaseError, connection, transaction

    upn = pupils[0].upn
    import_marks(HEADER, f"{upn},2025-11-17,AM,N,")
    import_marks(HEADER, f"{upn},2025-11-17,AM,I,", reason="Parent phoned")
    amendment = amendments().get(mark__pupil=pupils[0])

    with pytest.raises(ValidationError):
        amendment.save()
    with pytest.raises(ValidationError):
        amendments().filter(pk=amendment.pk).delete()
    refused = [
        "UPDATE attendance_registeramendment SET reason = 'changed' WHERE id = %s"
    ]
    if connection.vendor == "postgresql":  # SQLite keeps row deletes for flush
        refused.append("DELETE FROM attendance_registeramendment WHERE id = %s")
    for sql in refused:
        with pytest.raises(DatabaseError), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [amendment.pk])
    assert amendments().get(pk=amendment.pk).reason == "Parent phoned"


def test_unicode_digits_are_refused_not_a_crash(pupils, import_marks):
    upn = pupils[0].upn
    report = import_marks(
        HEADER, f"{upn},2025-11-17,AM,L,²", f"{upn},２０２５-11-17,PM,\\,"
    )
    assert not report.imported
    assert [(e.line, e.field) for e in report.errors] == [
        (2, "minutes_late"),
        (3, "date"),
    ]
    assert "YYYY-MM-DD" in report.errors[1].reason


def test_a_session_on_another_schools_register_is_named_not_overwritten(
    school, pupils, import_marks
):
    """A pupil who moved: the old school's mark stands."""
    pupil = pupils[0]
    old_school = SchoolFactory()
    RegisterMark.objects.create(
        pupil=pupil, school=old_school, date="2025-11-17", session="AM", code="/"
    )
    report = import_marks(HEADER, f"{pupil.upn},2025-11-17,AM,N,")
    assert not report.imported
    (error,) = report.errors
    assert (error.line, error.field) == (2, "upn")
    assert "Another school's register" in error.reason
    assert RegisterMark.objects.get(pupil=pupil).code == "/"
