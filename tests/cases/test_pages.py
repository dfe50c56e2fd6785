"""The caseload and case pages as staff use them."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.enums import EventKind, Stage
from cases.models import Case, CaseEvent
from schools.enums import YearGroup

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _action(case, action):
    return reverse("portal:cases:action", kwargs={"pk": case.pk, "action": action})


def _many_cases(world, count):
    """Open cases in bulk (one event each), for the query-count tests."""
    from tests.factories import PupilFactory

    pupils = PupilFactory.create_batch(count, school=world.school)
    cases = Case.objects.bulk_create(
        Case(pupil=p, school=world.school, opened_by=world.users["officer"])
        for p in pupils
    )
    CaseEvent.objects.bulk_create(
        CaseEvent(case=c, kind=EventKind.OPENED, recorded_by=world.users["officer"])
        for c in cases
    )
    for case in cases[: count // 2]:
        case.co_workers.add(world.users["la"])
    return cases


@pytest.mark.parametrize("query", ["", "?overdue=on", "?mine=on&stage=concern"])
def test_caseload_query_count_is_constant(world, client, query):
    client.force_login(world.users["lead"])
    _many_cases(world, 10)
    client.get(reverse("portal:cases:caseload"))  # warm the content-type cache
    with CaptureQueriesContext(connection) as ten:
        assert client.get(reverse("portal:cases:caseload") + query).status_code == 200
    _many_cases(world, 190)
    with CaptureQueriesContext(connection) as two_hundred:
        response = client.get(reverse("portal:cases:caseload") + query)
    assert response.status_code == 200
    assert len(two_hundred) == len(ten)


def test_caseload_counts_by_stage_and_filters(world, client):
    concern = world.open_case()
    early = world.case_at(Stage.EARLY_HELP)
    closed = world.case_at(Stage.CLOSED)
    client.force_login(world.users["lead"])
    page = client.get(reverse("portal:cases:caseload")).context
    assert {c.pk for c in page["page"].object_list} == {concern.pk, early.pk}
    counts = {bar["stage"]: bar["count"] for bar in page["chart"]["bars"]}
    assert counts == {
        "concern": 1,
        "early_help": 1,
        "parenting_contract": 0,
        "eso": 0,
        "prosecution_referral": 0,
        "closed": 1,
    }
    closed_page = client.get(reverse("portal:cases:caseload") + "?stage=closed")
    assert [c.pk for c in closed_page.context["page"].object_list] == [closed.pk]
    mine = client.get(reverse("portal:cases:caseload") + "?mine=on").context
    assert list(mine["page"].object_list) == []
    client.force_login(world.users["pastoral"])  # lead practitioner of early
    mine = client.get(reverse("portal:cases:caseload") + "?mine=on").context
    assert [c.pk for c in mine["page"].object_list] == [early.pk]
    lead = world.users["pastoral"].pk
    by_lead = client.get(reverse("portal:cases:caseload") + f"?lead={lead}").context
    assert [c.pk for c in by_lead["page"].object_list] == [early.pk]


def test_caseload_year_group_filter(world, client):
    year_7 = world.open_case(pupil=world.pupil())
    year_7.pupil.year_group = YearGroup.YEAR_7
    year_7.pupil.save()
    world.open_case()  # year 9
    client.force_login(world.users["lead"])
    page = client.get(reverse("portal:cases:caseload") + "?year_group=7").context
    assert [c.pk for c in page["page"].object_list] == [year_7.pk]


def test_overdue_filter_finds_cases_with_no_recent_event(world, client):
    with time_machine.travel(timezone.now() - timedelta(days=40)):
        quiet = world.open_case()
        busy = world.open_case()
    world.record(busy, EventKind.NOTE)
    with time_machine.travel(timezone.now() - timedelta(days=27)):
        recent = world.open_case()
    client.force_login(world.users["lead"])
    response = client.get(reverse("portal:cases:caseload") + "?overdue=on")
    assert [c.pk for c in response.context["page"].object_list] == [quiet.pk]
    assert "Overdue" in response.content.decode()
    assert recent.pk


def test_caseload_htmx_filter_returns_the_list_fragment(world, client):
    world.open_case()
    client.force_login(world.users["lead"])
    response = client.get(
        reverse("portal:cases:caseload"),
        headers={"HX-Request": "true", "HX-Target": "caseload"},
    )
    body = response.content.decode()
    assert body.startswith('<section id="caseload"')
    assert "<html" not in body


def test_case_page_shows_attendance_checklist_and_chronology(world, client):
    case = world.case_at(Stage.EARLY_HELP)
    client.force_login(world.users["officer"])
    response = client.get(case.get_absolute_url())
    page = response.content.decode()
    # The meeting with the parents is in the support-first ledger, but a
    # meeting alone does not meet the challenge-and-support item.
    assert response.context["checklist_met"] == 0
    assert "0 of 15" in page
    assert "Attendance this year" in page
    kinds = [e.kind for e, _, _ in response.context["events"]]
    assert kinds == [
        EventKind.TRANSITION,
        EventKind.FAMILY_AGREEMENT,
        EventKind.PARENT_MEETING,
        EventKind.LEAD_ASSIGNED,
        EventKind.SHARED,
        EventKind.OPENED,
    ]
    filtered = client.get(
        case.get_absolute_url(),
        {"kind": EventKind.PARENT_MEETING},
        headers={"HX-Request": "true", "HX-Target": "chronology"},
    )
    assert [e.kind for e, _, _ in filtered.context["events"]] == [
        EventKind.PARENT_MEETING
    ]
    assert filtered.content.decode().startswith('<section id="chronology"')


def test_blocked_step_answers_with_its_reasons_and_changes_nothing(world, client):
    case = world.open_case()
    client.force_login(world.users["officer"])
    response = client.post(
        _action(case, "transition"),
        {"transition": "start_early_help", "expected_stage": "concern"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="case-body"')
    assert "No lead practitioner is assigned." in body
    case.refresh_from_db()
    assert case.stage == Stage.CONCERN


def test_stale_page_answers_409_reload(world, client):
    case = world.case_at(Stage.EARLY_HELP)
    client.force_login(world.users["lead"])
    response = client.post(
        _action(case, "transition"),
        {
            "transition": "close",
            "expected_stage": "concern",
            "closure_reason": "improved",
        },
    )
    assert response.status_code == 409
    assert "This case has changed" in response.content.decode()


def test_recording_and_ticking_through_the_page(world, client):
    case = world.open_case()
    client.force_login(world.users["pastoral"])
    response = client.post(
        _action(case, "record"),
        {"kind": EventKind.PARENT_MEETING, "held_on": "2026-11-02", "text": "Met."},
    )
    assert response.status_code == 302
    event = CaseEvent.objects.filter(case=case).order_by("-pk").first()
    assert (event.kind, event.details, event.text) == (
        EventKind.PARENT_MEETING,
        {"held_on": "2026-11-02"},
        "Met.",
    )
    missing_date = client.post(
        _action(case, "record"), {"kind": EventKind.PARENT_MEETING, "text": "Met."}
    )
    assert "Give the date of the meeting." in missing_date.content.decode()
    client.post(_action(case, "tick"), {"item": "family_details", "note": "Checked."})
    assert list(case.checklist_ticks.values_list("item", "note")) == [
        ("family_details", "Checked.")
    ]
    empty = client.post(_action(case, "tick"), {"item": "family_details", "note": ""})
    assert "give the evidence" in empty.content.decode()
    assert case.checklist_ticks.count() == 1


def test_open_a_case_from_the_pupil_page(world, client):
    pupil = world.pupil()
    client.force_login(world.users["officer"])
    pupil_page = client.get(reverse("portal:pupil_detail", kwargs={"pk": pupil.pk}))
    open_url = reverse("portal:cases:open", kwargs={"pupil_pk": pupil.pk})
    assert open_url in pupil_page.content.decode()
    blank = client.post(open_url, {"reason": ""})
    assert blank.status_code == 200
    assert not Case.objects.filter(pupil=pupil).exists()
    response = client.post(open_url, {"reason": "Attendance 85 %."})
    case = Case.objects.get(pupil=pupil)
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    again = client.get(open_url).content.decode()
    assert "already has an open case" in again
    pupil_page = client.get(reverse("portal:pupil_detail", kwargs={"pk": pupil.pk}))
    assert open_url not in pupil_page.content.decode()
    assert case.get_absolute_url() in pupil_page.content.decode()


def test_headteacher_sees_no_open_case_button(world, client):
    pupil = world.pupil()
    client.force_login(world.users["head"])
    page = client.get(reverse("portal:pupil_detail", kwargs={"pk": pupil.pk}))
    assert "Open a case" not in page.content.decode()


def test_demo_has_cases_at_every_stage_in_both_schools(db):
    from schools.models import School

    for name in ("Chaucer School", "Woolwich Polytechnic School for Boys"):
        school = School.objects.get(name=name)
        stages = set(Case.objects.filter(school=school).values_list("stage", flat=True))
        assert stages == set(Stage.values), name
    # Built through the services: each case's last stage change is its stage.
    for case in Case.objects.exclude(stage=Stage.CONCERN):
        last = case.events.filter(kind=EventKind.TRANSITION).order_by("-pk").first()
        assert last.details["to"] == case.stage


def test_refusal_on_a_closed_case_is_shown_to_htmx_not_dropped(world, client):
    case = world.case_at(Stage.CLOSED)
    client.force_login(world.users["officer"])
    response = client.post(
        _action(case, "record"),
        {"kind": EventKind.NOTE, "text": "Late note."},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert (
        "the case is closed, or your role cannot make it" in response.content.decode()
    )
    plain = client.post(_action(case, "record"), {"kind": EventKind.NOTE, "text": "x"})
    assert plain.status_code == 403
    assert not case.events.filter(kind=EventKind.NOTE).exists()
