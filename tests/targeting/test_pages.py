"""The targeting pages as their users use them, and as everyone who must not
see them: 404 on every URL, nothing written; a fixed number of queries however
many schools, pupils and actions there are; pages a screen reader and a phone
can use (captions, header cells, scrolling tables, no inline style or script)."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from attendance.figures import figures_refresh
from targeting.models import (
    PackDownload,
    PupilToDiscuss,
    TargetingAction,
    TargetingMeeting,
)
from targeting.services import pupil_to_discuss_add
from tests.factories import PupilFactory, SchoolFactory
from tests.portal.test_access import portal_url_names
from tests.targeting.conftest import (
    TERM,
    TODAY,
    arrange,
    earlier_meeting,
    give_register,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

# Nobody here may see the world's school's meetings.
OUTSIDERS = [
    "officer",
    "pastoral",
    "dsl",
    "legal",
    "other_la",
    "other_legal",
    "sibling_lead",
    "superuser",
    "nobody",
]
# Nobody here has a targeting page at all: the list is a 404 too.
NO_LIST = {"officer", "pastoral", "dsl", "legal", "other_legal", "superuser", "nobody"}


def url(name, meeting=None, **kw):
    kwargs = {"meeting_pk": meeting.pk, **kw} if meeting else kw
    return reverse(f"portal:targeting:{name}", kwargs=kwargs)


def _requests(world, meeting, action):
    """Every targeting URL with a post that would change something."""
    pupil = world.pupil()
    yield (
        "arrange",
        url("arrange"),
        {
            "school": world.school.pk,
            "term": TERM.key,
            "planned_for": TODAY.isoformat(),
        },
    )
    yield "detail", url("detail", meeting), None
    yield "pack_pdf", url("pack_pdf", meeting), None
    yield "pack_csv", url("pack_csv", meeting), None
    yield (
        "discuss_add",
        url("discuss_add", meeting),
        {
            "pupil": pupil.pk,
            "reason": "x",
        },
    )
    yield (
        "record",
        url("record", meeting),
        {
            "held_on": TODAY.isoformat(),
            "attendees": "x",
            "action-TOTAL_FORMS": "0",
            "action-INITIAL_FORMS": "0",
        },
    )
    yield (
        "action_update",
        url("action_update", meeting, action_pk=action.pk),
        {
            "status": "done",
            "note": "x",
        },
    )


def _written():
    return (
        TargetingMeeting.objects.filter(school__urn__startswith="7").count(),
        PupilToDiscuss.objects.filter(meeting__school__urn__startswith="7").count(),
        list(
            TargetingAction.objects.filter(
                meeting__school__urn__startswith="7"
            ).values_list("status", flat=True)
        ),
        PackDownload.objects.count(),
        list(TargetingMeeting.objects.values_list("held_on", flat=True)),
    )


@pytest.fixture
def meeting_with_action(world):
    earlier = earlier_meeting(world)
    return arrange(world), earlier.actions.get(), earlier


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_outsiders_get_404_on_every_targeting_url(
    world, client, outsider, meeting_with_action
):
    meeting, action, earlier = meeting_with_action
    # The other LA arranges with its own school: its meeting must not leak either.
    client.force_login(world.users[outsider])
    before = _written()
    visited = {"portal:targeting:list"}
    list_page = client.get(url("list"))
    if outsider in NO_LIST:
        assert list_page.status_code == 404, outsider
    else:
        assert list_page.status_code == 200, outsider
        assert world.school.name not in list_page.content.decode()
    for name, target, post in _requests(world, meeting, action):
        if name == "arrange" and outsider in ("other_la",):
            # The other LA's lead practitioner may arrange with its own
            # schools only: our school is not a choice.
            assert client.get(target).status_code == 200
            response = client.post(target, post)
            assert response.status_code == 200
            assert "Select a valid choice" in response.content.decode()
        else:
            assert client.get(target).status_code == 404, (outsider, name)
            if post is not None:
                assert client.post(target, post).status_code == 404, (outsider, name)
        visited.add(f"portal:targeting:{name}")
    # The earlier meeting is out of scope the same way.
    assert client.get(url("detail", earlier)).status_code == 404
    names = {n for n in portal_url_names() if n.startswith("portal:targeting:")}
    assert names == visited
    assert _written() == before


@pytest.mark.parametrize("who", ["lead", "head"])
def test_the_school_sees_its_meeting_but_does_not_arrange_or_record(
    world, client, who, meeting_with_action
):
    meeting, action, _earlier = meeting_with_action
    client.force_login(world.users[who])
    for name in ("detail", "pack_csv", "discuss_add"):
        assert client.get(url(name, meeting)).status_code == 200, name
    assert client.get(url("arrange")).status_code == 404
    assert client.get(url("record", meeting)).status_code == 404
    assert (
        client.get(url("action_update", meeting, action_pk=action.pk)).status_code
        == 404
    )
    page = client.get(url("list")).content.decode()
    assert meeting.get_absolute_url() in page
    detail = client.get(url("detail", meeting)).content.decode()
    assert url("record", meeting) not in detail
    assert url("discuss_add", meeting) in detail


def test_the_la_list_shows_each_school_and_its_status(world, client):
    held = arrange(world, school=world.sibling_school)
    held.held_on = TODAY
    held.recorded_at = held.created_at
    held.save()
    arrange(world)
    unarranged = SchoolFactory(local_authority=world.la, name="Zeta Primary")
    client.force_login(world.users["la"])
    html = client.get(url("list")).content.decode()
    rows = re.findall(
        r"<tr>\s*<th scope=\"row\">(.*?)</th>.*?<td>.*?</td>\s*<td>(.*?)</td>",
        html,
        re.S,
    )
    statuses = {
        name: re.sub(r"<[^>]+>", "", status).split(":")[0] for name, status in rows
    }
    assert statuses == {
        world.school.name: "Planned",
        world.sibling_school.name: "Held",
        unarranged.name: "Not arranged",
    }
    assert world.far_school.name not in html


def test_the_la_arranges_through_the_page(world, client):
    client.force_login(world.users["la"])
    bad = client.post(
        url("arrange"),
        {"school": world.school.pk, "term": "1999-9", "planned_for": "not a date"},
    )
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "Enter a real date" in text
    assert "Select a valid choice" in text
    response = client.post(
        url("arrange"),
        {
            "school": world.school.pk,
            "term": TERM.key,
            "planned_for": max(TODAY, TERM.first_day).isoformat(),
        },
    )
    meeting = TargetingMeeting.objects.get(school=world.school)
    assert response["Location"] == meeting.get_absolute_url()
    again = client.post(
        url("arrange"),
        {
            "school": world.school.pk,
            "term": TERM.key,
            "planned_for": max(TODAY, TERM.first_day).isoformat(),
        },
    )
    assert "already has a meeting" in again.content.decode()


def _record_post(**extra):
    return {
        "held_on": TODAY.isoformat(),
        "attendees": "Ann Lee, attendance lead, the school",
        "notes": "",
        "action-TOTAL_FORMS": "3",
        "action-INITIAL_FORMS": "0",
        "action-MIN_NUM_FORMS": "0",
        "action-MAX_NUM_FORMS": "30",
        **extra,
    }


def test_the_la_records_the_meeting_through_the_page(
    world, client, meeting_with_action
):
    meeting, action, _earlier = meeting_with_action
    pupil = world.pupil()
    item = pupil_to_discuss_add(
        meeting=meeting, by=world.users["head"], pupil=pupil, reason="Low."
    )
    client.force_login(world.users["la"])
    page = client.get(url("record", meeting))
    assert page.status_code == 200
    # A row half filled in, and last term's action not decided: both named.
    bad = client.post(
        url("record", meeting),
        _record_post(**{"action-0-what": "Home visit", "action-0-owner": ""}),
    )
    text = bad.content.decode()
    assert "Give the owner: their name and organisation." in text
    assert "Give the due date." in text
    # Without JavaScript, another row: the page again with what was typed.
    more = client.post(
        url("record", meeting),
        _record_post(add_row="1", **{"action-0-what": "Home visit"}),
    )
    more_text = more.content.decode()
    assert 'name="action-TOTAL_FORMS" value="4"' in more_text
    assert "Home visit" in more_text
    assert "There is a problem" not in more_text
    due = (TODAY + timedelta(days=20)).isoformat()
    done = client.post(
        url("record", meeting),
        _record_post(
            **{
                f"said-{item.pk}": "Agreed a home visit.",
                f"review-{action.pk}-decision": "done",
                f"review-{action.pk}-note": "Running since September.",
                "action-0-what": "Home visit",
                "action-0-owner": "Bo Day, LA",
                "action-0-due_on": due,
            }
        ),
    )
    assert done.status_code == 302
    meeting.refresh_from_db()
    assert meeting.held_on == TODAY
    assert list(meeting.actions.values_list("what", "owner")) == [
        ("Home visit", "Bo Day, LA")
    ]
    action.refresh_from_db()
    assert (action.status, action.status_note) == ("done", "Running since September.")
    # Recorded once: the form sends back to the meeting.
    assert client.get(url("record", meeting)).status_code == 302


def test_a_held_date_in_the_future_is_refused_on_the_page(world, client):
    meeting = arrange(world)
    client.force_login(world.users["la"])
    response = client.post(
        url("record", meeting),
        _record_post(held_on=(TODAY + timedelta(days=1)).isoformat()),
    )
    assert "The date held is in the future" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.held_on is None


def test_the_school_adds_a_case_to_discuss_through_the_page(world, client):
    meeting = arrange(world)
    case = world.open_case()
    client.force_login(world.users["lead"])
    empty = client.post(url("discuss_add", meeting), {"reason": ""})
    assert "Say why the pupil should be discussed." in empty.content.decode()
    response = client.post(
        url("discuss_add", meeting), {"case": case.pk, "reason": "Needs the LA."}
    )
    assert response.status_code == 302
    assert PupilToDiscuss.objects.get().case == case


def _grow(world, meeting, earlier, n):
    """``n`` more pupils with registers, on the list to discuss, and ``n`` more
    actions on this meeting and the last."""
    for _ in range(n):
        pupil = PupilFactory(school=world.school)
        give_register(pupil, 5)
        PupilToDiscuss.objects.create(
            meeting=meeting,
            pupil=pupil,
            added_by=world.users["la"],
            added_by_side="la",
            reason="Low.",
        )
        for on in (meeting, earlier):
            TargetingAction.objects.create(
                meeting=on,
                what="Call",
                owner="Bo",
                due_on=TODAY,
                updated_by=world.users["la"],
            )
    figures_refresh(school=world.school, as_of=TODAY)


def _count(client, target) -> int:
    client.get(target)  # figures made current first
    with CaptureQueriesContext(connection) as queries:
        assert client.get(target).status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["la", "head"])
def test_the_meeting_page_reads_a_fixed_number_of_queries(
    world, client, who, meeting_with_action
):
    meeting, _action, earlier = meeting_with_action
    client.force_login(world.users[who])
    _grow(world, meeting, earlier, 1)
    pages = ["detail", "record"] if who == "la" else ["detail"]
    few = [_count(client, url(name, meeting)) for name in pages]
    _grow(world, meeting, earlier, 12)
    assert [_count(client, url(name, meeting)) for name in pages] == few
    assert _count(client, url("pack_csv", meeting)) > 0


def test_the_list_reads_a_fixed_number_of_queries(world, client):
    client.force_login(world.users["la"])
    arrange(world)
    few = _count(client, url("list"))
    for _ in range(8):
        school = SchoolFactory(local_authority=world.la)
        arrange(world, school=school)
    SchoolFactory(local_authority=world.la)
    assert _count(client, url("list")) == few
    client.force_login(world.users["head"])
    few = _count(client, url("list"))
    earlier_meeting(world)
    assert _count(client, url("list")) == few


def test_pages_are_accessible_and_carry_no_inline_style_or_script(
    world, client, meeting_with_action, pupils
):
    meeting, action, _earlier = meeting_with_action
    client.force_login(world.users["la"])
    for target in (
        url("list"),
        url("arrange"),
        url("detail", meeting),
        url("discuss_add", meeting),
        url("record", meeting),
    ):
        html = client.get(target).content.decode()
        assert " style=" not in html, target
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), target
        tables = html.count("<table")
        assert html.count("<caption>") == tables, target
        assert html.count('<div class="table-wrap"') == tables, target
        levels = [int(h) for h in re.findall(r"<h([1-6])", html)]
        assert levels[0] == 1, target
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), target


def test_the_la_finds_its_schools_meetings_of_earlier_terms(world, client):
    """Last term's record and actions stay a click away from the list, for
    every school of the LA and for no other LA's."""
    ours = earlier_meeting(world)
    theirs = earlier_meeting(world, school=world.far_school)
    client.force_login(world.users["la"])
    few = _count(client, url("list"))
    html = client.get(url("list")).content.decode()
    assert ours.get_absolute_url() in html
    assert theirs.get_absolute_url() not in html
    for _ in range(5):
        earlier_meeting(world, school=SchoolFactory(local_authority=world.la))
    assert _count(client, url("list")) == few
