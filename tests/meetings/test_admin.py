"""Meeting types in the Wagtail admin: each school's attendance lead and each
LA's lead practitioner edit their own, nobody else's, and what they save is
what the school's meetings offer."""

import pytest
from django.urls import reverse

from meetings.models import MeetingTypeSetting
from meetings.selectors import types_for_school

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

LIST = "wagtailsnippets_meetings_meetingtypesetting:list"
ADD = "wagtailsnippets_meetings_meetingtypesetting:add"
EDIT = "wagtailsnippets_meetings_meetingtypesetting:edit"
DELETE = "wagtailsnippets_meetings_meetingtypesetting:delete"


def setting(**owner) -> MeetingTypeSetting:
    return MeetingTypeSetting.objects.create(
        key="sam", name="Attendance support meeting", usual_lead="Head of year", **owner
    )


def test_a_lead_edits_only_their_schools_meeting_types(world, client):
    own = setting(school=world.school)
    others = [setting(school=world.sibling_school), setting(local_authority=world.la)]
    client.force_login(world.users["lead"])
    listing = client.get(reverse(LIST))
    assert listing.status_code == 200
    assert reverse(EDIT, args=[own.pk]).encode() in listing.content
    for other in others:
        assert reverse(EDIT, args=[other.pk]).encode() not in listing.content
        assert client.get(reverse(EDIT, args=[other.pk])).status_code == 404
        assert client.post(reverse(DELETE, args=[other.pk])).status_code == 404
    assert MeetingTypeSetting.objects.count() == 3


def test_an_la_lead_practitioner_edits_the_las_defaults(world, client):
    la_default = setting(local_authority=world.la)
    far = setting(local_authority=world.other_la)
    client.force_login(world.users["la"])
    assert client.get(reverse(EDIT, args=[la_default.pk])).status_code == 200
    assert client.get(reverse(EDIT, args=[far.pk])).status_code == 404


@pytest.mark.parametrize("who", ["pastoral", "officer", "legal", "nobody"])
def test_staff_with_neither_role_have_no_meeting_types(world, client, who):
    own = setting(school=world.school)
    client.force_login(world.users[who])
    assert client.get(reverse(LIST)).status_code in (302, 403, 404)
    assert client.get(reverse(EDIT, args=[own.pk])).status_code in (302, 403, 404)
    assert b"Meeting types" not in client.get(reverse("wagtailadmin_home")).content


def test_a_lead_renames_the_sam_for_their_school(world, client):
    client.force_login(world.users["lead"])
    response = client.post(
        reverse(ADD),
        {
            "school": world.school.pk,
            "key": "sam",
            "name": "Attendance support meeting",
            "usual_lead": "Head of year",
            "level": "2",
            "letters": ["invitation", "minutes"],
            "invites_parents": "on",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    sam = {t.key: t for t in types_for_school(world.school)}["sam"]
    assert sam.name == "Attendance support meeting"
    assert sam.letters == ("invitation", "minutes")
    assert sam.source == "school"
    sibling_sam = {t.key: t for t in types_for_school(world.sibling_school)}["sam"]
    assert sibling_sam.name == "School attendance meeting (SAM)"


def test_a_lead_cannot_give_a_type_to_another_school(world, client):
    client.force_login(world.users["lead"])
    response = client.post(
        reverse(ADD),
        {
            "school": world.sibling_school.pk,
            "key": "sam",
            "name": "Theirs",
            "usual_lead": "x",
            "active": "on",
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert not MeetingTypeSetting.objects.exists()
