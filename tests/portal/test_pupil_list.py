"""The pupil list and search: what it shows, how it updates, and its query count."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schools.enums import SchoolRole, YearGroup
from schools.services import membership_add, pupil_move
from tests.factories import PupilFactory, SchoolFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def queries_for_list(client, count: int) -> int:
    """Queries for the list of ``count`` pupils, and count / 10 who have left."""
    school = SchoolFactory()
    PupilFactory.create_batch(count, school=school)
    elsewhere = SchoolFactory(local_authority=school.local_authority)
    for pupil in PupilFactory.create_batch(count // 10, school=school):
        pupil_move(
            pupil=pupil, to_school=elsewhere, joined_on=date(2026, 11, 2), by=None
        )
    user = UserFactory()
    membership_add(user=user, organisation=school, role=SchoolRole.ATTENDANCE_OFFICER)
    client.force_login(user)
    client.get(reverse("portal:pupil_list"))  # warm per-process caches (content types)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("portal:pupil_list"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == count
    assert len(response.context["leavers"]) == count // 10
    return len(captured)


def test_pupil_list_query_count_is_constant(client):
    few = queries_for_list(client, 10)
    client.logout()
    many = queries_for_list(client, 200)
    assert few == many
    # Session and user, schools, count, page, leavers, one for the
    # navigation's attendance and overview links and two for its Safeguarding
    # link (a DSL role, or a record shared with the user); a query per pupil
    # would make few != many.
    assert many <= 13


def test_search_by_name_matches_only_that_pupil(client):
    school = SchoolFactory()
    wanted = PupilFactory(
        school=school, legal_forename="Zebedee", legal_surname="Quill"
    )
    PupilFactory.create_batch(3, school=school)
    user = UserFactory()
    membership_add(user=user, organisation=school, role=SchoolRole.PASTORAL_STAFF)
    client.force_login(user)

    response = client.get(reverse("portal:pupil_list"), {"q": "zebedee qu"})
    assert list(response.context["page"].object_list) == [wanted]


def test_search_by_year_group_and_upn(client):
    school = SchoolFactory()
    year_7 = PupilFactory(school=school, year_group=YearGroup.YEAR_7)
    PupilFactory.create_batch(2, school=school, year_group=YearGroup.YEAR_10)
    user = UserFactory()
    membership_add(user=user, organisation=school, role=SchoolRole.PASTORAL_STAFF)
    client.force_login(user)

    by_year = client.get(reverse("portal:pupil_list"), {"year_group": "7"})
    by_upn = client.get(reverse("portal:pupil_list"), {"q": year_7.upn})
    assert list(by_year.context["page"].object_list) == [year_7]
    assert list(by_upn.context["page"].object_list) == [year_7]


def test_search_never_reaches_another_schools_pupils(client):
    mine, theirs = SchoolFactory(), SchoolFactory()
    PupilFactory(school=theirs, legal_surname="Elsewhere")
    user = UserFactory()
    membership_add(user=user, organisation=mine, role=SchoolRole.PASTORAL_STAFF)
    client.force_login(user)

    response = client.get(reverse("portal:pupil_list"), {"q": "Elsewhere"})
    assert response.context["page"].paginator.count == 0
    by_school = client.get(reverse("portal:pupil_list"), {"school": str(theirs.pk)})
    assert by_school.context["page"].paginator.count == 0


def test_htmx_search_returns_only_the_list_partial(client_as):
    client = client_as("pastoral.chaucer")
    response = client.get(
        reverse("portal:pupil_list"),
        {"q": "a"},
        headers={"HX-Request": "true", "HX-Target": "pupil-list"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="pupil-list"')
    assert "<html" not in html


def test_search_without_javascript_renders_the_whole_page(client_as):
    response = client_as("pastoral.chaucer").get(
        reverse("portal:pupil_list"), {"q": "a"}
    )
    html = response.content.decode()
    assert html.count("<h1>") == 1
    assert 'id="pupil-list"' in html
    assert '<label for="id_q">Name or UPN</label>' in html


def test_bad_filter_values_are_ignored_not_errors(client_as):
    response = client_as("pastoral.chaucer").get(
        reverse("portal:pupil_list"), {"year_group": "ninety", "page": "x"}
    )
    assert response.status_code == 200


def test_upn_search_finds_nothing_for_directory_only_la_staff(client_as):
    from schools.models import Pupil

    pupil = Pupil.objects.filter(school__urn="900001").first()
    la_response = client_as("la.sheffield").get(
        reverse("portal:pupil_list"), {"q": pupil.upn}
    )
    assert la_response.context["page"].paginator.count == 0
    by_name = client_as("la.sheffield").get(
        reverse("portal:pupil_list"), {"q": pupil.legal_surname}
    )
    assert pupil in by_name.context["page"].object_list
