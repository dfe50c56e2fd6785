"""Import pupils' parents and carers (their contacts) from CSV.

Columns: ``upn,contact_id,forename,surname,relationship``; optional ``title``,
``parental_responsibility``, ``lives_with_pupil``, ``priority``,
``mobile_phone``, ``home_phone``, ``work_phone``, ``email``, ``address``,
``language``, ``may_contact`` and ``contact_restriction``.

``contact_id`` is the MIS's own id for the person: one person who is the
parent of two siblings has one id, and so stays one record here, and a second
import of the same file changes nothing. For every pupil in the file, the
file is the whole list of their contacts: a contact the file no longer gives
for that pupil is unlinked from them. Pupils not in the file keep theirs.
"""

import re
from dataclasses import dataclass
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
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
from attendance.models import ImportKind
from attendance.pupil_import import FALSE, TRUE
from attendance.register_import import ImportedBy, upn_problem
from schools.enums import Relationship
from schools.models import CarerRelationship, ParentCarer, Pupil, School

REQUIRED = ("upn", "contact_id", "forename", "surname", "relationship")
OPTIONAL = (
    "title",
    "parental_responsibility",
    "lives_with_pupil",
    "priority",
    "mobile_phone",
    "home_phone",
    "work_phone",
    "email",
    "address",
    "language",
    "may_contact",
    "contact_restriction",
)
PHONES = ("mobile_phone", "home_phone", "work_phone")
PHONE = re.compile(r"^\+?[0-9 ()\-]{6,30}$")
RELATIONSHIPS = {
    **{value: value for value in Relationship.values},
    **{label.lower(): value for value, label in Relationship.choices},
    "step-parent": Relationship.STEP_PARENT,
    "stepparent": Relationship.STEP_PARENT,
    "carer": Relationship.OTHER,
}
LINK_FIELDS = (
    "relationship",
    "has_parental_responsibility",
    "has_day_to_day_care",
    "contact_priority",
    "may_contact",
    "contact_restriction",
)
# Which person fields the file sets; "language" is the column for it.
PERSON_FIELDS = (
    "title",
    "forename",
    "surname",
    *PHONES,
    "email",
    "address",
    "preferred_language",
)


@dataclass
class _Row:
    line: int
    upn: str
    reference: str
    person: dict
    link: dict


def carers_import(
    stream: BinaryIO,
    *,
    school: School,
    file_name: str,
    imported_by: ImportedBy,
    skip_invalid: bool = False,
) -> ImportReport:
    """Import a contacts CSV for ``school``'s pupils; returns the report.

    Side effects, only when the report says ``imported``: parents and carers
    added or updated, each pupil's links made exactly those of the file, and
    an ImportRun. A refused file changes nothing.
    """
    report = ImportReport(file_name=file_name)
    started_at = timezone.now()
    sha256 = file_sha256(stream)
    try:
        columns, lines = csv_rows(stream, required=REQUIRED, optional=OPTIONAL)
        rows = []
        for line, cells in lines:
            report.rows_read += 1
            row, errors = _row(line, cells, columns, school)
            report.errors.extend(errors)
            if row is not None:
                rows.append(row)
    except FileRefused as refused:
        report.errors = [refused.error]
        return report

    pupils = {
        pupil.upn: pupil
        for pupil in Pupil.objects.filter(school=school, upn__in={r.upn for r in rows})
    }
    rows = _checked_against_each_other(rows, pupils, school, report)
    report.errors.sort(key=lambda error: (error.line, error.field))
    if report.errors and not skip_invalid:
        return report

    with transaction.atomic():
        _apply(rows, pupils, report)
        report.imported = True
        import_run_record(
            report,
            school=school,
            kind=ImportKind.CARERS,
            sha256=sha256,
            reason="contacts import",
            imported_by=imported_by,
            started_at=started_at,
        )
    return report


def _yes_no(line, cells, columns, column, default: bool, errors) -> bool:
    raw = cell(cells, columns, column).lower()
    if not raw:
        return default
    if raw in TRUE:
        return True
    if raw in FALSE:
        return False
    errors.append(RowError(line, column, raw, "Write yes or no (or true/false, 1/0)."))
    return default


def _row(line, cells, columns, school) -> tuple[_Row | None, list[RowError]]:
    errors: list[RowError] = []
    upn = cell(cells, columns, "upn")
    if problem := upn_problem(upn):
        errors.append(RowError(line, "upn", upn, problem))
    reference = cell(cells, columns, "contact_id")
    if not reference:
        errors.append(
            RowError(line, "contact_id", "", "The MIS's id for the contact is missing.")
        )
    elif len(reference) > 60:
        errors.append(
            RowError(line, "contact_id", reference, "The id is over 60 characters.")
        )

    person = {"preferred_language": cell(cells, columns, "language") or "English"}
    for column in ("title", "forename", "surname", "email", "address", *PHONES):
        person[column] = cell(cells, columns, column)
    for column in ("forename", "surname"):
        if not person[column]:
            errors.append(RowError(line, column, "", f"The {column} is missing."))
    for column, limit in (("title", 20), ("forename", 80), ("surname", 80)):
        if len(person[column]) > limit:
            errors.append(
                RowError(
                    line, column, person[column], f"At most {limit} characters here."
                )
            )
    for column in PHONES:
        if person[column] and not PHONE.match(person[column]):
            errors.append(
                RowError(
                    line,
                    column,
                    person[column],
                    "A phone number is digits, spaces, brackets and dashes, "
                    "with + at the start for an international number.",
                )
            )
    if person["email"]:
        try:
            validate_email(person["email"])
        except ValidationError:
            errors.append(
                RowError(line, "email", person["email"], "This is not an email.")
            )

    raw = cell(cells, columns, "relationship")
    relationship = RELATIONSHIPS.get(raw.lower())
    if relationship is None:
        errors.append(
            RowError(
                line,
                "relationship",
                raw,
                "The relationship must be one of: "
                + ", ".join(label.lower() for _v, label in Relationship.choices)
                + ".",
            )
        )
    raw = cell(cells, columns, "priority") or "1"
    priority = int(raw) if raw.isascii() and raw.isdigit() else 0
    if not 1 <= priority <= 99:
        errors.append(
            RowError(line, "priority", raw, "The priority is a whole number, 1 to 99.")
        )
    may_contact = _yes_no(line, cells, columns, "may_contact", True, errors)
    restriction = cell(cells, columns, "contact_restriction")
    if len(restriction) > 200:
        errors.append(
            RowError(
                line, "contact_restriction", restriction, "At most 200 characters."
            )
        )
    link = {
        "relationship": relationship,
        "has_parental_responsibility": _yes_no(
            line, cells, columns, "parental_responsibility", True, errors
        ),
        "has_day_to_day_care": _yes_no(
            line, cells, columns, "lives_with_pupil", True, errors
        ),
        "contact_priority": priority,
        "may_contact": may_contact,
        "contact_restriction": "" if may_contact else restriction,
    }
    if errors:
        return None, errors
    return _Row(line, upn, f"{school.urn}:{reference}", person, link), []


def _checked_against_each_other(
    rows: list[_Row], pupils: dict[str, Pupil], school: School, report: ImportReport
) -> list[_Row]:
    """The rows that agree with the roll and with each other; errors for the rest."""
    first_of_person: dict[str, _Row] = {}
    first_of_link: dict[tuple[str, str], int] = {}
    kept = []
    for row in rows:
        problem = None
        if row.upn not in pupils:
            problem = RowError(
                row.line,
                "upn",
                row.upn,
                f"No pupil with this UPN is on roll at {school.name}.",
            )
        elif (row.upn, row.reference) in first_of_link:
            problem = RowError(
                row.line,
                "contact_id",
                row.reference.split(":", 1)[1],
                f"This contact is already linked to this pupil on line "
                f"{first_of_link[row.upn, row.reference]}.",
            )
        else:
            earlier = first_of_person.get(row.reference)
            if earlier is not None and earlier.person != row.person:
                differing = next(
                    name
                    for name in PERSON_FIELDS
                    if earlier.person[name] != row.person[name]
                )
                problem = RowError(
                    row.line,
                    differing if differing != "preferred_language" else "language",
                    row.person[differing],
                    f"The same contact_id has other details on line {earlier.line}.",
                )
        if problem:
            report.errors.append(problem)
            continue
        first_of_person.setdefault(row.reference, row)
        first_of_link[row.upn, row.reference] = row.line
        kept.append(row)
    return kept


def _sorted_out(existing: dict, wanted: dict, make) -> tuple[list, list]:
    """Compare records with what the file wants: (new records, changed records).

    ``existing`` and ``wanted`` map the same keys to records and to field
    values; ``make(key, values)`` builds a new record.
    """
    new, changed = [], []
    for key, values in wanted.items():
        record = existing.get(key)
        if record is None:
            new.append(make(key, values))
        elif any(getattr(record, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(record, name, value)
            changed.append(record)
    return new, changed


def _apply(rows: list[_Row], pupils: dict[str, Pupil], report: ImportReport) -> None:
    """Write the people, then each pupil's links, in bulk; counts both."""
    people_wanted = {}
    for row in rows:
        people_wanted.setdefault(row.reference, row.person)
    people = {
        carer.mis_reference: carer
        for carer in ParentCarer.objects.filter(mis_reference__in=people_wanted)
    }
    new_people, changed_people = _sorted_out(
        people,
        people_wanted,
        lambda reference, values: ParentCarer(mis_reference=reference, **values),
    )
    ParentCarer.objects.bulk_create(new_people, batch_size=500)
    ParentCarer.objects.bulk_update(changed_people, PERSON_FIELDS, batch_size=500)
    people.update((carer.mis_reference, carer) for carer in new_people)

    links_wanted = {
        (pupils[row.upn].pk, people[row.reference].pk): row.link for row in rows
    }
    links = {
        (link.pupil_id, link.parent_carer_id): link
        for link in CarerRelationship.objects.filter(
            pupil_id__in={pupil_id for pupil_id, _carer_id in links_wanted}
        )
    }
    new_links, changed_links = _sorted_out(
        links,
        links_wanted,
        lambda key, values: CarerRelationship(
            pupil_id=key[0], parent_carer_id=key[1], **values
        ),
    )
    CarerRelationship.objects.bulk_create(new_links, batch_size=500)
    CarerRelationship.objects.bulk_update(changed_links, LINK_FIELDS, batch_size=500)
    gone = [link.pk for key, link in links.items() if key not in links_wanted]
    CarerRelationship.objects.filter(pk__in=gone).delete()

    created = len(new_people) + len(new_links)
    changed = len(changed_people) + len(changed_links)
    report.created = created
    report.amended = changed + len(gone)
    report.unchanged = len(people_wanted) + len(links_wanted) - created - changed
    if gone:
        report.notes.append(
            f"{len(gone)} link(s) between a pupil and a contact the file no "
            "longer gives were removed."
        )
