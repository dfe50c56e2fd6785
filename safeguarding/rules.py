"""Statutory time limits for safeguarding work, as pure functions.

Keeping children safe in education: when a pupil moves school, the DSL of the
school they left sends the child-protection file to the new school within 5
school days of the pupil starting there (or within the first 5 days of a new
term), separately from the main pupil file, and asks for confirmation of
receipt.
"""

from datetime import date, timedelta

CP_FILE_SCHOOL_DAYS = 5


def cp_file_due(joined_on: date) -> date:
    """The last day for the child-protection file to reach the new school.

    Counted in school days from the first day on the new roll, that day
    included when it is a weekday. Weekends are skipped; holidays are not
    known in advance here, so the date can only err early, never late.
    """
    day = joined_on
    while day.weekday() >= 5:
        day += timedelta(days=1)
    counted = 1
    while counted < CP_FILE_SCHOOL_DAYS:
        day += timedelta(days=1)
        if day.weekday() < 5:
            counted += 1
    return day
