"""When a policy was last reviewed, when its next review is due, and whether it is late.

Schools date their policies either to the day ("Review date: 26/09/2025") or to
the month ("Revision due: July 2026"). A month-dated review is due by the last
day of that month, so a policy is never called overdue while its month is
still running.
"""

import calendar
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.dateformat import format as format_date


class DatePrecision(models.TextChoices):
    DAY = "day", "Day, month and year (26 September 2025)"
    MONTH = "month", "Month and year (July 2026)"


def due_by(review_date: date, precision: str) -> date:
    """The last day on which a review dated ``review_date`` is still on time."""
    if precision == DatePrecision.MONTH:
        last_day = calendar.monthrange(review_date.year, review_date.month)[1]
        return review_date.replace(day=last_day)
    return review_date


def display_date(value: date, precision: str) -> str:
    """A date as the school wrote it: "26 September 2025" or "July 2026"."""
    if precision == DatePrecision.MONTH:
        return format_date(value, "F Y")
    return format_date(value, "j F Y")


@dataclass(frozen=True)
class ReviewStatus:
    """What the public notice and the admin panel say about a policy's review."""

    last_reviewed: str
    next_review: str
    due_by: date
    overdue: bool


def review_status(
    *, last_reviewed: date, review_date: date, precision: str, today: date
) -> ReviewStatus:
    """The review status on ``today``; overdue once the due date has passed."""
    deadline = due_by(review_date, precision)
    return ReviewStatus(
        last_reviewed=display_date(last_reviewed, precision),
        next_review=display_date(review_date, precision),
        due_by=deadline,
        overdue=today > deadline,
    )
