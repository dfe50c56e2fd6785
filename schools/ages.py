"""Compulsory school age in England, as plain date arithmetic.

A child reaches compulsory school age on the first prescribed day (31 March,
31 August or 31 December) on or after their fifth birthday, and stays of that
age until the school leaving date: the last Friday in June of the school year
(1 September to 31 August) in which they turn 16. A child who turns 16 in July
or August therefore leaves compulsory school age while still 15.

Someone born on 29 February has their birthday on 1 March in other years (the
law counts the anniversary from the start of that day). Every function here is
pure; ``compulsory_dob_range`` turns the rule into a date-of-birth range so a
query can apply it.
"""

from datetime import date, timedelta

PRESCRIBED_DAYS = ((3, 31), (8, 31), (12, 31))  # (month, day), in year order
FRIDAY = 4


def birthday(date_of_birth: date, age: int) -> date:
    """The day the person reaches ``age`` (1 March for a 29 February birth in a
    year without one)."""
    try:
        return date_of_birth.replace(year=date_of_birth.year + age)
    except ValueError:
        return date(date_of_birth.year + age, 3, 1)


def last_friday_of_june(year: int) -> date:
    day = date(year, 6, 30)
    return day - timedelta(days=(day.weekday() - FRIDAY) % 7)


def compulsory_start(date_of_birth: date) -> date:
    """The first day of compulsory school age."""
    fifth = birthday(date_of_birth, 5)
    return next(
        day
        for day in (date(fifth.year, month, dom) for month, dom in PRESCRIBED_DAYS)
        if day >= fifth
    )


def compulsory_end(date_of_birth: date) -> date:
    """The last day of compulsory school age: the school leaving date."""
    sixteenth = birthday(date_of_birth, 16)
    # A school year runs from 1 September; its June is in the following year.
    year = sixteenth.year + 1 if sixteenth.month >= 9 else sixteenth.year
    return last_friday_of_june(year)


def is_compulsory_school_age(date_of_birth: date, on: date) -> bool:
    """Whether a child born on ``date_of_birth`` is of compulsory school age
    on ``on``."""
    return compulsory_start(date_of_birth) <= on <= compulsory_end(date_of_birth)


def compulsory_dob_range(on: date) -> tuple[date, date]:
    """The earliest and latest dates of birth (both included) of children of
    compulsory school age on ``on``.

    Both ends of the age move forward with the date of birth, so the children
    of that age form one range. The latest birth is the one whose fifth
    birthday falls on the last prescribed day on or before ``on``. The earliest
    is 1 September of the year that makes the child's leaving date the first
    one still to come: a child born from September turns 16 in the following
    school year.
    """
    prescribed = max(
        day
        for year in (on.year - 1, on.year)
        for day in (date(year, month, dom) for month, dom in PRESCRIBED_DAYS)
        if day <= on
    )
    latest = date(prescribed.year - 5, prescribed.month, prescribed.day)
    leaving_year = on.year if on <= last_friday_of_june(on.year) else on.year + 1
    earliest = date(leaving_year - 17, 9, 1)
    return earliest, latest


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def outside_compulsory_school_age(date_of_birth: date, on: date) -> str | None:
    """Why a child is not of compulsory school age on ``on``, in words to
    follow their name; None when they are."""
    start, end = compulsory_start(date_of_birth), compulsory_end(date_of_birth)
    if on < start:
        return f"is not yet of compulsory school age (it starts on {_long(start)})"
    if on > end:
        return (
            "is past compulsory school age (it ended on the school leaving date, "
            f"{_long(end)})"
        )
    return None
