"""The rules for notifications to the LA, table by table: runs of unauthorised
absence across weekends, half-terms and closures; illness counted up or in a
row; roll-change due dates; the academic year's key."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from returns import rules
from returns.rules import DayIs, IllnessCounting

pytestmark = pytest.mark.unit

# Monday 2 November 2026 to Friday 27 November: four school weeks.
NOV = [date(2026, 11, 2) + timedelta(days=n) for n in range(26)]
WEEKDAYS = [day for day in NOV if day.weekday() < 5]
# October 2026 half-term is the week of Monday 26 October: not school days.
BEFORE_HALF_TERM = [date(2026, 10, d) for d in (19, 20, 21, 22, 23)]
AFTER_HALF_TERM = [date(2026, 11, d) for d in (2, 3, 4, 5, 6)]


def both(code: str) -> dict:
    return {"AM": code, "PM": "\\" if code == "/" else code}


def marks(days, code="N") -> dict:
    return {day: both(code) for day in days}


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ({"AM": "N", "PM": "N"}, DayIs.IN_RUN),
        ({"AM": "G", "PM": "O"}, DayIs.IN_RUN),
        ({"AM": "U", "PM": "N"}, DayIs.IN_RUN),
        ({"AM": "N", "PM": "\\"}, DayIs.BREAK),  # came in the afternoon
        ({"AM": "N", "PM": "I"}, DayIs.BREAK),  # authorised half day
        ({"AM": "N", "PM": "M"}, DayIs.BREAK),
        ({"AM": "N"}, DayIs.BREAK),  # no mark for the afternoon
        ({}, DayIs.BREAK),  # no marks at all
        ({"AM": "N", "PM": "Y1"}, DayIs.IN_RUN),  # Y1 is not a possible session
        ({"AM": "D", "PM": "D"}, DayIs.NEITHER),  # at another setting
        ({"AM": "X", "PM": "X"}, DayIs.NEITHER),
        ({"AM": "#", "PM": "#"}, DayIs.NEITHER),
        ({"AM": "H", "PM": "H"}, DayIs.BREAK),  # a retired code is not absence
    ],
)
def test_unauthorised_day(day, expected):
    assert rules.unauthorised_day(day) is expected


@pytest.mark.parametrize(
    ("days", "school_days", "expected"),
    [
        # Ten weekdays over a weekend: one run of 10.
        (WEEKDAYS[:10], WEEKDAYS, [(WEEKDAYS[0], WEEKDAYS[9], 10, WEEKDAYS[9])]),
        # Nine are not enough.
        (WEEKDAYS[:9], WEEKDAYS, []),
        # Across the October half-term: the holiday week neither counts nor breaks.
        (
            BEFORE_HALF_TERM + AFTER_HALF_TERM,
            BEFORE_HALF_TERM + AFTER_HALF_TERM,
            [(date(2026, 10, 19), date(2026, 11, 6), 10, date(2026, 11, 6))],
        ),
        # All twenty weekdays of November.
        (WEEKDAYS, WEEKDAYS, [(WEEKDAYS[0], WEEKDAYS[19], 20, WEEKDAYS[9])]),
    ],
)
def test_continuous_runs(days, school_days, expected):
    found = rules.continuous_absence_runs(marks(days), school_days, 10)
    assert [(r.first_day, r.last_day, r.school_days, r.reached_on) for r in found] == (
        expected
    )


def test_a_closure_day_neither_counts_nor_breaks():
    """A ``#`` day is not a school day: it is left out of the school days."""
    closed = WEEKDAYS[4]
    school_days = [day for day in WEEKDAYS[:11] if day != closed]
    pupil = marks(school_days)
    pupil[closed] = both("#")
    found = rules.continuous_absence_runs(pupil, school_days, 10)
    assert [(r.first_day, r.last_day, r.school_days) for r in found] == [
        (WEEKDAYS[0], WEEKDAYS[10], 10)
    ]


@pytest.mark.parametrize(
    ("breaker", "runs"),
    [
        (both("/"), []),  # attended
        (both("I"), []),  # authorised
        ({"AM": "L", "PM": "N"}, []),  # late but in
        ({"AM": "N", "PM": "N"}, [11]),  # no break
        (both("D"), [10]),  # neither: ten around it
    ],
)
def test_what_breaks_a_run(breaker, runs):
    """Eleven weekdays of N with day 6 replaced."""
    days = WEEKDAYS[:11]
    pupil = marks(days)
    pupil[days[5]] = breaker
    found = rules.continuous_absence_runs(pupil, days, 10)
    assert [run.school_days for run in found] == runs


def test_a_day_with_no_marks_breaks_the_run():
    days = WEEKDAYS[:11]
    pupil = marks(days)
    del pupil[days[5]]
    assert rules.continuous_absence_runs(pupil, days, 10) == []


def test_missing_education_is_a_run_of_twenty():
    found = rules.continuous_absence_runs(
        marks(WEEKDAYS), WEEKDAYS, rules.MISSING_EDUCATION_DAYS
    )
    assert [(r.school_days, r.reached_on) for r in found] == [(20, WEEKDAYS[19])]


def illness(days, half_days=()) -> dict:
    pupil = {day: both("I") for day in days}
    for day in half_days:
        pupil[day] = {"AM": "I", "PM": "\\"}
    return pupil


@pytest.mark.parametrize(
    ("pupil", "counting", "threshold", "expected"),
    [
        # Fifteen whole days in a row: met whichever way the LA counts.
        (illness(WEEKDAYS[:15]), IllnessCounting.CUMULATIVE, 15, [("15", False)]),
        (illness(WEEKDAYS[:15]), IllnessCounting.CONTINUOUS, 15, [("15", True)]),
        (illness(WEEKDAYS[:15]), IllnessCounting.EITHER, 15, [("15", False)]),
        # Fourteen and a half: not met (15 or more, DOMAIN section 3).
        (
            illness(WEEKDAYS[:14], half_days=[WEEKDAYS[14]]),
            IllnessCounting.CUMULATIVE,
            15,
            [],
        ),
        # Two spells of 8 with a day in school between: 16 added up, no run of 15.
        (
            illness(WEEKDAYS[:8] + WEEKDAYS[9:17]),
            IllnessCounting.CUMULATIVE,
            15,
            [("16", False)],
        ),
        (illness(WEEKDAYS[:8] + WEEKDAYS[9:17]), IllnessCounting.CONTINUOUS, 15, []),
        (
            illness(WEEKDAYS[:8] + WEEKDAYS[9:17]),
            IllnessCounting.EITHER,
            15,
            [("16", False)],
        ),
        # Half days add up in halves.
        (
            illness(WEEKDAYS[:4], half_days=WEEKDAYS[4:6]),
            IllnessCounting.CUMULATIVE,
            5,
            [("5", False)],
        ),
        # A half day breaks a run, so a run of 4 then 3 does not reach 5.
        (
            illness(WEEKDAYS[:4] + WEEKDAYS[5:8], half_days=[WEEKDAYS[4]]),
            IllnessCounting.CONTINUOUS,
            5,
            [],
        ),
        # The LA's own threshold.
        (illness(WEEKDAYS[:5]), IllnessCounting.CONTINUOUS, 5, [("5", True)]),
    ],
)
def test_illness_reached(pupil, counting, threshold, expected):
    found = rules.illness_reached(
        pupil, WEEKDAYS, threshold=threshold, counting=counting
    )
    assert [(str(f.days), f.continuous) for f in found] == expected


def test_illness_across_a_half_term_is_one_run():
    days = BEFORE_HALF_TERM + AFTER_HALF_TERM
    found = rules.illness_reached(
        illness(days), days, threshold=10, counting=IllnessCounting.CONTINUOUS
    )
    assert [(f.days, f.first_day, f.last_day) for f in found] == [
        (Decimal(10), date(2026, 10, 19), date(2026, 11, 6))
    ]


def test_illness_reached_on_the_day_the_total_is_met():
    found = rules.illness_reached(
        illness(WEEKDAYS[:16]),
        WEEKDAYS,
        threshold=15,
        counting=IllnessCounting.CUMULATIVE,
    )
    assert [(f.reached_on, f.last_day, f.days) for f in found] == [
        (WEEKDAYS[14], WEEKDAYS[15], Decimal(16))
    ]


@pytest.mark.parametrize(
    ("on", "due"),
    [
        (date(2026, 11, 2), date(2026, 11, 9)),  # Monday: the next Monday
        (date(2026, 11, 6), date(2026, 11, 13)),  # Friday: the next Friday
        (date(2026, 11, 7), date(2026, 11, 13)),  # Saturday: the next Friday
        (date(2026, 11, 8), date(2026, 11, 13)),  # Sunday: the next Friday
        (date(2026, 12, 30), date(2027, 1, 6)),  # across the new year
    ],
)
def test_roll_change_due(on, due):
    assert rules.roll_change_due(on) == due


@pytest.mark.parametrize(
    ("day", "end"),
    [
        (date(2026, 11, 13), date(2026, 11, 30)),
        (date(2026, 12, 1), date(2026, 12, 31)),
        (date(2027, 2, 3), date(2027, 2, 28)),
        (date(2028, 2, 3), date(2028, 2, 29)),
    ],
)
def test_month_end(day, end):
    assert rules.month_end(day) == end


@pytest.mark.parametrize(
    ("day", "key"),
    [
        (date(2026, 7, 31), "2025-26"),
        (date(2026, 8, 1), "2026-27"),
        (date(2026, 12, 5), "2026-27"),
        (date(2099, 9, 1), "2099-00"),
    ],
)
def test_academic_year_key(day, key):
    assert rules.academic_year_key(day) == key
