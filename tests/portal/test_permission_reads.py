"""Permissions are read once per request, and a change of permissions is seen
at once.

A user's roles (and the cases and restricted records shared with them) are
read once and remembered on the user object (``schools.permissions``); the
navigation is worked out from them with no query of its own. Any change to a
membership, a role group or a share makes the remembered sets be read again,
whichever object the change was made through, so nothing stale survives a
change within a test, a request or between requests; and what one user object
remembers is never another user's.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from cases import services as case_services
from cases.permissions import case_roles
from cases.selectors import visible_cases
from safeguarding import services as safeguarding_services
from safeguarding.enums import NoteCategory
from safeguarding.permissions import readable_items
from safeguarding.templatetags.safeguarding_tags import safeguarding_link
from schools.enums import LocalAuthorityRole, SchoolRole
from schools.models import StaffMembership
from schools.permissions import (
    can_view_pupil_record,
    school_permissions_held,
    visible_pupils,
)
from schools.services import membership_add, membership_remove
from tests.factories import (
    LocalAuthorityFactory,
    PupilFactory,
    SchoolFactory,
    UserFactory,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _fresh(user):
    """The user as a new request would load it: a new object, behind the lazy
    wrapper Django's authentication middleware puts on the request."""
    return SimpleLazyObject(lambda: get_user_model().objects.get(pk=user.pk))


def _nav_queries(user) -> int:
    request = RequestFactory().get("/portal/")
    request.user = user
    assert user.is_authenticated  # the request has loaded its user
    with CaptureQueriesContext(connection) as queries:
        render_to_string("portal/base.html", {"user": user}, request=request)
    return len(queries)


@pytest.fixture
def place():
    la = LocalAuthorityFactory()
    school = SchoolFactory(local_authority=la)
    pupil = PupilFactory(school=school)
    people = {}
    for key, role in [
        ("officer", SchoolRole.ATTENDANCE_OFFICER),
        ("lead", SchoolRole.ATTENDANCE_LEAD),
        ("dsl", SchoolRole.DSL),
    ]:
        people[key] = UserFactory(username=f"p.{key}")
        membership_add(user=people[key], organisation=school, role=role)
    people["la"] = UserFactory(username="p.la")
    membership_add(
        user=people["la"], organisation=la, role=LocalAuthorityRole.LEAD_PRACTITIONER
    )
    return {"authority": la, "school": school, "pupil": pupil, **people}


# --- The navigation -------------------------------------------------------


def test_the_navigation_reads_the_users_permissions_once(place):
    """Two queries at most (the user's roles, and the records shared with
    them), however many roles and schools they hold; none once a page has read
    them."""
    officer = _fresh(place["officer"])
    assert _nav_queries(officer) == 2  # roles; shares to a non-DSL
    assert _nav_queries(officer) == 0  # read once for the request

    many = UserFactory()
    for _ in range(5):
        school = SchoolFactory(local_authority=place["authority"])
        for role in SchoolRole.values:
            membership_add(user=many, organisation=school, role=role)
    for _ in range(3):
        membership_add(
            user=many,
            organisation=LocalAuthorityFactory(),
            role=LocalAuthorityRole.LEGAL_OFFICER,
        )
    assert _nav_queries(_fresh(many)) <= 2

    page = _fresh(many)
    visible_pupils(page)  # what a page asks first...
    assert _nav_queries(page) <= 1  # ...leaves the navigation nearly nothing


def test_the_navigation_shows_what_the_roles_open(place, client):
    client.force_login(place["lead"])
    html = client.get(reverse("portal:pupil_list")).content.decode()
    for link in ("Attendance", "School overview", "Import registers"):
        assert f">{link}</a>" in html
    assert ">Safeguarding</a>" not in html
    client.force_login(place["dsl"])
    html = client.get(reverse("portal:pupil_list")).content.decode()
    assert ">Safeguarding</a>" in html
    assert ">School overview</a>" not in html


def _page_queries(client, user, name="portal:pupil_list") -> int:
    client.force_login(user)
    client.get(reverse(name))  # warm Django's own caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(name)).status_code == 200
    return len(queries)


def test_a_plain_portal_page_does_not_grow_with_the_users_roles(place, client):
    user = UserFactory()
    membership_add(
        user=user, organisation=place["school"], role=SchoolRole.PASTORAL_STAFF
    )
    one_role = _page_queries(client, user)
    for _ in range(4):
        school = SchoolFactory(local_authority=place["authority"])
        for role in (SchoolRole.ATTENDANCE_OFFICER, SchoolRole.HEADTEACHER):
            membership_add(user=user, organisation=school, role=role)
    membership_add(user=user, organisation=place["school"], role=SchoolRole.HEADTEACHER)
    assert _page_queries(client, user) == one_role


# --- A change of permissions is seen at once -----------------------------


def test_a_role_taken_away_goes_at_once_for_the_same_user_object(place):
    officer = _fresh(place["officer"])
    pupil = place["pupil"]
    assert list(visible_pupils(officer)) == [pupil]
    assert can_view_pupil_record(officer, pupil)
    assert school_permissions_held(officer)
    # Removed through another object, as another request (or the command) would.
    membership_remove(membership=StaffMembership.objects.get(user=place["officer"]))
    assert list(visible_pupils(officer)) == []
    assert not can_view_pupil_record(officer, pupil)
    assert school_permissions_held(officer) == frozenset()
    assert not visible_cases(officer).exists()


def test_a_role_given_is_seen_at_once(place):
    user = _fresh(UserFactory())
    assert not visible_pupils(user).exists()
    membership_add(
        user=UserFactory._meta.model.objects.get(pk=user.pk),
        organisation=place["school"],
        role=SchoolRole.DSL,
    )
    assert list(visible_pupils(user)) == [place["pupil"]]
    assert safeguarding_link(user)


def test_a_case_share_ended_goes_at_once(place):
    case = case_services.case_open(
        pupil=place["pupil"], by=place["officer"], reason="Attendance 86 %."
    )
    case_services.case_share(case=case, by=place["lead"], with_la_team=True)
    la = _fresh(place["la"])
    assert list(visible_cases(la)) == [case]
    assert LocalAuthorityRole.LEAD_PRACTITIONER in case_roles(la, case)
    case_services.case_unshare(case=case, by=place["lead"], with_la_team=True)
    assert not visible_cases(la).exists()
    assert case_roles(la, case) == frozenset()
    case_services.case_share(case=case, by=place["lead"], practitioner=place["la"])
    assert list(visible_cases(la)) == [case]


def test_a_restricted_share_ended_goes_at_once(place):
    dsl = place["dsl"]
    note = safeguarding_services.note_create(
        pupil=place["pupil"], by=dsl, category=NoteCategory.OTHER, text="Private."
    )
    la = _fresh(place["la"])
    assert not readable_items(la).exists()
    assert not safeguarding_link(la)
    grant = safeguarding_services.item_share(item=note, by=dsl, with_user=place["la"])
    assert [item.pk for item in readable_items(la)] == [note.pk]
    assert safeguarding_link(la)
    safeguarding_services.item_unshare(item=note, by=dsl, grant=grant)
    assert not readable_items(la).exists()
    assert not safeguarding_link(la)


def test_a_role_taken_away_between_requests_closes_the_case_page(place, client):
    case = case_services.case_open(
        pupil=place["pupil"], by=place["officer"], reason="Attendance 86 %."
    )
    url = reverse("portal:cases:detail", args=[case.pk])
    client.force_login(place["lead"])
    html = client.get(url).content.decode()
    assert ">School overview</a>" in html
    membership_remove(
        membership=StaffMembership.objects.get(
            user=place["lead"], role=SchoolRole.ATTENDANCE_LEAD
        )
    )
    assert client.get(url).status_code == 404
    html = client.get(reverse("portal:pupil_list")).content.decode()
    assert ">School overview</a>" not in html


# --- Nothing passes from one user to another ------------------------------


def test_what_one_user_object_remembers_is_its_own(place):
    officer, la = _fresh(place["officer"]), _fresh(place["la"])
    case = case_services.case_open(
        pupil=place["pupil"], by=place["officer"], reason="Attendance 86 %."
    )
    assert list(visible_cases(officer)) == [case]
    assert not visible_cases(la).exists()  # the officer's answer is not the LA's
    assert case_roles(officer, case) == {SchoolRole.ATTENDANCE_OFFICER}
    assert case_roles(la, case) == frozenset()
    assert school_permissions_held(la) == frozenset()
    nobody = UserFactory()
    assert not visible_pupils(nobody).exists()
    assert list(visible_pupils(officer)) == [place["pupil"]]


def test_a_case_page_view_keeps_each_users_reads_apart(place):
    """Within one view of a case (the page and its panels), what a user may
    read is remembered per user."""
    from cases.case_view import viewing
    from safeguarding.selectors import readable_item_ids

    case = case_services.case_open(
        pupil=place["pupil"], by=place["officer"], reason="Attendance 86 %."
    )
    note = safeguarding_services.note_create(
        pupil=place["pupil"],
        by=place["dsl"],
        category=NoteCategory.OTHER,
        text="Private.",
        case=case,
    )
    with viewing(case):
        assert readable_item_ids(place["dsl"], case) == [note.pk]
        assert readable_item_ids(place["officer"], case) == []
        assert readable_item_ids(place["dsl"], case) == [note.pk]
