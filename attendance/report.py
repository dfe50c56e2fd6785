"""The attendance report: one row per pupil on roll, the same for the command
line and the portal's CSV download."""

import json
from datetime import date
from typing import TextIO

from attendance.measures import school_measures
from schools.csv_export import safe_csv_writer
from schools.models import Pupil, School

REPORT_FIELDS = (
    "upn",
    "surname",
    "forename",
    "year_group",
    "possible",
    "attended",
    "authorised",
    "unauthorised",
    "late",
    "late_after_close",
    "attendance_rate",
    "persistent_absence",
    "severe_absence",
    "unauthorised_in_10_weeks",
    "ten_in_ten",
)


def report_rows(school: School, as_of: date) -> list[dict]:
    """Every pupil on roll: who they are (the names staff know them by, and
    the year group) and their figures, by UPN."""
    pupils = {pupil.upn: pupil for pupil in Pupil.objects.filter(school=school)}
    return [
        _with_pupil(measures.as_report_row(), pupils[measures.upn])
        for measures in school_measures(school, as_of)
    ]


def _with_pupil(row: dict, pupil: Pupil) -> dict:
    return {
        "upn": row.pop("upn"),
        "surname": pupil.surname,
        "forename": pupil.forename,
        "year_group": pupil.get_year_group_display(),
        **row,
    }


def write_csv(rows: list[dict], out: TextIO) -> None:
    """CSV with a header; rates to one decimal place, empty when nothing was
    possible; flags as true/false."""
    writer = safe_csv_writer(out)
    writer.writerow(REPORT_FIELDS)
    for row in rows:
        writer.writerow([_csv_value(name, row[name]) for name in REPORT_FIELDS])


def _csv_value(name: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if name == "attendance_rate":
        return f"{value:.1f}"
    return str(value)


def write_json(rows: list[dict], out: TextIO) -> None:
    json.dump(rows, out, indent=1)
    out.write("\n")
