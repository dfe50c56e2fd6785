"""The safe CSV writer, and every CSV export the portal offers through it: text a
spreadsheet would run as a formula arrives with an apostrophe in front."""

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from attendance.report import REPORT_FIELDS
from plans import services as plan_services
from schools.csv_export import neutralise_cell, safe_csv_writer
from schools.enums import SchoolRole
from schools.services import membership_add
from tests.cases.conftest import build_world
from tests.factories import CarerRelationshipFactory, PupilFactory, UserFactory
from tests.layout import PROJECT_APPS
from tests.safeguarding.conftest import add_note
from tests.shared_world import shared_world

pytestmark = pytest.mark.unit

LINK = '=HYPERLINK("http://evil.example","click")'
ROOT = Path(__file__).resolve().parents[2]
APPS = PROJECT_APPS


world = shared_world(build_world)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (LINK, "'" + LINK),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Alarm clock", "Alarm clock"),
        ("", ""),
        ("a=b+c", "a=b+c"),
        (7, 7),
        (-7, -7),
        (-1.5, -1.5),
        (date(2026, 11, 2), date(2026, 11, 2)),
        (None, None),
    ],
)
def test_neutralise_cell(value, expected):
    result = neutralise_cell(value)
    assert result == expected
    assert type(result) is type(expected)


def test_the_writer_escapes_every_cell_and_keeps_numbers():
    out = io.StringIO()
    writer = safe_csv_writer(out, lineterminator="\n")
    writer.writerow(["name", "count"])
    writer.writerows([[LINK, -3], ["\tx", 0]])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [
        ["name", "count"],
        ["'" + LINK, "-3"],
        ["'\tx", "0"],
    ]


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.mark.integration
def test_the_ledger_csv_escapes_every_text_column(world, client):
    officer = world.users["officer"]
    officer.first_name, officer.last_name = "-2+3", "Officer"
    officer.save()
    case = world.open_case()
    carer = CarerRelationshipFactory(
        pupil=case.pupil, parent_carer__forename="@SUM(A1:A9)"
    ).parent_carer
    plan_services.offer_save(
        case=case,
        by=officer,
        kind="other",
        kind_other=LINK,
        to_carer=carer,
        offered_on=date(2026, 11, 2),
        response="declined",
        response_on=date(2026, 11, 3),
        outcome="+1+1",
    )
    client.force_login(world.users["head"])
    rows = _csv(client.get(reverse("portal:plans:ledger_csv", args=[case.pk])))
    assert rows[1] == [
        "2 November 2026",
        "'" + LINK,
        "'@SUM(A1:A9) Example",
        "'-2+3 Officer",
        "Declined",
        "3 November 2026",
        "'+1+1",
        "",
    ]


@pytest.mark.integration
def test_the_access_report_csv_escapes_people_and_pupils(world, client):
    dsl = world.users["dsl"]
    dsl.first_name = LINK
    dsl.save()
    unnamed = UserFactory(username="@dsl.two", first_name="", last_name="")
    membership_add(user=unnamed, organisation=world.school, role=SchoolRole.DSL)
    world.users["unnamed_dsl"] = unnamed
    pupil = PupilFactory(school=world.school, legal_forename="+1+1", legal_surname="-2")
    add_note(world, pupil=pupil)
    add_note(world, pupil=pupil, by="unnamed_dsl")
    client.force_login(dsl)
    rows = _csv(client.get(reverse("portal:safeguarding:access_report_csv")))
    assert sorted((row[1], row[2], row[4]) for row in rows[1:]) == [
        ("'" + LINK + " Dsl", "Created", "'+1+1 -2"),
        ("'@dsl.two", "Created", "'+1+1 -2"),
    ]


@pytest.mark.integration
def test_the_attendance_report_csv_escapes_the_upn(world, client):
    PupilFactory(
        school=world.school,
        upn="=HYPERLINK(1)",
        legal_surname="@SUM(1)",
        legal_forename="-Robert",
        year_group=9,
    )
    client.force_login(world.users["head"])
    rows = _csv(
        client.get(reverse("portal:attendance:report_csv"), {"school": world.school.pk})
    )
    assert tuple(rows[0]) == REPORT_FIELDS
    assert rows[1][:11] == [
        "'=HYPERLINK(1)",
        "'@SUM(1)",
        "'-Robert",
        "Year 9",
        *["0"] * 6,
        "",
    ]


def test_only_the_safe_writer_makes_a_csv_writer():
    writers = {
        path.relative_to(ROOT).as_posix()
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        and ("csv.writer(" in (text := path.read_text()) or "csv.DictWriter(" in text)
    }
    assert writers == {"schools/csv_export.py"}
