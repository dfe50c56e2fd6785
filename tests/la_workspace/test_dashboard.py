"""The LA dashboard's pages: who may open them (404 for everyone else), what
they show and in what order, the CSV, and a cost that does not grow with the
number of schools."""

import csv
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from attendance.overview import weekly_comparison
from la_workspace.figures import la_school_figures
from schools.enums import LocalAuthorityRole, YearGroup
from schools.models import LocalAuthority, Pupil, School
from schools.services import membership_add
from tests.factories import LocalAuthorityFactory, PupilFactory, SchoolFactory
from tests.portal.test_overview import give_marks, school_days

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

DASHBOARD = "portal:la_workspace:dashboard"
CSV = "portal:la_workspace:dashboard_csv"
TREND = "portal:la_workspace:school_trend"
SCHOOL_STAFF = [
    f"{role}.{school}"
    for school in ("chaucer", "woolwich")
    for role in ("officer", "pastoral", "lead", "dsl", "head")
]
SHEFFIELD_SCHOOLS = {"900001", "900003"}  # Chaucer and Oakfield
GREENWICH_SCHOOLS = {"900002", "900004"}


def trend_url(urn: str) -> str:
    return reverse(TREND, args=[School.objects.get(urn=urn).pk])


def page_urls() -> list[str]:
    return [reverse(DASHBOARD), reverse(CSV), trend_url("900001"), trend_url("900002")]


@pytest.mark.parametrize("username", SCHOOL_STAFF)
def test_school_staff_get_404_on_every_page(client_as, username):
    client = client_as(username)
    sheffield = LocalAuthority.objects.get(code="373")
    for url in [*page_urls(), f"{reverse(DASHBOARD)}?la={sheffield.pk}"]:
        assert client.get(url).status_code == 404, url


def test_a_user_with_no_role_gets_404(client):
    nobody = get_user_model().objects.create_user(username="no.role")
    client.force_login(nobody)
    for url in page_urls():
        assert client.get(url).status_code == 404, url


def test_a_superuser_with_no_membership_gets_404(client):
    boss = get_user_model().objects.create_superuser(username="root", password=None)
    client.force_login(boss)
    for url in page_urls():
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize(
    ("username", "own", "other_code"),
    [
        ("la.sheffield", "900001", "203"),
        ("legal.sheffield", "900003", "203"),
        ("la.greenwich", "900002", "373"),
        ("legal.greenwich", "900004", "373"),
    ],
)
def test_the_other_las_staff_get_404(client_as, username, own, other_code):
    client = client_as(username)
    other = LocalAuthority.objects.get(code=other_code)
    for name in (DASHBOARD, CSV):
        response = client.get(f"{reverse(name)}?la={other.pk}")
        assert response.status_code == 404, name
    others = GREENWICH_SCHOOLS if other_code == "203" else SHEFFIELD_SCHOOLS
    for urn in others:
        assert client.get(trend_url(urn)).status_code == 404, urn
    assert client.get(trend_url(own)).status_code == 200


@pytest.mark.parametrize("la_field", ["abc", "999999", ""])
def test_a_bad_la_in_the_query_never_crashes(client_as, la_field):
    response = client_as("la.sheffield").get(reverse(DASHBOARD), {"la": la_field})
    assert response.status_code == (200 if la_field == "" else 404)


def test_lead_practitioner_sees_their_las_schools_with_every_column(client_as):
    response = client_as("la.sheffield").get(reverse(DASHBOARD))
    assert response.status_code == 200
    page = response.content.decode()
    assert {row.school.urn for row in response.context["rows"]} == SHEFFIELD_SCHOOLS
    assert "<h1>Figures across Sheffield's schools</h1>" in page
    assert "Woolwich" not in page
    assert "Thames Reach" not in page
    assert "<h2>Casework</h2>" in page
    assert "<h2>Legal steps</h2>" in page
    assert response.context["figures"].casework is True
    sheffield = LocalAuthority.objects.get(code="373")
    for name in ("joint_approaches", "settings"):
        link = f"{reverse('portal:la_workspace:' + name)}?la={sheffield.pk}"
        assert f'href="{link}"' in page


def test_legal_officer_sees_the_figures_and_the_legal_columns(client_as):
    response = client_as("legal.sheffield").get(reverse(DASHBOARD))
    page = response.content.decode()
    assert "<h2>Legal steps</h2>" in page
    assert "<h2>Casework</h2>" not in page
    assert "Open cases" not in page
    assert reverse("portal:la_workspace:joint_approaches") not in page
    # Sorting by open cases is for those who see them: it falls back to names.
    response = client_as("legal.sheffield").get(
        reverse(DASHBOARD), {"sort": "open_cases"}
    )
    assert response.context["page"].sort == "name"


@pytest.mark.parametrize("username", ["la.sheffield", "legal.sheffield"])
def test_the_dashboard_names_no_pupil(client_as, username):
    response = client_as(username).get(reverse(DASHBOARD))
    page = response.content.decode()
    pupils = Pupil.objects.filter(school__urn__in=SHEFFIELD_SCHOOLS)
    assert pupils.exists()
    for pupil in pupils:
        for name in (pupil.legal_surname, pupil.upn):
            assert not re.search(rf"\b{re.escape(name)}\b", page), name
    csv_text = client_as(username).get(reverse(CSV)).content.decode()
    for pupil in pupils:
        assert pupil.legal_surname not in csv_text


def test_the_page_keeps_to_the_content_security_policy(client_as):
    page = client_as("la.sheffield").get(reverse(DASHBOARD)).content.decode()
    assert " style=" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert 'role="img"' in page
    assert "<title id=" in page
    assert "<desc id=" in page


def test_an_la_worker_in_two_las_picks_one(client_as, demo_user):
    worker = demo_user("la.sheffield")
    greenwich = LocalAuthority.objects.get(code="203")
    membership_add(
        user=worker, organisation=greenwich, role=LocalAuthorityRole.LEGAL_OFFICER
    )
    client = client_as(worker)
    response = client.get(reverse(DASHBOARD))
    assert 'id="dashboard-la"' in response.content.decode()
    assert [la.code for la in response.context["page"].las] == ["203", "373"]
    response = client.get(reverse(DASHBOARD), {"la": greenwich.pk})
    assert {r.school.urn for r in response.context["rows"]} == GREENWICH_SCHOOLS
    # A legal officer only there: no casework columns for Greenwich.
    assert response.context["figures"].casework is False


# --- A hand-built LA, with marks up to today --------------------------------


def build(la, names_and_codes) -> list[School]:
    days = school_days(timezone.localdate(), 15)
    schools = []
    for name, codes_per_pupil in names_and_codes:
        school = SchoolFactory(name=name, local_authority=la)
        for codes in codes_per_pupil:
            pupil = PupilFactory(school=school, year_group=YearGroup.YEAR_8)
            give_marks(pupil, days, codes)
        schools.append(school)
    return schools


@pytest.fixture
def hand_built(client):
    la = LocalAuthorityFactory(name="Hand-built Authority")
    schools = build(
        la,
        [
            ("Birch", [["/"], ["/", "N"]]),  # 75 %, 1 persistent, 1 severe
            ("Ash", [["/"] * 9 + ["I"]]),  # 90 %, 1 persistent
            ("Cedar", [["/"], ["/"], ["/"], ["/", "/", "/", "O"]]),  # 1 persistent
            ("Damson", []),  # no pupils
        ],
    )
    lead = get_user_model().objects.create_user(username="lead.hand-built")
    membership_add(
        user=lead, organisation=la, role=LocalAuthorityRole.LEAD_PRACTITIONER
    )
    client.force_login(lead)
    return la, schools, client


def names(response) -> list[str]:
    return [row.name for row in response.context["rows"]]


SORTS = [
    ({}, ["Ash", "Birch", "Cedar", "Damson"], "name", "ascending"),
    ({"order": "desc"}, ["Damson", "Cedar", "Birch", "Ash"], "name", "descending"),
    ({"sort": "rate"}, ["Birch", "Ash", "Cedar", "Damson"], "rate", "ascending"),
    (
        {"sort": "rate", "order": "desc"},
        ["Cedar", "Ash", "Birch", "Damson"],
        "rate",
        "descending",
    ),
    (
        {"sort": "severe_rate", "order": "desc"},
        ["Birch", "Ash", "Cedar", "Damson"],
        "severe_rate",
        "descending",
    ),
    ({"sort": "bogus"}, ["Ash", "Birch", "Cedar", "Damson"], "name", "ascending"),
]


@pytest.mark.parametrize(("query", "expected", "key", "aria"), SORTS)
def test_sorting_and_its_headers(hand_built, query, expected, key, aria):
    la, _schools, client = hand_built
    response = client.get(reverse(DASHBOARD), {"la": la.pk, **query})
    assert names(response) == expected
    page = response.content.decode()
    sorted_headers = re.findall(r'<th scope="col"[^>]*aria-sort="(\w+)"', page)
    assert sorted_headers == [aria]
    header = response.context["headers"][key]
    assert header["aria_sort"] == aria
    # The current column's link turns the order round; the others ascend.
    assert ("order=desc" in header["href"]) == (aria == "ascending")
    others = [h for k, h in response.context["headers"].items() if k != key]
    assert all("order=" not in h["href"] for h in others)


def test_csv_holds_the_tables_rows_and_the_total(hand_built):
    la, _schools, client = hand_built
    response = client.get(reverse(CSV), {"la": la.pk, "sort": "rate"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'attachment; filename="la-figures-{la.code}-{today:%Y-%m-%d}.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["school"] for row in rows] == [
        "Birch",
        "Ash",
        "Cedar",
        "Damson",
        "All schools",
    ]
    by_name = {row["school"]: row for row in rows}
    assert {k: by_name["Birch"][k] for k in ("pupils_on_roll", "attendance_rate")} == {
        "pupils_on_roll": "2",
        "attendance_rate": "75.0",
    }
    assert by_name["Damson"]["attendance_rate"] == ""
    total = by_name["All schools"]
    figures = la_school_figures(la, today, legal=True)
    assert total["attendance_rate"] == f"{figures.total.rate:.1f}"
    assert total["persistent_absence"] == "3"
    assert total["pupils_on_roll"] == str(
        sum(int(row["pupils_on_roll"]) for row in rows[:-1])
    )
    assert total["open_cases"] == "0"
    assert total["live_esos"] == "0"
    assert list(rows[0])[-3:] == [
        "live_esos",
        "open_prosecution_referrals",
        "eso_reviews_due",
    ]


def test_school_trend_shows_the_weekly_comparison(hand_built):
    la, schools, client = hand_built
    birch = schools[0]
    response = client.get(reverse(TREND, args=[birch.pk]))
    assert response.status_code == 200
    today = timezone.localdate()
    assert response.context["weeks"] == weekly_comparison(school=birch, as_of=today)
    page = response.content.decode()
    assert "<caption>Attendance per school week at Birch" in page
    assert "Figures across Hand-built Authority's schools</a>" in page
    assert "<polyline" in page
    assert " style=" not in page
    for pupil in birch.pupils.all():
        assert pupil.legal_surname not in page


def test_school_trend_of_an_unknown_school_is_404(hand_built):
    _la, _schools, client = hand_built
    assert client.get(reverse(TREND, args=[999999])).status_code == 404


def dashboard_queries(client, la) -> int:
    client.get(reverse(DASHBOARD), {"la": la.pk})  # makes the figures current
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(DASHBOARD), {"la": la.pk}).status_code == 200
    return len(captured)


def test_query_count_is_the_same_for_2_schools_and_6(hand_built):
    la = LocalAuthorityFactory(name="Growing Authority")
    build(la, [("One", [["/"], ["N"]]), ("Two", [["/", "I"]])])
    _la, _schools, client = hand_built
    membership_add(
        user=get_user_model().objects.get(username="lead.hand-built"),
        organisation=la,
        role=LocalAuthorityRole.LEAD_PRACTITIONER,
    )
    two = dashboard_queries(client, la)
    build(la, [(f"More {n}", [["/"], ["/", "O"]]) for n in range(4)])
    assert dashboard_queries(client, la) == two
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(CSV), {"la": la.pk}).status_code == 200
    assert len(captured) <= two


def test_the_page_renders_with_no_schools(client):
    la = LocalAuthorityFactory(name="Empty Authority")
    lead = get_user_model().objects.create_user(username="lead.empty")
    membership_add(
        user=lead, organisation=la, role=LocalAuthorityRole.LEAD_PRACTITIONER
    )
    client.force_login(lead)
    response = client.get(reverse(DASHBOARD))
    assert response.status_code == 200
    assert "has no schools in the portal yet" in response.content.decode()


def test_a_school_with_no_session_yet_has_no_bars(hand_built):
    la, _schools, client = hand_built
    response = client.get(reverse(DASHBOARD), {"la": la.pk})
    bars = {bar.row.name: bar for bar in response.context["chart"]["bars"]}
    assert bars["Damson"].rate is None
    assert bars["Birch"].rate == 187.5  # 75 % of a 250-unit scale
