"""The attendance pages: who may open them (everyone else gets a 404), what the
lists hold, the upload and its report, the CSV download, and the pupil page."""

import csv
import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from attendance.measures import school_measures
from attendance.models import ImportRun, RegisterMark
from attendance.report import REPORT_FIELDS
from schools.ages import is_compulsory_school_age
from schools.models import Pupil, School
from tests.conftest import DEMO_USERNAMES, EDITOR_USERNAME
from tests.factories import PupilFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

CHAUCER_URN = "900001"
CHAUCER_STAFF = {
    f"{role}.chaucer" for role in ("officer", "pastoral", "lead", "dsl", "head")
}
WOOLWICH_STAFF = {name.replace("chaucer", "woolwich") for name in CHAUCER_STAFF}
IMPORTERS = {"officer.chaucer", "lead.chaucer", "officer.woolwich", "lead.woolwich"}
EVERYONE = [*DEMO_USERNAMES, EDITOR_USERNAME]


def chaucer() -> School:
    return School.objects.get(urn=CHAUCER_URN)


def status_for(client, url: str) -> int:
    return client.get(url).status_code


@pytest.mark.parametrize("username", EVERYONE)
def test_who_may_open_each_attendance_page(client_as, username):
    client = client_as(username)
    school = chaucer()
    pupil = Pupil.objects.filter(school=school).first()
    staff = CHAUCER_STAFF | WOOLWICH_STAFF
    expected = {
        reverse("portal:attendance:lists"): 200 if username in staff else 404,
        reverse("portal:attendance:pupil", args=[pupil.pk]): (
            200 if username in CHAUCER_STAFF else 404
        ),
        reverse("portal:attendance:report_csv") + f"?school={school.pk}": (
            200 if username in CHAUCER_STAFF else 404
        ),
        reverse("portal:attendance:upload"): 200 if username in IMPORTERS else 404,
    }
    assert {url: status_for(client, url) for url in expected} == expected


def test_a_superuser_without_a_role_sees_no_registers(client_as, django_user_model):
    admin = django_user_model.objects.create_superuser(
        "root", "root@example.org", "not-used-password-123"
    )
    client = client_as(admin)
    pupil = Pupil.objects.filter(school=chaucer()).first()
    assert status_for(client, reverse("portal:attendance:lists")) == 404
    assert (
        status_for(client, reverse("portal:attendance:pupil", args=[pupil.pk])) == 404
    )


def test_lists_of_another_school_are_a_404(client_as):
    url = reverse("portal:attendance:lists") + f"?school={chaucer().pk}"
    assert status_for(client_as("officer.woolwich"), url) == 404


@pytest.mark.parametrize(
    ("key", "flag"),
    [
        ("persistent", "persistent_absence"),
        ("severe", "severe_absence"),
        ("ten-in-ten", "ten_in_ten"),
    ],
)
def test_each_list_holds_exactly_the_pupils_the_measures_flag(client_as, key, flag):
    school = chaucer()
    today = timezone.localdate()
    flagged = {m.upn for m in school_measures(school, today) if getattr(m, flag)}
    if key == "ten-in-ten":  # only pupils of compulsory school age
        flagged = {
            upn
            for upn, born in Pupil.objects.filter(upn__in=flagged).values_list(
                "upn", "date_of_birth"
            )
            if is_compulsory_school_age(born, today)
        }
    client = client_as("pastoral.chaucer")
    response = client.get(
        reverse("portal:attendance:lists"), {"school": school.pk, "list": key}
    )
    assert response.status_code == 200
    links = BeautifulSoup(response.content, "html.parser").select("#staff-list tbody a")
    pks = [int(a["href"].rstrip("/").rsplit("/", 1)[1]) for a in links]
    assert (
        set(Pupil.objects.filter(pk__in=pks).values_list("upn", flat=True)) == flagged
    )


def test_lists_filter_by_year_group(client_as):
    school = chaucer()
    year = Pupil.objects.filter(school=school).values_list("year_group", flat=True)[0]
    client = client_as("pastoral.chaucer")
    response = client.get(
        reverse("portal:attendance:lists"),
        {"school": school.pk, "list": "unexplained-today", "year_group": year},
    )
    soup = BeautifulSoup(response.content, "html.parser")
    years = {td.get_text() for td in soup.select("#staff-list tbody td:nth-of-type(1)")}
    assert years <= {Pupil(year_group=year).get_year_group_display()}


def test_list_page_queries_do_not_grow_with_pupils(client_as):
    school = chaucer()
    client = client_as("officer.chaucer")
    url = reverse("portal:attendance:lists") + f"?school={school.pk}&list=persistent"
    client.get(url)  # warm-up
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    today = timezone.localdate()
    for pupil in PupilFactory.create_batch(30, school=school):
        RegisterMark.objects.bulk_create(
            RegisterMark(
                pupil=pupil,
                school=school,
                date=today - timedelta(days=offset),
                session="AM",
                code="N",
            )
            for offset in range(3)
        )
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    assert response.status_code == 200
    assert len(after) == len(before)


def test_htmx_list_request_returns_only_the_list(client_as):
    client = client_as("officer.chaucer")
    response = client.get(
        reverse("portal:attendance:lists"),
        {"list": "severe"},
        headers={"HX-Request": "true", "HX-Target": "staff-list"},
    )
    assert response.status_code == 200
    assert response.content.lstrip().startswith(b'<section id="staff-list"')


def test_report_download_has_every_pupil_on_roll(client_as):
    school = chaucer()
    response = client_as("head.chaucer").get(
        reverse("portal:attendance:report_csv"), {"school": school.pk}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert tuple(rows[0]) == REPORT_FIELDS
    assert sorted(row[0] for row in rows[1:]) == sorted(
        Pupil.objects.filter(school=school).values_list("upn", flat=True)
    )


def test_pupil_page_shows_figures_chart_register_and_amendments(client_as):
    school = chaucer()
    mark = RegisterMark.objects.filter(school=school, amendments__isnull=False).first()
    assert mark is not None, "the demo amends a few marks at each school"
    response = client_as("dsl.chaucer").get(
        reverse("portal:attendance:pupil", args=[mark.pupil_id])
    )
    soup = BeautifulSoup(response.content, "html.parser")
    svg = soup.find("svg")
    assert svg["role"] == "img"
    assert soup.find(id="chart-desc") is not None
    amendment_rows = (
        soup.find("h2", string="Amendments").find_next("tbody").find_all("tr")
    )
    assert any(
        "Parent phoned the next morning" in row.get_text() for row in amendment_rows
    )
    register_codes = {
        span.get_text() for span in soup.select(".register td .register__code")
    }
    key_codes = {span.get_text() for span in soup.select("dt .register__code")}
    assert register_codes <= key_codes


def test_officer_uploads_a_file_with_a_bad_row_then_the_fixed_file(client_as):
    school = chaucer()
    pupil = Pupil.objects.filter(school=school).first()
    day = timezone.localdate() - timedelta(days=400)  # last year: no demo marks
    client = client_as("officer.chaucer")

    def upload(content: str):
        return client.post(
            reverse("portal:attendance:upload"),
            {
                "school": school.pk,
                "kind": "marks",
                "file": SimpleUploadedFile("late-marks.csv", content.encode()),
                "reason": "",
            },
        )

    bad = f"upn,date,session,code\n{pupil.upn},{day},AM,/\n{pupil.upn},{day},PM,ZZ\n"
    response = upload(bad)
    assert response.status_code == 422
    soup = BeautifulSoup(response.content, "html.parser")
    (row,) = soup.select("#import-report tbody tr")
    assert [cell.get_text() for cell in row.find_all(["th", "td"])] == [
        "3",
        "code",
        "ZZ",
        "This is not a national attendance code.",
    ]
    assert not RegisterMark.objects.filter(pupil=pupil, date=day).exists()

    response = upload(bad.replace(",PM,ZZ", ",PM,\\"))
    assert response.status_code == 200
    assert RegisterMark.objects.filter(pupil=pupil, date=day).count() == 2
    run = ImportRun.objects.get(school=school, file_name="late-marks.csv")
    assert (run.run_by.username, run.run_by_position) == (
        "officer.chaucer",
        "Attendance officer",
    )


def test_an_officer_cannot_import_into_another_school(client_as):
    school = chaucer()
    pupil = Pupil.objects.filter(school=school).first()
    day = timezone.localdate() - timedelta(days=400)
    response = client_as("officer.woolwich").post(
        reverse("portal:attendance:upload"),
        {
            "school": school.pk,
            "kind": "marks",
            "file": SimpleUploadedFile(
                "x.csv", f"upn,date,session,code\n{pupil.upn},{day},AM,/\n".encode()
            ),
        },
    )
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    assert not RegisterMark.objects.filter(pupil=pupil, date=day).exists()


def test_upload_refuses_a_file_that_is_not_csv(client_as):
    response = client_as("officer.chaucer").post(
        reverse("portal:attendance:upload"),
        {
            "school": chaucer().pk,
            "kind": "marks",
            "file": SimpleUploadedFile("marks.xlsx", b"PK\x03\x04"),
        },
    )
    assert b"Choose a .csv file" in response.content


def test_pupil_page_shows_only_the_schools_own_register(client_as):
    """A pupil who moved: the previous school's marks and amendments are that
    school's records, not shown to the new school's staff or counted there."""
    from attendance.measures import pupil_measures
    from attendance.models import RegisterAmendment

    school = chaucer()
    pupil = Pupil.objects.filter(school=school).order_by("upn").first()
    previous = School.objects.get(urn="900002")
    today = timezone.localdate()
    saturday = today - timedelta(days=(today.weekday() - 5) % 7 or 7)
    mark = RegisterMark.objects.create(
        pupil=pupil, school=previous, date=saturday, session="AM", code="O"
    )
    RegisterAmendment.objects.create(
        mark=mark,
        original_code="/",
        new_code="O",
        reason="Recorded at the previous school",
        amended_at=timezone.now(),
        amended_by_name="Someone at Woolwich",
    )
    response = client_as("dsl.chaucer").get(
        reverse("portal:attendance:pupil", args=[pupil.pk])
    )
    assert b"Recorded at the previous school" not in response.content
    soup = BeautifulSoup(response.content, "html.parser")
    weekly = soup.find("caption", string="Weekly attendance").find_parent("table")
    shown_possible = sum(
        int(row.find_all("td")[0].get_text()) for row in weekly.select("tbody tr")
    )
    assert shown_possible == pupil_measures(pupil, today).possible


def test_a_filtered_list_downloads_as_shown(client_as):
    school = chaucer()
    year = (
        Pupil.objects.filter(school=school)
        .values_list("year_group", flat=True)
        .order_by("year_group")
        .first()
    )
    query = {"school": school.pk, "list": "persistent", "year_group": year}
    client = client_as("lead.chaucer")
    page = client.get(reverse("portal:attendance:lists"), {**query, "sort": "name"})
    shown = [
        int(a["href"].rstrip("/").rsplit("/", 1)[1])
        for a in BeautifulSoup(page.content, "html.parser").select(
            "#staff-list tbody a"
        )
    ]
    response = client.get(
        reverse("portal:attendance:list_csv"), {**query, "sort": "name"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="persistent-'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["upn", "surname", "forename", "year_group"]
    upns = dict(Pupil.objects.filter(pk__in=shown).values_list("pk", "upn"))
    # Every pupil of the list (all pages), in the order shown, first page first.
    assert [row[0] for row in rows[1 : len(shown) + 1]] == [upns[pk] for pk in shown]
    assert len(rows) - 1 == page.context["page"].paginator.count
    label = Pupil(year_group=year).get_year_group_display()
    assert {row[3] for row in rows[1:]} <= {label}


@pytest.mark.parametrize("username", ["officer.woolwich", "la.sheffield", "editor"])
def test_another_schools_list_download_is_a_404(client_as, username):
    url = reverse("portal:attendance:list_csv") + f"?school={chaucer().pk}"
    assert status_for(client_as(username), url) == 404


@pytest.mark.parametrize(
    ("code", "outcome"),
    [
        ("/", "attended"),
        ("L", "attended"),
        ("V", "attended"),
        ("I", "authorised"),
        ("M", "authorised"),
        ("N", "unauthorised"),
        ("G", "unauthorised"),
        ("U", "unauthorised"),
        ("X", "not-possible"),
        ("#", "not-possible"),
        ("", "none"),
        (None, "none"),
    ],
)
def test_each_register_code_is_coloured_by_what_it_counts_as(code, outcome):
    from attendance.templatetags.attendance_tags import code_outcome

    assert code_outcome(code) == outcome


def test_the_register_shows_each_code_with_its_colour_and_the_chart_its_weeks(
    client_as,
):
    mark = (
        RegisterMark.objects.filter(school=chaucer(), code="N")
        .select_related("pupil")
        .first()
    )
    response = client_as("officer.chaucer").get(
        reverse("portal:attendance:pupil", args=[mark.pupil.pk])
    )
    soup = BeautifulSoup(response.content, "html.parser")
    codes = soup.select(".register .register__code--unauthorised")
    assert codes
    # The letter itself (an officer's marks are links, with words for screen
    # readers in a hidden span after it).
    assert {next(span.strings) for span in codes} <= {"N", "G", "O", "U"}
    key = soup.select("dl .register__code--unauthorised")
    assert "N" in {span.get_text() for span in key}
    labels = [text.get_text() for text in soup.select(".chart__svg text")]
    weeks = response.context["weeks"]
    first = f"{weeks[0].monday.day} {weeks[0].monday:%b}"
    assert first in labels
    assert 1 <= len(labels) - 3 <= 8  # three are the axis's percentages
