"""The retention rules: the day each kind of record falls due."""

from datetime import date, timedelta

import pytest

from schools.retention import (
    closed_case_due,
    is_due,
    latest_due_start,
    register_mark_due,
    safeguarding_review_due,
    years_after,
)

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("entry_date", "due"),
    [
        (date(2020, 12, 4), date(2026, 12, 4)),
        (date(2019, 9, 2), date(2025, 9, 2)),
        (date(2020, 2, 29), date(2026, 2, 28)),  # a leap day, due in a common year
        (date(2018, 2, 28), date(2024, 2, 28)),  # not moved to the leap day
        (date(2019, 12, 31), date(2025, 12, 31)),
    ],
)
def test_a_register_mark_is_due_6_years_after_its_entry(entry_date, due):
    assert register_mark_due(entry_date=entry_date) == due


@pytest.mark.parametrize(
    ("date_of_birth", "due"),
    [
        (date(2001, 12, 4), date(2026, 12, 4)),
        (date(2012, 2, 29), date(2037, 2, 28)),
        (date(2008, 2, 29), date(2033, 2, 28)),
        (date(2015, 9, 1), date(2040, 9, 1)),
    ],
)
def test_a_safeguarding_record_is_reviewed_on_the_pupils_25th_birthday(
    date_of_birth, due
):
    assert safeguarding_review_due(date_of_birth=date_of_birth) == due


@pytest.mark.parametrize(
    ("closed_on", "years", "due"),
    [
        (date(2020, 7, 20), 6, date(2026, 7, 20)),
        (date(2020, 7, 20), 1, date(2021, 7, 20)),
        (date(2024, 2, 29), 3, date(2027, 2, 28)),
        (date(2024, 2, 29), 4, date(2028, 2, 29)),
    ],
)
def test_a_closed_case_is_due_the_set_number_of_years_after_closing(
    closed_on, years, due
):
    assert closed_case_due(closed_on=closed_on, years=years) == due


@pytest.mark.parametrize(
    ("due", "today", "expected"),
    [
        (date(2026, 12, 4), date(2026, 12, 3), False),
        (date(2026, 12, 4), date(2026, 12, 4), True),  # due on the anniversary
        (date(2026, 12, 4), date(2026, 12, 5), True),
    ],
)
def test_a_record_is_due_from_its_due_date(due, today, expected):
    assert is_due(due=due, today=today) is expected


@pytest.mark.parametrize(
    ("today", "years", "cutoff"),
    [
        (date(2026, 12, 4), 6, date(2020, 12, 4)),
        (date(2026, 2, 28), 6, date(2020, 2, 29)),  # the leap day is due today too
        (date(2026, 3, 1), 6, date(2020, 3, 1)),
        (date(2028, 2, 29), 6, date(2022, 2, 28)),
        (date(2028, 2, 28), 4, date(2024, 2, 28)),
        (date(2026, 12, 4), 25, date(2001, 12, 4)),
    ],
)
def test_the_latest_start_due_today(today, years, cutoff):
    assert latest_due_start(today=today, years=years) == cutoff


@pytest.mark.parametrize("years", [1, 4, 6, 25])
def test_the_cutoff_agrees_with_the_rule_for_every_day_of_eight_years(years):
    """What a query filters (start <= cutoff) is exactly what the rule says is
    due, across leap years, for every today and every start near its cutoff."""
    today = date(2024, 1, 1)
    while today < date(2032, 1, 1):
        cutoff = latest_due_start(today=today, years=years)
        for offset in range(-3, 4):
            start = cutoff + timedelta(days=offset)
            due = years_after(start, years) <= today
            assert due is (start <= cutoff), (today, years, start)
        today += timedelta(days=1)
