"""Compulsory school age: where it starts and ends, and the date-of-birth range."""

from datetime import date, timedelta

import pytest

from schools.ages import (
    compulsory_dob_range,
    compulsory_end,
    compulsory_start,
    is_compulsory_school_age,
    last_friday_of_june,
    outside_compulsory_school_age,
)
from schools.models import Pupil
from schools.selectors import of_compulsory_school_age
from tests.factories import PupilFactory, SchoolFactory

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("date_of_birth", "start"),
    [
        # A fifth birthday on a prescribed day starts that very day.
        (date(2020, 3, 31), date(2025, 3, 31)),
        (date(2020, 8, 31), date(2025, 8, 31)),
        (date(2020, 12, 31), date(2025, 12, 31)),
        # The day after one waits for the next.
        (date(2020, 4, 1), date(2025, 8, 31)),
        (date(2020, 9, 1), date(2025, 12, 31)),
        (date(2021, 1, 1), date(2026, 3, 31)),
        # The day before one starts on it.
        (date(2020, 3, 30), date(2025, 3, 31)),
        (date(2020, 8, 30), date(2025, 8, 31)),
        (date(2020, 12, 30), date(2025, 12, 31)),
        # 29 February: the fifth birthday is 1 March, then 31 March.
        (date(2020, 2, 29), date(2025, 3, 31)),
        (date(2019, 2, 28), date(2024, 3, 31)),
    ],
)
def test_compulsory_start_is_the_first_prescribed_day_from_the_fifth_birthday(
    date_of_birth, start
):
    assert compulsory_start(date_of_birth) == start


def test_last_friday_of_june_when_june_ends_on_a_friday_and_on_a_saturday():
    assert last_friday_of_june(2023) == date(2023, 6, 30)  # a Friday
    assert last_friday_of_june(2029) == date(2029, 6, 29)  # 30 June is a Saturday
    assert last_friday_of_june(2026) == date(2026, 6, 26)  # 30 June is a Tuesday


@pytest.mark.parametrize(
    ("date_of_birth", "end"),
    [
        # Turning 16 in the spring: the June of that school year.
        (date(2010, 3, 15), date(2026, 6, 26)),
        # Turning 16 in July or August, after the leaving date: still the same June.
        (date(2010, 7, 10), date(2026, 6, 26)),
        (date(2010, 8, 31), date(2026, 6, 26)),
        # Turning 16 from 1 September: the next school year's June.
        (date(2010, 9, 1), date(2027, 6, 25)),
        (date(2010, 12, 31), date(2027, 6, 25)),
        # 29 February.
        (date(2008, 2, 29), date(2024, 6, 28)),
    ],
)
def test_compulsory_end_is_the_last_friday_of_june_of_the_year_turning_16(
    date_of_birth, end
):
    assert compulsory_end(date_of_birth) == end


@pytest.mark.parametrize(
    ("date_of_birth", "on", "expected"),
    [
        (date(2020, 3, 31), date(2025, 3, 30), False),
        (date(2020, 3, 31), date(2025, 3, 31), True),
        (date(2020, 4, 1), date(2025, 4, 1), False),  # five, not yet of age
        (date(2020, 4, 1), date(2025, 8, 31), True),
        (date(2020, 2, 29), date(2025, 3, 1), False),
        (date(2020, 2, 29), date(2025, 3, 31), True),
        # The whole of the last Friday in June, then no longer.
        (date(2010, 3, 15), date(2026, 6, 26), True),
        (date(2010, 3, 15), date(2026, 6, 27), False),
        # Turning 16 on 10 July: out of compulsory age at 15.
        (date(2010, 7, 10), date(2026, 7, 1), False),
        (date(2010, 7, 10), date(2026, 6, 26), True),
        # Turning 16 on 1 September 2026: of age for another school year.
        (date(2010, 9, 1), date(2026, 9, 1), True),
        (date(2010, 9, 1), date(2027, 6, 25), True),
        (date(2010, 9, 1), date(2027, 6, 26), False),
        # Each prescribed day starts it on the day itself, not the day before.
        (date(2020, 8, 31), date(2025, 8, 30), False),
        (date(2020, 8, 31), date(2025, 8, 31), True),
        (date(2020, 12, 31), date(2025, 12, 30), False),
        (date(2020, 12, 31), date(2025, 12, 31), True),
        (date(2020, 9, 1), date(2025, 12, 30), False),  # five, waits for 31 Dec
        # 29 February: born in a leap year, five on 1 March 2021.
        (date(2016, 2, 29), date(2021, 3, 30), False),
        (date(2016, 2, 29), date(2021, 3, 31), True),
        # ... and sixteen on 1 March 2024, leaving on 28 June 2024.
        (date(2008, 2, 29), date(2024, 6, 28), True),
        (date(2008, 2, 29), date(2024, 6, 29), False),
        # A June that ends on a Friday (2023): the 30th is the last day.
        (date(2007, 5, 5), date(2023, 6, 30), True),
        (date(2007, 5, 5), date(2023, 7, 1), False),
    ],
)
def test_is_compulsory_school_age(date_of_birth, on, expected):
    assert is_compulsory_school_age(date_of_birth, on) is expected


@pytest.mark.parametrize(
    "on",
    [
        date(2026, 12, 4),
        date(2026, 6, 26),  # a leaving date
        date(2026, 6, 27),  # the day after
        date(2026, 3, 31),  # a prescribed day
        date(2026, 4, 1),
        date(2026, 8, 31),
        date(2026, 9, 1),
        date(2026, 12, 31),
        date(2027, 1, 1),
        date(2028, 2, 29),
    ],
)
def test_the_dob_range_agrees_with_the_rule_for_every_birth_date(on):
    earliest, latest = compulsory_dob_range(on)
    first = date(on.year - 20, 1, 1)
    for offset in range((on - first).days):
        date_of_birth = first + timedelta(days=offset)
        assert (earliest <= date_of_birth <= latest) is is_compulsory_school_age(
            date_of_birth, on
        ), date_of_birth


DAYS = [date(2026, 12, 4), date(2026, 6, 26), date(2026, 6, 27), date(2027, 3, 31)]


@pytest.mark.integration
@pytest.mark.django_db
def test_the_database_filter_agrees_with_the_rule():
    # Births on every day within a week of each end of the range for each of
    # the days, and on 29 February of the years in between.
    school = SchoolFactory()
    births = {date(year, 2, 29) for year in range(2004, 2024, 4)}
    for on in DAYS:
        for end in compulsory_dob_range(on):
            births |= {end + timedelta(days=d) for d in range(-7, 8)}
    pupils = [PupilFactory(school=school, date_of_birth=born) for born in births]
    for on in DAYS:
        found = set(
            Pupil.objects.filter(school=school)
            .filter(of_compulsory_school_age(on))
            .values_list("pk", flat=True)
        )
        expected = {
            p.pk for p in pupils if is_compulsory_school_age(p.date_of_birth, on)
        }
        assert found == expected, on
        assert 0 < len(found) < len(pupils)


@pytest.mark.parametrize(
    ("date_of_birth", "on", "why"),
    [
        (
            date(2021, 10, 1),
            date(2025, 11, 19),
            "is not yet of compulsory school age (it starts on 31 December 2026)",
        ),
        (
            date(2020, 4, 1),
            date(2025, 8, 30),
            "is not yet of compulsory school age (it starts on 31 August 2025)",
        ),
        (date(2020, 4, 1), date(2025, 8, 31), None),
        (date(2010, 3, 15), date(2026, 6, 26), None),
        (
            date(2010, 3, 15),
            date(2026, 6, 27),
            "is past compulsory school age (it "
            "ended on the school leaving date, 26 June 2026)",
        ),
    ],
)
def test_outside_compulsory_school_age_says_why(date_of_birth, on, why):
    assert outside_compulsory_school_age(date_of_birth, on) == why
    assert (why is None) is is_compulsory_school_age(date_of_birth, on)
