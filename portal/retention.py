"""The retention run: what is due under each rule, per school, and the removal
of register marks that are due. ``manage.py apply_retention`` prints it; the
rules are in ``schools.retention`` and docs/retention.md explains them.

Register marks are removed through ``attendance.services.register_marks_remove``
and closed cases through ``case_remove`` (each recorded). Safeguarding records
are only listed, for the DSL to review, and a closed case that one of them
refers to is kept.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pgtrigger
from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction

from attendance.models import RegisterRemoval
from attendance.selectors import RegisterDue, register_retention_due
from attendance.services import register_marks_remove
from cases.models import Case, CaseRemoval
from cases.selectors import closed_cases_due_for_review
from safeguarding.models import RestrictedItem
from safeguarding.selectors import items_due_for_review
from schools.linked_rows import linked_rows
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
    closed_cases: list[tuple[School, list["CaseDue"]]]

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
            closed_cases_due(today=today, years=closed_case_years),
            lambda due: due.case.school,
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


# --- Closed cases -------------------------------------------------------------

# The apps whose rows can hang off a case. A closed case's removal takes every
# row of these that points at the case, or (step by step) at a row already
# taken: its chronology, checklist, sharing, plans, pupil voice on the case,
# meetings, letters and emails, contracts and notices, orders, referrals and
# bundles, and the "consult the DSL" flag.
CASE_APPS = (
    "cases",
    "plans",
    "voice",
    "letters",
    "meetings",
    "contracts",
    "legal",
    "safeguarding",
)
# Restricted records are kept until the pupil is 25 whatever happens to the
# case: one that points at the case keeps it (see case_blockers).
KEPT_WITH_THE_PUPIL = {
    "safeguarding.restricteditem",
    "safeguarding.restrictednote",
    "safeguarding.restrictedlink",
}


def _case_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in CASE_APPS
        and model._meta.label_lower not in KEPT_WITH_THE_PUPIL
        and model is not Case
    ]


def case_rows(case: Case) -> dict[type[models.Model], set]:
    """Every row that goes with the case, by model, the case included."""
    return linked_rows({Case: {case.pk}}, _case_models())


def case_blockers(found: dict[type[models.Model], set]) -> list[str]:
    """Rows that would remain pointing at a row that goes: each keeps the case.

    A restricted record about the case, or another case's record that refers
    to one of this case's (a referral following this case's penalty notice).
    """
    blockers = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.local_concrete_fields:
            if not (field.is_relation and field.related_model in found):
                continue
            outside = model._base_manager.filter(
                **{f"{field.name}__in": sorted(found[field.related_model])}
            ).exclude(pk__in=sorted(found.get(model, set())))
            if outside.exists():
                blockers.append(str(model._meta.verbose_name_plural))
    return sorted(set(blockers))


def _protect_triggers(models_: Iterable[type[models.Model]]) -> list[str]:
    return [
        f"{model._meta.label}:{trigger.name}"
        for model in models_
        for trigger in getattr(model._meta, "triggers", [])
        if isinstance(trigger, pgtrigger.Protect)
    ]


@dataclass(frozen=True)
class CaseDue:
    case: Case
    rows: dict[str, int]
    kept_because: list[str]


def closed_cases_due(*, today: date, years: int) -> list[CaseDue]:
    """Each closed case past its period, with what would go, or why it stays."""
    due = []
    for case in closed_cases_due_for_review(today=today, years=years):
        found = case_rows(case)
        due.append(
            CaseDue(
                case=case,
                rows={
                    model._meta.label_lower: len(pks) for model, pks in found.items()
                },
                kept_because=case_blockers(found),
            )
        )
    return due


def case_remove(*, case: Case, today: date, years: int, by) -> CaseRemoval | None:
    """Remove a closed case past its period, with every row that goes with it,
    and record it; None (nothing removed) when something keeps it.

    ``by`` must be an active superuser. One transaction: the rows are deleted
    with the append-only triggers of their tables set aside for these
    statements only (``pgtrigger.ignore``), the foreign keys checked by the
    database at commit, then the case's files are deleted from storage.
    """
    if not (by.is_active and by.is_superuser):
        raise ValidationError("Only an active superuser can remove cases.")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if (
            not closed_cases_due_for_review(today=today, years=years)
            .filter(pk=case.pk)
            .exists()
        ):
            return None
        found = case_rows(case)
        if case_blockers(found):
            return None
        files = [
            getattr(row, field.name)
            for model, pks in found.items()
            for field in model._meta.concrete_fields
            if isinstance(field, models.FileField)
            for row in model._base_manager.filter(pk__in=sorted(pks)).exclude(
                **{field.name: ""}
            )
        ]
        school, closed_at = case.school, case.closed_at
        with pgtrigger.ignore(*_protect_triggers(found)):
            for model, pks in found.items():
                doomed = model._base_manager.filter(pk__in=sorted(pks))
                doomed._raw_delete(doomed.db)
        removal = CaseRemoval.objects.create(
            case_number=case.pk,
            school=school,
            closed_at=closed_at,
            removed_by=by,
            removed_by_name=by.get_full_name() or by.get_username(),
            rows={model._meta.label_lower: len(pks) for model, pks in found.items()},
        )
        names = [(stored.storage, stored.name) for stored in files]
        transaction.on_commit(lambda: _files_delete(names))
    return removal


def _files_delete(names) -> None:
    for storage, name in names:
        storage.delete(name)


def closed_cases_purge(*, today: date, years: int, by) -> list[CaseRemoval]:
    """Remove every closed case past its period that nothing keeps, one
    transaction each."""
    removals = []
    for due in closed_cases_due(today=today, years=years):
        if due.kept_because:
            continue
        removal = case_remove(case=due.case, today=today, years=years, by=by)
        if removal is not None:
            removals.append(removal)
    return removals
