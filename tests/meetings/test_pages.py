"""The meeting pages as their users use them, and as everyone who must not see
them: 404 on every meetings URL (the letter PDFs included), nothing written,
and a fixed number of queries however many meetings a case has."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseEvent
from letters.models import SentLetter
from meetings.enums import MeetingStatus
from meetings.letters import meeting_letters_prepare
from meetings.models import AgreedAction, Invitation, Meeting, MeetingRecord
from plans import services as plan_services
from tests.cases.test_access import OUTSIDERS
from tests.meetings.conftest import past
from tests.meetings.test_meetings import arrange, record
from tests.portal.test_access import portal_url_names

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _meeting_with_everything(world, case, family):
    meeting = arrange(world, case, family.parents, starts_at=past(2))
    from meetings.services import ActionAgreed

    record(
        world, meeting, came=family.parents, actions=[ActionAgreed("Breakfast club")]
    )
    meeting.refresh_from_db()
    return meeting


def _requests(case, meeting, planned, letter):
    ids = {"pk": case.pk}
    m = {**ids, "meeting_pk": meeting.pk}
    p = {**ids, "meeting_pk": planned.pk}
    invitation = planned.invitations.first()
    action = AgreedAction.objects.get(record__meeting=meeting)
    when = {
        "day": "2026-12-10",
        "time": "09:30",
        "format": "in_person",
        "place": "Hall",
    }
    yield "list", ids, None
    yield "arrange", ids, {**when, "type_key": "sam", "parents": []}
    yield "meeting", m, None
    yield (
        "invitation",
        {**p, "invitation_pk": invitation.pk},
        {"sent_how": "post", "reply": "accepted"},
    )
    yield "rearrange", p, {**when, "reason": "x"}
    yield "cancel", p, {"reason": "x"}
    yield "record", p, {}
    yield "letters", m, {"role": "minutes"}
    yield "action_to_target", {**m, "action_pk": action.pk}, {"plan": 1}
    yield "action_to_offer", {**m, "action_pk": action.pk}, {"kind": "other"}
    yield "letters:letter", {**ids, "letter_pk": letter.pk}, None
    yield "letters:letter_pdf", {**ids, "letter_pk": letter.pk}, None


def _written(case):
    return (
        CaseEvent.objects.filter(case=case).count(),
        Meeting.objects.filter(case=case).count(),
        Invitation.objects.filter(meeting__case=case).count(),
        MeetingRecord.objects.filter(meeting__case=case).count(),
        SentLetter.objects.filter(case=case).count(),
        list(Meeting.objects.filter(case=case).values_list("status", flat=True)),
    )


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_outsiders_get_404_on_every_meetings_url(
    world, client, outsider, private_media
):
    from tests.meetings.conftest import Family

    case = world.case_at("concern", shared=False)
    family = Family(case.pupil)
    meeting = _meeting_with_everything(world, case, family)
    planned = arrange(world, case, family.parents)
    (letter, _) = meeting_letters_prepare(
        meeting=meeting, role="minutes", by=world.users["lead"]
    )
    before = _written(case)
    client.force_login(world.users[outsider])
    visited = set()
    for name, kwargs, post in _requests(case, meeting, planned, letter):
        full = name if ":" in name else f"meetings:{name}"
        url = reverse(f"portal:{full}", kwargs=kwargs)
        response = client.get(url)
        assert response.status_code in (404, 405), (outsider, "get", url)
        if response.status_code == 405:
            assert client.post(url, post or {}).status_code == 404, (outsider, url)
        elif post is not None:
            assert client.post(url, post).status_code == 404, (outsider, "post", url)
        visited.add(f"portal:{full}")
    meetings_urls = {n for n in portal_url_names() if n.startswith("portal:meetings:")}
    assert meetings_urls <= visited
    assert _written(case) == before


def test_the_sent_letter_pdf_is_for_the_case_only_and_never_cached(
    world, client, family_case, private_media
):
    case, family = family_case
    meeting = arrange(world, case, family.parents)
    letter, _ = meeting_letters_prepare(
        meeting=meeting, role="invitation", by=world.users["lead"]
    )
    url = reverse(
        "portal:letters:letter_pdf", kwargs={"pk": case.pk, "letter_pk": letter.pk}
    )
    for user in ("lead", "pastoral", "la"):  # the case is shared with the LA team
        client.force_login(world.users[user])
        response = client.get(url)
        assert response.status_code == 200, user
        assert "no-store" in response["Cache-Control"]
        assert response["Content-Type"] == "application/pdf"
    for outsider in ("sibling_lead", "other_la", "nobody"):
        client.force_login(world.users[outsider])
        assert client.get(url).status_code == 404


def test_a_lead_arranges_and_records_through_the_pages(world, client, family_case):
    case, family = family_case
    client.force_login(world.users["lead"])
    page = client.get(reverse("portal:meetings:arrange", kwargs={"pk": case.pk}))
    html = page.content.decode()
    # Mother, father and step-parent are chosen for the lead; nobody else is.
    for person, checked in [
        (family.mother, True),
        (family.father, True),
        (family.step_parent, True),
        (family.grandparent, False),
        (family.barred, False),
    ]:
        (tag,) = re.findall(rf'<input[^>]*value="{person.pk}"[^>]*>', html)
        assert ("checked" in tag) is checked, person
    # A bad post keeps what was typed and names the field.
    response = client.post(
        reverse("portal:meetings:arrange", kwargs={"pk": case.pk}),
        {
            "type_key": "sam",
            "day": "2026-11-20",
            "time": "09:30",
            "format": "in_person",
            "place": "",
        },
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    response = client.post(
        reverse("portal:meetings:arrange", kwargs={"pk": case.pk}),
        {
            "type_key": "sam",
            "day": past(1).date().isoformat(),
            "time": "09:30",
            "format": "in_person",
            "place": "Room 4",
            "parents": [family.mother.pk, family.father.pk],
        },
    )
    meeting = Meeting.objects.get(case=case)
    assert response.url == meeting.get_absolute_url()
    invitations = list(meeting.invitations.all())
    data = {
        f"attended_{invitations[0].pk}": "on",
        "parent_voice": "Fine.",
        "actions-TOTAL_FORMS": "3",
        "actions-INITIAL_FORMS": "0",
        "actions-0-action": "Walk with a friend",
        "actions-0-who": "Mum",
    }
    response = client.post(
        reverse(
            "portal:meetings:record", kwargs={"pk": case.pk, "meeting_pk": meeting.pk}
        ),
        data,
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Walk with a friend (Mum)" in page
    assert "Fine." in page
    case_page = client.get(case.get_absolute_url()).content.decode()
    assert "Minutes not sent" in case_page


@pytest.mark.parametrize("url_name", ["list", "meeting"])
def test_meeting_pages_read_a_fixed_number_of_queries(
    world, client, family_case, url_name
):
    case, family = family_case
    plan_services.plan_create(
        case=case, by=world.users["lead"], kind="support", start_on=timezone.localdate()
    )
    client.force_login(world.users["lead"])

    def grow(n):
        for _ in range(n):
            _meeting_with_everything(world, case, family)

    def count():
        meeting = Meeting.objects.filter(case=case).order_by("pk").first()
        kwargs = (
            {"pk": case.pk}
            if url_name == "list"
            else {"pk": case.pk, "meeting_pk": meeting.pk}
        )
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get(
                    reverse(f"portal:meetings:{url_name}", kwargs=kwargs)
                ).status_code
                == 200
            )
        return len(queries)

    grow(1)
    # The first page of a process also fills Django's content-type cache (one
    # query, or none if an earlier test in this worker filled it): not counted.
    count()
    few = count()
    grow(4)
    assert count() == few
