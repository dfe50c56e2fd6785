"""Wagtail's redirects work on the public site, but never stand in for a
portal view's 404: a case the user may not see stays "not found", whatever
redirect an editor made for its address."""

import pytest
from wagtail.contrib.redirects.models import Redirect

from cases.models import Case

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

ELSEWHERE = "https://elsewhere.example.org/"


def redirect_from(path: str) -> None:
    Redirect.objects.create(
        old_path=Redirect.normalise_path(path), redirect_link=ELSEWHERE
    )


def test_a_redirect_for_a_case_another_school_owns_leaves_a_404(client_as):
    case = Case.objects.filter(school__urn="900001").first()
    redirect_from(case.get_absolute_url())

    response = client_as("officer.woolwich").get(case.get_absolute_url())

    assert (response.status_code, response.get("Location")) == (404, None)
    # The case's own staff still open it.
    assert client_as("officer.chaucer").get(case.get_absolute_url()).status_code == 200


def test_a_redirect_on_the_public_site_is_followed(client):
    redirect_from("/an-old-attendance-policy/")

    response = client.get("/an-old-attendance-policy/")

    assert (response.status_code, response["Location"]) == (301, ELSEWHERE)
