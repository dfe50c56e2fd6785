"""The retention run: what is due under each rule, per school, and the removal
of register marks that are due. ``manage.py apply_retention`` prints it; the
rules are in ``schools.retention`` and docs/retention.md explains them.

Only register marks are ever removed, and only through
``attendance.services.register_marks_remove`` (which records each removal).
Safeguarding records and closed cases past their period are listed for a
person to review.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser

from attendance.models import RegisterRemoval
from attendance.selectors import RegisterDue, register_retention_due
from attendance.services import register_marks_remove
from cases.models import Case
from cases.selectors import closed_cases_due_for_review
from safeguarding.models import RestrictedItem
from safeguarding.selectors import items_due_for_review
from schools.models import School
from schools.retention import (
    REGISTER_YEARS,
    SAFEGUARDING_YEARS_FROM_BIRTH,
    latest_due_start,
)


@dataclass(frozen=True)
class RetentionDue:
    today: date
    closed_case_years: int
    register: list[RegisterDue]
    safeguarding: list[tuple[School, list[RestrictedItem]]]
    closed_cases: list[tuple[School, list[Case]]]

    @property
    def register_cutoff(self) -> date:
        return latest_due_start(today=self.today, years=REGISTER_YEARS)

    @property
    def born_on_or_before(self) -> date:
        return latest_due_start(today=self.today, years=SAFEGUARDING_YEARS_FROM_BIRTH)

    @property
    def closed_on_or_before(self) -> date:
        return latest_due_start(today=self.today, years=self.closed_case_years)


def _by_school(rows, school_of) -> list[tuple[School, list]]:
    grouped: dict[int, tuple[School, list]] = {}
    for row in rows:
        school = school_of(row)
        grouped.setdefault(school.pk, (school, []))[1].append(row)
    return list(grouped.values())


def retention_due(*, today: date, closed_case_years: int) -> RetentionDue:
    """Everything past its retention period on ``today``, per school. Reads
    no safeguarding content."""
    return RetentionDue(
        today=today,
        closed_case_years=closed_case_years,
        register=register_retention_due(today=today),
        safeguarding=_by_school(
            items_due_for_review(today=today), lambda item: item.pupil.school
        ),
        closed_cases=_by_school(
            closed_cases_due_for_review(today=today, years=closed_case_years),
            lambda case: case.school,
        ),
    )


def register_marks_purge(*, today: date, by: AbstractBaseUser) -> list[RegisterRemoval]:
    """Remove the register marks due on ``today`` in every school, one school
    per transaction (``register_marks_remove``, which records each)."""
    removals = []
    for due in register_retention_due(today=today):
        removal = register_marks_remove(school=due.school, today=today, by=by)
        if removal is not None:
            removals.append(removal)
    return removals
