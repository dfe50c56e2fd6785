"""The measures on hand-built registers whose answers are worked out by hand."""

import io
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command

from attendance.measures import (
    Period,
    academic_year_start,
    at_risk,
    falling_trend,
    persistently_absent,
    pupil_measures,
    school_measures,
    severely_absent,
    ten_in_ten_met,
    with_measures,
)
from attendance.models import RegisterMark
from attendance.report import REPORT_FIELDS
from schools.models import Pupil
from tests.factories import PupilFactory, SchoolFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

MONDAY = date(2025, 9, 1)  # the first Monday of the 2025/26 academic year


def weekdays(first: date, count: int) -> list[date]:
    days, day = [], first
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def register(pupil: Pupil, sessions: list[tuple[date, str, str]]) -> None:
    """Marks for (date, session, code) triples."""
    RegisterMark.objects.bulk_create(
        RegisterMark(pupil=pupil, school=pupil.school, date=d, session=s, code=c)
        for d, s, c in sessions
    )


def full_days(days: list[date], am: str = "/", pm: str = "\\") -> list[tuple]:
    return [(d, s, c) for d in days for s, c in (("AM", am), ("PM", pm))]


@pytest.fixture
def school(db):
    return SchoolFactory()


@pytest.fixture
def pupil(school):
    return PupilFactory(school=school)


def test_each_category_counts_as_the_domain_brief_says(pupil):
    codes = "/ L V M I N G U D X Q Y1 Z #".split()
    days = weekdays(MONDAY, len(codes))
    register(pupil, [(day, "AM", code) for day, code in zip(days, codes, strict=True)])
    m = pupil_measures(pupil, days[-1])
    # possible: / L V (attended), M I (authorised), N G U (unauthorised)
    assert (m.possible, m.attended, m.authorised, m.unauthorised) == (8, 3, 2, 3)
    assert (m.late, m.late_after_close) == (1, 1)
    assert m.attendance_rate == Decimal("37.5")


def test_closure_and_not_required_sessions_are_not_possible(pupil):
    days = weekdays(MONDAY, 10)
    register(pupil, full_days(days[:8]) + full_days(days[8:], am="#", pm="X"))
    m = pupil_measures(pupil, days[-1])
    assert (m.possible, m.attended) == (16, 16)
    assert m.attendance_rate == Decimal("100.0")


@pytest.mark.parametrize(
    ("possible", "absent", "persistent", "severe"),
    [
        (20, 2, True, False),  # exactly 10 % absence: persistent
        (20, 1, False, False),
        (31, 3, False, False),  # 9.7 %: not yet
        (10, 5, True, True),  # exactly 50 %: severe
        (11, 5, True, False),  # 45.5 %
    ],
)
def test_persistent_and_severe_absence_at_their_edges(
    pupil, possible, absent, persistent, severe
):
    days = weekdays(MONDAY, possible)
    codes = ["N"] * absent + ["/"] * (possible - absent)
    register(pupil, [(d, "AM", c) for d, c in zip(days, codes, strict=True)])
    m = pupil_measures(pupil, days[-1])
    assert (m.possible, m.absent) == (possible, absent)
    assert (m.persistent_absence, m.severe_absence) == (persistent, severe)
    period = Period.for_school(pupil.school, days[-1])
    annotated = with_measures(Pupil.objects.filter(pk=pupil.pk), period)
    assert persistently_absent(annotated).exists() is persistent
    assert severely_absent(annotated).exists() is severe


def test_a_pupil_with_no_possible_sessions(school, pupil):
    never_marked = PupilFactory(school=school)
    register(pupil, full_days(weekdays(MONDAY, 3), am="X", pm="X"))
    for someone in (pupil, never_marked):
        m = pupil_measures(someone, MONDAY + timedelta(days=4))
        assert (m.possible, m.attendance_rate) == (0, None)
        assert not m.persistent_absence
        assert not m.severe_absence
        assert not m.ten_in_ten


def test_ten_in_ten_skips_holiday_and_closure_weeks(school, pupil):
    """Weeks 5 (no sessions) and 6 (closed: '#') are not school weeks, so the
    last 10 school weeks up to week 12 start at week 1."""
    classmate = PupilFactory(school=school)
    week = [MONDAY + timedelta(weeks=n) for n in range(12)]
    for n, monday in enumerate(week, start=1):
        if n == 5:
            continue
        code_am, code_pm = ("#", "#") if n == 6 else ("/", "\\")
        register(classmate, full_days(weekdays(monday, 5), code_am, code_pm))
    register(pupil, full_days(weekdays(week[0], 2), am="N", pm="N"))  # 4 in week 1
    register(pupil, full_days(weekdays(week[11], 3), am="G", pm="O"))  # 6 in week 12
    as_of = week[11] + timedelta(days=4)
    m = pupil_measures(pupil, as_of)
    assert m.unauthorised_in_10_weeks == 10
    assert m.ten_in_ten

    # A week later (one more school week) week 1 drops out of the window.
    register(classmate, full_days(weekdays(week[11] + timedelta(weeks=1), 5)))
    later = pupil_measures(pupil, as_of + timedelta(weeks=1))
    assert later.unauthorised_in_10_weeks == 6
    assert not later.ten_in_ten


def test_ten_in_ten_window_spans_two_academic_years(school, pupil):
    classmate = PupilFactory(school=school)
    summer = [date(2025, 7, 7), date(2025, 7, 14)]  # last two weeks of 2024/25
    autumn = [date(2025, 9, 1), date(2025, 9, 8)]
    for monday in summer + autumn:
        register(classmate, full_days(weekdays(monday, 5)))
    register(pupil, full_days(weekdays(summer[1], 4), am="G", pm="G"))  # 8
    register(pupil, full_days(weekdays(autumn[1], 1), am="N", pm="N"))  # 2
    m = pupil_measures(pupil, date(2025, 9, 12))
    assert m.unauthorised == 2  # the academic year starts on 1 August
    assert m.unauthorised_in_10_weeks == 10
    assert m.ten_in_ten
    assert academic_year_start(date(2025, 9, 12)) == date(2025, 8, 1)
    assert academic_year_start(date(2026, 7, 31)) == date(2025, 8, 1)


def test_marks_after_the_as_of_date_are_not_counted(pupil):
    days = weekdays(MONDAY, 4)
    register(pupil, full_days(days[:2]) + full_days(days[2:], am="N", pm="N"))
    assert pupil_measures(pupil, days[1]).possible == 4
    assert pupil_measures(pupil, days[1]).unauthorised == 0


def test_at_risk_band_and_falling_trend(school):
    as_of_days = weekdays(MONDAY, 50)  # ten school weeks
    steady, dipping, low = PupilFactory.create_batch(3, school=school)
    # steady: 94 % all year (6 absences in 100 sessions, spread evenly).
    codes = (["/"] * 15 + ["N"]) * 7
    register(steady, [(d, "AM", c) for d, c in zip(as_of_days, codes, strict=False)])
    # dipping: present for 6 weeks, then absent 5 of 20 days in the last 4.
    recent = as_of_days[30:]
    register(dipping, full_days(as_of_days[:30]))
    register(dipping, full_days(recent[:15]) + full_days(recent[15:], am="I", pm="I"))
    # low: 80 % all year.
    register(low, [(d, "AM", "/" if i % 5 else "N") for i, d in enumerate(as_of_days)])

    period = Period.for_school(school, as_of_days[-1])
    pupils = with_measures(Pupil.objects.filter(school=school), period)
    assert list(at_risk(pupils, upper_percent=Decimal(95))) == [steady]
    assert set(at_risk(pupils, upper_percent=Decimal("90.5"))) == set()
    # dipping: 90 % for the year, 75 % over the last 4 weeks: 15 points down.
    assert list(falling_trend(pupils)) == [dipping]
    assert set(persistently_absent(pupils)) == {dipping, low}
    assert list(ten_in_ten_met(pupils)) == [low]


def test_attendance_report_prints_exactly_the_fields(school, pupil):
    register(pupil, full_days(weekdays(MONDAY, 3)) + [(date(2025, 9, 4), "AM", "L")])
    never_marked = PupilFactory(school=school)
    out = io.StringIO()
    call_command("attendance_report", school=school.urn, as_of="2025-09-04", stdout=out)
    rows = {row["upn"]: row for row in json.loads(out.getvalue())}
    assert set(rows) == {pupil.upn, never_marked.upn}
    assert rows[pupil.upn] == {
        "upn": pupil.upn,
        "surname": pupil.surname,
        "forename": pupil.forename,
        "year_group": pupil.get_year_group_display(),
        "possible": 7,
        "attended": 7,
        "authorised": 0,
        "unauthorised": 0,
        "late": 1,
        "late_after_close": 0,
        "attendance_rate": 100.0,
        "persistent_absence": False,
        "severe_absence": False,
        "unauthorised_in_10_weeks": 0,
        "ten_in_ten": False,
    }
    assert rows[never_marked.upn]["attendance_rate"] is None

    out = io.StringIO()
    call_command(
        "attendance_report",
        school=school.urn,
        as_of="2025-09-04",
        format="csv",
        stdout=out,
    )
    lines = out.getvalue().splitlines()
    assert lines[0] == ",".join(REPORT_FIELDS)
    who = (
        f"{pupil.upn},{pupil.surname},{pupil.forename},{pupil.get_year_group_display()}"
    )
    assert f"{who},7,7,0,0,1,0,100.0,false,false,0,false" in lines


def test_school_measures_query_count_does_not_grow(
    school, django_assert_max_num_queries
):
    pupils = PupilFactory.create_batch(5, school=school)
    for p in pupils:
        register(p, full_days(weekdays(MONDAY, 5)))
    with django_assert_max_num_queries(3):
        assert len(school_measures(school, MONDAY + timedelta(days=4))) == 5


def test_only_the_schools_own_register_counts(school, pupil):
    """A pupil who joined from another school is measured on this school's
    sessions only."""
    previous_school = SchoolFactory()
    days = weekdays(MONDAY, 4)
    RegisterMark.objects.bulk_create(
        RegisterMark(pupil=pupil, school=previous_school, date=d, session=s, code="N")
        for d, s, _c in full_days(days[:2])
    )
    register(pupil, full_days(days[2:]))
    m = pupil_measures(pupil, days[-1])
    assert (m.possible, m.attended, m.unauthorised) == (4, 4, 0)
