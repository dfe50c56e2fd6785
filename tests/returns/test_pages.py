"""The school's "Notifications to the LA" page, its confirmation step and the
LA's inbox, as their users use them and as everyone who must not see them:
404, nothing written; and a fixed number of queries however long the lists."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from returns.models import LaNotification
from returns.selectors import due_notifications
from returns.services import notifications_send
from tests.returns.conftest import SCHOOL_DAYS, TODAY

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

D = SCHOOL_DAYS
TO_SEND = reverse("portal:returns:to_send")
CONFIRM = reverse("portal:returns:confirm")
SEND = reverse("portal:returns:send")
INBOX = reverse("portal:returns:inbox")


def text(response) -> str:
    return " ".join(
        BeautifulSoup(response.content, "html.parser").get_text(" ").split()
    )


def as_user(client, world, who):
    client.force_login(world.users[who])
    return client


@pytest.fixture
def absent(world):
    return world.pupil(dict.fromkeys(D[:12], "N"), legal_surname="Truant")


def test_to_send_lists_the_due_items(client, world, absent, frozen):
    world.pupil(dict.fromkeys(D[:15], "I"), legal_surname="Poorly")
    response = as_user(client, world, "officer").get(TO_SEND)
    assert response.status_code == 200
    page = text(response)
    assert "10 continuous school days of unauthorised absence (1)" in page
    assert "Missing school through illness (1)" in page
    assert "Truant" in page
    assert "Poorly" in page
    # The illness was due on 20 November (its 15th day): overdue on the 30th.
    assert "20 November 2026 Overdue" in page
    soup = BeautifulSoup(response.content, "html.parser")
    refs = [box["value"] for box in soup.select("input[name=items]")]
    assert refs == [item.ref for item in due_notifications(world.school, TODAY)]
    for box in soup.select("input[name=items]"):
        assert soup.select_one(f"label[for={box['id']}]")
    assert "style=" not in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_confirm_then_send(client, world, absent, frozen):
    client = as_user(client, world, "lead")
    (item,) = due_notifications(world.school, TODAY)
    shown = client.post(CONFIRM, {"school": world.school.pk, "items": [item.ref]})
    assert shown.status_code == 200
    assert "Check before sending to the LA" in text(shown)
    assert LaNotification.objects.filter(school__urn__startswith="7").count() == 0
    # Without the tick, nothing is sent.
    unticked = client.post(SEND, {"school": world.school.pk, "items": [item.ref]})
    assert "Tick the box to confirm" in text(unticked)
    assert LaNotification.objects.filter(school__urn__startswith="7").count() == 0
    sent = client.post(
        SEND, {"school": world.school.pk, "items": [item.ref], "confirm": "on"}
    )
    assert sent.status_code == 302
    page = text(client.get(sent["Location"]))
    assert f"1 notification sent to {world.la.name}." in page
    assert "Nothing to send" in page
    # Below: what was sent, when and by whom.
    assert "30 November 2026, 10:00 by Lead" in page
    assert "Not yet" in page
    (notification,) = LaNotification.objects.filter(school__urn__startswith="7")
    assert (notification.sent_by, notification.pupil) == (world.users["lead"], absent)
    # The same post again (a second click): refused, still one row.
    again = client.post(
        SEND, {"school": world.school.pk, "items": [item.ref], "confirm": "on"}
    )
    assert again.status_code == 200
    assert "already been sent" in text(again)
    assert LaNotification.objects.filter(school__urn__startswith="7").count() == 1


def test_bad_posts_do_not_crash(client, world, absent, frozen):
    client = as_user(client, world, "officer")
    nothing = client.post(CONFIRM, {"school": world.school.pk})
    assert "Choose at least one notification to send." in text(nothing)
    made_up = client.post(CONFIRM, {"school": world.school.pk, "items": ["x:1:y"]})
    assert "no longer due" in text(made_up)
    assert client.post(CONFIRM, {"school": "abc"}).status_code == 404
    assert client.post(SEND, {}).status_code == 404
    assert client.get(f"{TO_SEND}?school=abc").status_code == 404
    assert client.get(f"{INBOX}").status_code == 404
    assert LaNotification.objects.filter(school__urn__startswith="7").count() == 0


SCHOOL_OUTSIDERS = [
    "pastoral",  # this school, no SEND_LA_RETURNS
    "head",
    "dsl",
    "sibling_officer",  # another school of the same LA
    "far_officer",  # a school of another LA
    "la_lead",  # the LA's own staff: the page is the school's
    "la_legal",
    "other_la_lead",
    "nobody",
]


@pytest.mark.parametrize("who", SCHOOL_OUTSIDERS)
def test_school_pages_404_for_outsiders(client, world, absent, who):
    client = as_user(client, world, who)
    (item,) = due_notifications(world.school, TODAY)
    here = {"school": world.school.pk, "items": [item.ref], "confirm": "on"}
    assert client.get(f"{TO_SEND}?school={world.school.pk}").status_code == 404
    assert client.post(CONFIRM, here).status_code == 404
    assert client.post(SEND, here).status_code == 404
    assert LaNotification.objects.filter(school__urn__startswith="7").count() == 0


@pytest.mark.parametrize("who", ["sibling_officer", "far_officer"])
def test_other_schools_staff_see_only_their_own(client, world, absent, who):
    response = as_user(client, world, who).get(TO_SEND)
    assert response.status_code == 200
    assert "Truant" not in text(response)
    assert world.school.name not in text(response)


@pytest.fixture
def sent(world, absent):
    return notifications_send(
        user=world.users["officer"],
        school=world.school,
        due_items=due_notifications(world.school, TODAY),
    )


def test_inbox_and_receive(client, world, sent, frozen):
    client = as_user(client, world, "la_lead")
    response = client.get(INBOX)
    assert response.status_code == 200
    page = text(response)
    assert "Truant" in page
    assert "Mark as received" in page
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(
        f"a[href='{reverse('portal:pupil_detail', args=[sent[0].pupil_id])}']"
    )
    url = reverse("portal:returns:receive", args=[sent[0].pk])
    done = client.post(url, {"query": "kind=continuous_absence&evil=1"})
    assert done.status_code == 302
    assert done["Location"] == f"{INBOX}?kind=continuous_absence"
    sent[0].refresh_from_db()
    assert sent[0].received_by == world.users["la_lead"]
    assert "Mark as received" not in text(client.get(INBOX))


def test_inbox_filters(client, world, sent, frozen):
    client = as_user(client, world, "la_lead")
    assert "Truant" in text(client.get(INBOX, {"school": world.school.pk}))
    assert "Truant" not in text(client.get(INBOX, {"school": world.sibling.pk}))
    assert "Truant" not in text(client.get(INBOX, {"kind": "illness"}))
    # A school of another LA, or nonsense, is a form error, not a crash.
    far = client.get(INBOX, {"school": world.far.pk, "kind": "nonsense"})
    assert far.status_code == 200
    assert "Select a valid choice" in text(far)


@pytest.mark.parametrize(
    "who",
    [
        "officer",
        "lead",
        "head",
        "pastoral",
        "dsl",
        "sibling_officer",
        "far_officer",
        "la_legal",
        "nobody",
    ],
)
def test_inbox_404_for_school_staff_and_la_staff_without_la_work(
    client, world, sent, who
):
    client = as_user(client, world, who)
    assert client.get(INBOX).status_code == 404
    url = reverse("portal:returns:receive", args=[sent[0].pk])
    assert client.post(url).status_code == 404
    sent[0].refresh_from_db()
    assert sent[0].received_at is None


def test_other_la_sees_nothing_and_cannot_receive(client, world, sent):
    client = as_user(client, world, "other_la_lead")
    response = client.get(INBOX)
    assert response.status_code == 200
    assert "Truant" not in text(response)
    assert world.school.name not in text(response)
    url = reverse("portal:returns:receive", args=[sent[0].pk])
    assert client.post(url).status_code == 404
    sent[0].refresh_from_db()
    assert sent[0].received_at is None


def test_receive_is_post_only(client, world, sent):
    client = as_user(client, world, "la_lead")
    url = reverse("portal:returns:receive", args=[sent[0].pk])
    assert client.get(url).status_code == 405
    assert client.get(SEND).status_code == 405


def _more(world, count):
    for _ in range(count):
        world.pupil(dict.fromkeys(D[:12], "N") | dict.fromkeys(D[13:], "I"))


def test_to_send_queries_do_not_grow(client, world, frozen):
    client = as_user(client, world, "officer")
    _more(world, 2)  # one to send, one sent
    notifications_send(
        user=world.users["officer"],
        school=world.school,
        due_items=[due_notifications(world.school, TODAY)[0]],
    )
    with CaptureQueriesContext(connection) as one:
        assert client.get(TO_SEND).status_code == 200
    _more(world, 10)
    for item in due_notifications(world.school, TODAY)[:5]:
        notifications_send(
            user=world.users["officer"], school=world.school, due_items=[item]
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(TO_SEND)
    assert response.status_code == 200
    assert len(many) == len(one)


def test_inbox_queries_do_not_grow(client, world, frozen):
    client = as_user(client, world, "la_lead")
    _more(world, 1)
    notifications_send(
        user=world.users["officer"],
        school=world.school,
        due_items=due_notifications(world.school, TODAY),
    )
    with CaptureQueriesContext(connection) as one:
        assert client.get(INBOX).status_code == 200
    _more(world, 10)
    notifications_send(
        user=world.users["officer"],
        school=world.school,
        due_items=due_notifications(world.school, TODAY),
    )
    with CaptureQueriesContext(connection) as many:
        response = client.get(INBOX)
    assert response.status_code == 200
    assert text(response).count("Mark as received") == 11
    assert len(many) == len(one)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("officer", {"to_send": True, "inbox": False}),
        ("lead", {"to_send": True, "inbox": False}),
        ("head", {"to_send": False, "inbox": False}),
        ("la_lead", {"to_send": False, "inbox": True}),
        ("la_legal", {"to_send": False, "inbox": False}),
        ("nobody", {"to_send": False, "inbox": False}),
    ],
)
def test_navigation_links(world, who, expected):
    from returns.templatetags.returns_tags import returns_links

    assert returns_links(world.users[who]) == expected
