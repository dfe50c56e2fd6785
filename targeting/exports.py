"""The pack as one CSV file and as a PDF.

The CSV has one section a block of rows, named in its first column ("list"),
and is written with the one CSV writer every export uses
(``schools.csv_export``). The PDF is printed from HTML with WeasyPrint, as the
letters are (``letters.documents.letter_pdf``), at the moment it is asked for:
a 1,000-pupil school's pack (some 500 pupil rows) took about 6 seconds on a
busy two-core test machine, short of any timeout, so it is not queued
(docs/targeting-support.md).
"""

import io

from django.template.loader import render_to_string

from letters.documents import letter_pdf
from schools.csv_export import safe_csv_writer
from targeting.selectors import Pack

CSV_HEADER = ("list", "item", "year group", "attendance %", "detail")


def _percent(value) -> str:
    return "" if value is None else f"{value}"


def pack_rows(pack: Pack) -> list[tuple]:
    """Every row of the pack's CSV, header first."""
    whole = pack.figures.whole
    headline = "Headline figures"
    rows: list[tuple] = [CSV_HEADER]
    rows += [
        (headline, "Figures as of", "", "", pack.as_of.isoformat()),
        (headline, "Pupils on roll", "", "", whole.pupils),
        (headline, "Attendance rate", "", _percent(whole.rate), ""),
        (headline, "Persistently absent pupils", "", "", whole.persistent),
        (headline, "Persistent absence rate", "", _percent(whole.persistent_rate), ""),
        (headline, "Severely absent pupils", "", "", whole.severe),
        (headline, "Severe absence rate", "", _percent(whole.severe_rate), ""),
        (headline, "10 in 10 threshold met", "", "", pack.figures.ten_in_ten),
    ]
    for pack_list in pack.lists:
        for pupil in pack_list.pupils:
            detail = (
                f"{pupil.unauthorised_in_10_weeks} unauthorised sessions in 10 weeks"
                if pack_list.key == "ten-in-ten"
                else f"{pupil.absent} of {pupil.possible} sessions missed"
            )
            rows.append(
                (
                    pack_list.title,
                    pupil.name,
                    pupil.year_group,
                    _percent(pupil.rate),
                    detail,
                )
            )
    for label, count in pack.open_cases:
        rows.append(("Open cases by stage", label, "", "", count))
    for row in pack.to_discuss:
        side = row.item.get_added_by_side_display()
        detail = row.item.reason
        if row.stage:
            detail = f"Case: {row.stage}. {detail}"
        rows.append(
            (
                f"To discuss (put forward by {side.lower()})",
                row.item.pupil.display_name,
                row.year_group,
                _percent(row.rate),
                detail,
            )
        )
    for row in pack.earlier_actions:
        action = row.action
        status = action.get_status_display()
        if row.carried_into:
            status = f"Carried into the {row.carried_into}"
        rows.append(
            (
                f"Actions from the {action.meeting.term_ref}",
                action.what,
                "",
                "",
                f"{action.owner}; due {action.due_on.isoformat()}; {status}"
                + (f": {action.status_note}" if action.status_note else ""),
            )
        )
    for action in pack.actions:
        rows.append(
            (
                "Actions agreed",
                action.what,
                "",
                "",
                f"{action.owner}; due {action.due_on.isoformat()}; "
                f"{action.get_status_display()}",
            )
        )
    return rows


def pack_csv(pack: Pack) -> str:
    out = io.StringIO()
    safe_csv_writer(out).writerows(pack_rows(pack))
    return out.getvalue()


def pack_pdf(pack: Pack) -> bytes:
    html = render_to_string("targeting/pack_pdf.html", {"pack": pack})
    return letter_pdf(
        html, identifier=f"targeting-pack:{pack.meeting.pk}:{pack.as_of.isoformat()}"
    )


def pack_filename(pack: Pack, extension: str) -> str:
    ref = pack.meeting.term_ref
    return (
        f"targeting-pack-{pack.meeting.school.urn}-{ref.year_start}-"
        f"{ref.term.label.lower()}.{extension}"
    )
