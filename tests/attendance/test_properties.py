"""Properties of the register import and the measures, on random registers.

Each register is a few pupils with at most one mark per pupil and session, on
weekdays before the import's "today", with codes valid for their session. For
every one: the possible sessions split exactly into attended, authorised and
unauthorised; the figures and marks do not depend on the order of the rows or
on how they are split into files; importing the same file again changes
nothing; and changing one row's code changes one mark with one amendment.

Every example builds its own school and pupils inside a savepoint that is rolled
back at the end, so examples start clean and the session's demo data is left as
it was. Everything is read back for the example's school only.
"""

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from attendance.codes import BY_CODE, CODES, LATE_CODES, MAX_MINUTES_LATE, Session
from attendance.csv_files import ImportReport
from attendance.measures import school_measures
from attendance.models import RegisterAmendment, RegisterMark
from attendance.register_import import marks_import
from schools.models import School
from tests.attendance.conftest import OFFICER, TODAY
from tests.factories import PupilFactory, SchoolFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

# pytest-django's transaction spans the whole test; each example rolls back its
# own savepoint inside it (see ``example_school``), so examples start clean.
PROPERTIES = settings(max_examples=25, deadline=None, derandomize=True, database=None)

FIRST_DAY = date(2025, 11, 3)  # a Monday, two and a half weeks before TODAY
DAYS = [
    FIRST_DAY + timedelta(days=n)
    for n in range((TODAY - FIRST_DAY).days)
    if (FIRST_DAY + timedelta(days=n)).weekday() < 5
]
CODES_FOR = {
    session: [code.code for code in CODES if session in code.sessions]
    for session in Session
}
HEADER = ("upn", "date", "session", "code", "minutes_late")


@dataclass(frozen=True)
class Row:
    pupil: int  # an index into the example's pupils
    day: date
    session: Session
    code: str
    minutes_late: int | None

    @property
    def key(self) -> tuple[int, date, Session]:
        return (self.pupil, self.day, self.session)


@dataclass(frozen=True)
class Register:
    pupil_count: int
    rows: tuple[Row, ...]


def minutes_late(code: str) -> st.SearchStrategy[int | None]:
    """Minutes late, sometimes, for L and U; never for any other code."""
    if code in LATE_CODES:
        return st.none() | st.integers(min_value=0, max_value=MAX_MINUTES_LATE)
    return st.none()


@st.composite
def rows(draw, pupil_count: int) -> Row:
    session = draw(st.sampled_from(Session))
    code = draw(st.sampled_from(CODES_FOR[session]))
    return Row(
        pupil=draw(st.integers(min_value=0, max_value=pupil_count - 1)),
        day=draw(st.sampled_from(DAYS)),
        session=session,
        code=code,
        minutes_late=draw(minutes_late(code)),
    )


@st.composite
def registers(draw, max_rows: int = 40) -> Register:
    pupil_count = draw(st.integers(min_value=1, max_value=4))
    drawn = draw(
        st.lists(
            rows(pupil_count),
            min_size=1,
            max_size=max_rows,
            unique_by=lambda row: row.key,
        )
    )
    return Register(pupil_count, tuple(drawn))


def csv_bytes(upns: list[str], register_rows) -> io.BytesIO:
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(HEADER)
    for row in register_rows:
        minutes = "" if row.minutes_late is None else row.minutes_late
        writer.writerow(
            [upns[row.pupil], row.day.isoformat(), row.session, row.code, minutes]
        )
    return io.BytesIO(text.getvalue().encode())


def import_rows(
    school: School, upns: list[str], register_rows, *, reason: str = ""
) -> ImportReport:
    """Import ``register_rows`` as one file; it must be accepted whole."""
    report = marks_import(
        csv_bytes(upns, register_rows),
        school=school,
        file_name="marks.csv",
        imported_by=OFFICER,
        reason=reason,
        today=TODAY,
    )
    assert report.errors == []
    assert report.imported
    return report


@contextmanager
def example_school(pupil_count: int) -> Iterator[tuple[School, list[str]]]:
    """A new school with pupils (their UPNs), all rolled back afterwards."""
    with rolled_back():
        school = SchoolFactory()
        upns = [p.upn for p in PupilFactory.create_batch(pupil_count, school=school)]
        yield school, upns


@contextmanager
def rolled_back() -> Iterator[None]:
    """A savepoint whose changes are undone on the way out, pass or fail."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def marks_of(school: School) -> list[tuple]:
    return sorted(
        RegisterMark.objects.filter(school=school).values_list(
            "pupil__upn", "date", "session", "code", "minutes_late"
        )
    )


def marks_by_session(school: School) -> dict[tuple, tuple]:
    """(upn, date, session) -> (mark id, code, minutes late)."""
    return {
        (upn, day, session): (pk, code, minutes)
        for pk, upn, day, session, code, minutes in RegisterMark.objects.filter(
            school=school
        ).values_list("pk", "pupil__upn", "date", "session", "code", "minutes_late")
    }


def amendments_of(school: School):
    return RegisterAmendment.objects.filter(mark__school=school)


def expected_marks(upns: list[str], register_rows) -> list[tuple]:
    return sorted(
        (upns[r.pupil], r.day, str(r.session), r.code, r.minutes_late)
        for r in register_rows
    )


@given(register=registers())
@PROPERTIES
def test_possible_sessions_are_attended_authorised_or_unauthorised(register):
    with example_school(register.pupil_count) as (school, upns):
        report = import_rows(school, upns, register.rows)
        assert (report.created, report.amended, report.unchanged) == (
            len(register.rows),
            0,
            0,
        )
        assert marks_of(school) == expected_marks(upns, register.rows)

        marks = marks_of(school)
        measures = school_measures(school, TODAY)
        assert [m.upn for m in measures] == sorted(upns)
        for m in measures:
            codes = [BY_CODE[code] for upn, _, _, code, _ in marks if upn == m.upn]
            assert m.attended + m.authorised + m.unauthorised == m.possible
            assert m.possible == sum(code.counts_as_possible for code in codes)
            assert m.attended == sum(code.counts_as_attended for code in codes)
            assert m.authorised == sum(code.counts_as_authorised for code in codes)
            assert m.unauthorised == sum(code.counts_as_unauthorised for code in codes)
            assert m.late == sum(code.code == "L" for code in codes)
            assert m.late_after_close == sum(code.code == "U" for code in codes)
            # Every mark is within the last 10 school weeks.
            assert m.unauthorised_in_10_weeks == m.unauthorised


@given(register=registers(), data=st.data())
@PROPERTIES
def test_figures_do_not_depend_on_row_order_or_files(register, data):
    shuffled = data.draw(st.permutations(register.rows), label="shuffled")
    # Two files, shuffled[:first_end] then shuffled[second_start:], which overlap
    # in first_end - second_start rows and together hold every row.
    first_end = data.draw(st.integers(0, len(shuffled)), label="first_end")
    second_start = data.draw(st.integers(0, first_end), label="second_start")
    ways = {
        "one file, as drawn": [register.rows],
        "one file, shuffled": [shuffled],
        "two files": [shuffled[:first_end], shuffled[second_start:]],
    }
    with example_school(register.pupil_count) as (school, upns):
        outcomes = {}
        for way, files in ways.items():
            with rolled_back():
                reports = [import_rows(school, upns, rows) for rows in files]
                outcomes[way] = (
                    school_measures(school, TODAY),
                    marks_of(school),
                    amendments_of(school).count(),
                )
                assert sum(r.created for r in reports) == len(register.rows)
                assert sum(r.amended for r in reports) == 0
                if way == "two files":
                    assert reports[1].unchanged == first_end - second_start

        expected = outcomes["one file, as drawn"]
        assert expected[1] == expected_marks(upns, register.rows)
        assert expected[2] == 0
        for way, outcome in outcomes.items():
            assert outcome == expected, way


@given(register=registers())
@PROPERTIES
def test_importing_the_same_file_again_changes_nothing(register):
    with example_school(register.pupil_count) as (school, upns):
        import_rows(school, upns, register.rows)
        marks, measures = marks_of(school), school_measures(school, TODAY)
        amendments = amendments_of(school).count()

        again = import_rows(school, upns, register.rows)
        sessions = len({row.key for row in register.rows})
        assert (again.created, again.amended, again.unchanged) == (0, 0, sessions)
        assert marks_of(school) == marks
        assert amendments_of(school).count() == amendments == 0
        assert school_measures(school, TODAY) == measures


@given(register=registers(), data=st.data())
@PROPERTIES
def test_one_changed_code_is_one_amendment(register, data):
    index = data.draw(st.integers(0, len(register.rows) - 1), label="index")
    old = register.rows[index]
    new_code = data.draw(
        st.sampled_from([c for c in CODES_FOR[old.session] if c != old.code]),
        label="new_code",
    )
    new = replace(
        old, code=new_code, minutes_late=data.draw(minutes_late(new_code), label="min")
    )
    changed_rows = register.rows[:index] + (new,) + register.rows[index + 1 :]

    with example_school(register.pupil_count) as (school, upns):
        import_rows(school, upns, register.rows)
        before = marks_by_session(school)

        reason = "Letter from a parent"
        report = import_rows(school, upns, changed_rows, reason=reason)
        assert (report.created, report.amended, report.unchanged) == (
            0,
            1,
            len(register.rows) - 1,
        )

        (amendment,) = amendments_of(school)
        assert (amendment.original_code, amendment.new_code) == (old.code, new.code)
        assert (amendment.original_minutes_late, amendment.new_minutes_late) == (
            old.minutes_late,
            new.minutes_late,
        )
        assert (amendment.reason, amendment.import_run_id) == (reason, report.run_id)
        changed_key = (upns[old.pupil], old.day, str(old.session))
        mark_id = before[changed_key][0]
        assert amendment.mark_id == mark_id

        after = marks_by_session(school)
        assert after.pop(changed_key) == (mark_id, new.code, new.minutes_late)
        del before[changed_key]
        assert after == before
