"""Import a school's pupils (its roll) from CSV.

Columns: ``upn,forename,surname,date_of_birth,year_group``; optional
``preferred_forename``, ``preferred_surname``, ``sen_status`` (N, K or E),
``pupil_premium``, ``has_social_worker``, ``looked_after``,
``subject_to_care_order`` (yes/no, true/false,
1/0 or Y/N), ``admission_date`` (YYYY-MM-DD, the first day on this school's
roll; today if left out). A UPN already on roll at the school is updated when
its row differs and left alone when it does not, so importing a file twice
changes nothing. A school's roll is a few thousand rows at most, so this goes
through the ORM.

A UPN on roll at another school of this installation is a pupil joining from
it: a move (``schools.services.pupil_move``), counted and worded exactly as a
new pupil, so that an import never tells a school whether a UPN is known
elsewhere, nor names the other school.
"""

from datetime import date
from typing import BinaryIO

from django.db import transaction
from django.utils import timezone

from attendance.csv_files import (
    FileRefused,
    ImportReport,
    RowError,
    cell,
    csv_rows,
    file_sha256,
    import_run_record,
)
from attendance.figures import figures_refresh
from attendance.models import ImportKind
from attendance.register_import import ISO_DATE, ImportedBy, upn_problem
from schools.enums import SenStatus, YearGroup
from schools.models import Pupil, School
from schools.services import pupil_move

REQUIRED = ("upn", "forename", "surname", "date_of_birth", "year_group")
FLAGS = ("pupil_premium", "has_social_worker", "looked_after", "subject_to_care_order")
OPTIONAL = (
    "preferred_forename",
    "preferred_surname",
    "sen_status",
    *FLAGS,
    "admission_date",
)
TRUE = {"yes", "y", "true", "1"}
FALSE = {"no", "n", "false", "0", ""}
YEAR_GROUPS = {
    **{str(value): value for value in YearGroup.values},
    "N": YearGroup.NURSERY,
    "R": YearGroup.RECEPTION,
}
NAME_LIMIT = Pupil._meta.get_field("legal_forename").max_length


def pupils_import(
    stream: BinaryIO,
    *,
    school: School,
    file_name: str,
    imported_by: ImportedBy,
    skip_invalid: bool = False,
    today: date | None = None,
) -> ImportReport:
    """Import a pupils CSV into ``school``'s roll; returns the report.

    Side effects, only when the report says ``imported``: new pupils, changed
    pupils updated (a pupil on roll elsewhere moved here), an ImportRun, and
    the school's list figures recomputed. A refused file changes nothing.
    """
    today = today or timezone.localdate()
    report = ImportReport(file_name=file_name)
    started_at = timezone.now()
    sha256 = file_sha256(stream)
    try:
        columns, rows = csv_rows(stream, required=REQUIRED, optional=OPTIONAL)
        wanted: dict[str, tuple[int, dict]] = {}
        joining_on: dict[str, date] = {}
        for line, cells in rows:
            report.rows_read += 1
            values, errors = _pupil_values(line, cells, columns, today)
            joined_on, problem = _admission_date(line, cells, columns, today)
            if problem:
                errors.append(problem)
            upn = values.get("upn", "")
            if not errors and upn in wanted:
                errors.append(
                    RowError(
                        line,
                        "upn",
                        upn,
                        f"The UPN is already on line {wanted[upn][0]} of this file.",
                    )
                )
            if errors:
                report.errors.extend(errors)
            else:
                wanted[upn] = (line, values)
                joining_on[upn] = joined_on
    except FileRefused as refused:
        report.errors = [refused.error]
        return report

    report.errors.sort(key=lambda error: (error.line, error.field))
    if report.errors and not skip_invalid:
        return report

    with transaction.atomic():
        existing = {pupil.upn: pupil for pupil in Pupil.objects.filter(upn__in=wanted)}
        to_create, to_update, joining = [], [], []
        for upn, (_line, values) in wanted.items():
            pupil = existing.get(upn)
            if pupil is None:
                to_create.append(Pupil(school=school, **values))
                continue
            changed = any(
                getattr(pupil, name) != value for name, value in values.items()
            )
            for name, value in values.items():
                setattr(pupil, name, value)
            if pupil.school_id != school.pk:
                joining.append(pupil)
            elif changed:
                to_update.append(pupil)
        for pupil in joining:
            pupil_move(
                pupil=pupil,
                to_school=school,
                joined_on=joining_on[pupil.upn],
                by=imported_by.user,
            )
        to_update += joining
        Pupil.objects.bulk_create(to_create, batch_size=500)
        if to_update:
            Pupil.objects.bulk_update(
                to_update, [name for name in _FIELDS if name != "upn"], batch_size=500
            )
        report.created = len(to_create) + len(joining)
        report.amended = len(to_update) - len(joining)
        report.unchanged = len(wanted) - report.created - report.amended
        report.imported = True
        import_run_record(
            report,
            school=school,
            kind=ImportKind.PUPILS,
            sha256=sha256,
            reason="pupil import",
            imported_by=imported_by,
            started_at=started_at,
        )
    figures_refresh(school=school, as_of=today)
    return report


_FIELDS = (
    "upn",
    "legal_forename",
    "legal_surname",
    "preferred_forename",
    "preferred_surname",
    "date_of_birth",
    "year_group",
    "sen_status",
    *FLAGS,
)


def _admission_date(
    line: int, cells: list[str], columns: dict[str, int], today: date
) -> tuple[date, RowError | None]:
    raw = cell(cells, columns, "admission_date")
    if not raw:
        return today, None
    if ISO_DATE.match(raw):
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            return today, RowError(
                line, "admission_date", raw, "There is no such date."
            )
        if abs((day - today).days) <= 366:
            return day, None
        return today, RowError(
            line,
            "admission_date",
            raw,
            "The admission date must be within a year of today.",
        )
    return today, RowError(
        line,
        "admission_date",
        raw,
        "The admission date must be written YYYY-MM-DD, for example 2026-09-03.",
    )


def _pupil_values(
    line: int, cells: list[str], columns: dict[str, int], today: date
) -> tuple[dict, list[RowError]]:
    errors: list[RowError] = []
    values: dict = {}

    upn = cell(cells, columns, "upn")
    if problem := upn_problem(upn):
        errors.append(RowError(line, "upn", upn, problem))
    values["upn"] = upn

    for column, field in (
        ("forename", "legal_forename"),
        ("surname", "legal_surname"),
        ("preferred_forename", "preferred_forename"),
        ("preferred_surname", "preferred_surname"),
    ):
        name = cell(cells, columns, column)
        if column in REQUIRED and not name:
            errors.append(RowError(line, column, name, f"The {column} is missing."))
        elif len(name) > NAME_LIMIT:
            errors.append(
                RowError(
                    line,
                    column,
                    name,
                    f"Names are at most {NAME_LIMIT} characters here.",
                )
            )
        values[field] = name

    raw = cell(cells, columns, "date_of_birth")
    born = None
    if not ISO_DATE.match(raw):
        errors.append(
            RowError(
                line,
                "date_of_birth",
                raw,
                "The date of birth must be written YYYY-MM-DD, for example 2012-03-14.",
            )
        )
    else:
        try:
            born = date.fromisoformat(raw)
        except ValueError:
            errors.append(
                RowError(line, "date_of_birth", raw, "There is no such date.")
            )
        else:
            if born >= today or born.year < today.year - 25:
                errors.append(
                    RowError(
                        line,
                        "date_of_birth",
                        raw,
                        "The date of birth is not that of a school-age pupil.",
                    )
                )
    values["date_of_birth"] = born

    raw = cell(cells, columns, "year_group").upper().removeprefix("YEAR ").strip()
    if raw not in YEAR_GROUPS:
        errors.append(
            RowError(
                line,
                "year_group",
                cell(cells, columns, "year_group"),
                "The year group must be N (nursery), R (reception) or 1 to 13.",
            )
        )
    values["year_group"] = YEAR_GROUPS.get(raw)

    raw = cell(cells, columns, "sen_status").upper() or SenStatus.NONE
    if raw not in SenStatus.values:
        errors.append(
            RowError(
                line,
                "sen_status",
                raw,
                "The SEN status must be N (none), K (SEN support) or E (EHC plan).",
            )
        )
    values["sen_status"] = raw

    for flag in FLAGS:
        raw = cell(cells, columns, flag).lower()
        if raw in TRUE:
            values[flag] = True
        elif raw in FALSE:
            values[flag] = False
        else:
            errors.append(
                RowError(line, flag, raw, "Write yes or no (or true/false, 1/0).")
            )
    if values.get("subject_to_care_order") and values.get("looked_after") is False:
        errors.append(
            RowError(
                line,
                "subject_to_care_order",
                "yes",
                "A child subject to a care order is looked after: write yes in "
                "looked_after too.",
            )
        )
    return values, errors
