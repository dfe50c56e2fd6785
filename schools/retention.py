"""When a record falls due under the retention rules (docs/retention.md).

Pure date arithmetic, no database: the selectors of each app turn these into
querysets, and the tests hold them to a table of dates.

- Register marks are kept 6 years from the date of the entry (the School
  Attendance (Pupil Registration) (England) Regulations 2024), then removed.
- Safeguarding (child-protection) records are kept until the pupil's date of
  birth + 25 years, then *reviewed*: never removed automatically.
- Closed cases are kept a period the installation sets
  (``CLOSED_CASE_RETENTION_YEARS``) from the day they closed, then reviewed.

A record is due on the anniversary itself: a mark of 4 December 2020 is due
on 4 December 2026. A start of 29 February has its anniversary on 28 February
in a common year.
"""

from datetime import date, timedelta

REGISTER_YEARS = 6
SAFEGUARDING_YEARS_FROM_BIRTH = 25


def years_after(day: date, years: int) -> date:
    """The same day ``years`` later (earlier if negative); 29 February becomes
    28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def register_mark_due(*, entry_date: date) -> date:
    return years_after(entry_date, REGISTER_YEARS)


def safeguarding_review_due(*, date_of_birth: date) -> date:
    return years_after(date_of_birth, SAFEGUARDING_YEARS_FROM_BIRTH)


def closed_case_due(*, closed_on: date, years: int) -> date:
    return years_after(closed_on, years)


def is_due(*, due: date, today: date) -> bool:
    return due <= today


def latest_due_start(*, today: date, years: int) -> date:
    """The last start date (entry, birth, closing) whose record is due
    ``today`` after ``years``: every record that started on or before it is due,
    none after (``years_after`` never goes backwards), so a query can filter
    ``<=`` this day."""
    candidate = years_after(today, -years)
    # On 28 February, a start of 29 February of a leap year is due too.
    following = candidate + timedelta(days=1)
    if years_after(following, years) <= today:
        return following
    return candidate
