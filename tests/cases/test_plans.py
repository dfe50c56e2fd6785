"""Plans with SMART targets, their review cycle, the support-first ledger, and the
checklist items they meet."""

import csv
import io
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.checklist import checklist_status
from cases.enums import Stage
from cases.models import CaseEvent
from cases.workflow import blockers
from plans import services
from plans.enums import PlanEventKind, PlanStatus
from plans.models import Plan, Review, SupportOffer, Target
from tests.factories import CarerRelationshipFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "achieve": "Attend at least 92 % of sessions in the next six weeks",
    "actions": "Morning check-in with Mr Okoro at 8.45 every day",
    "owner": "Mr Okoro, Head of Year 9",
    "intervention": "mentoring",
}


def at(day: date, hour: int = 10):
    return time_machine.travel(
        timezone.make_aware(datetime.combine(day, time(hour))), tick=False
    )


def good_target(plan, by, **overrides):
    today = timezone.localdate()
    fields = {
        **GOOD,
        "start_on": today,
        "review_on": today + timedelta(weeks=3),
        "end_on": today + timedelta(weeks=6),
        **overrides,
    }
    return services.target_save(plan=plan, by=by, **fields)


def active_plan(world, case, kind="early_help"):
    officer = world.users["officer"]
    plan = services.plan_create(
        case=case, by=officer, kind=kind, start_on=timezone.localdate()
    )
    good_target(plan, officer)
    return services.plan_activate(plan=plan, by=officer)


def test_a_plan_becomes_active_only_with_measured_and_dated_targets(world):
    case = world.case_at(Stage.EARLY_HELP)
    officer = world.users["officer"]
    plan = services.plan_create(
        case=case, by=officer, kind="early_help", start_on=timezone.localdate()
    )
    with pytest.raises(ValidationError, match="Add at least one target"):
        services.plan_activate(plan=plan, by=officer)
    vague = services.target_save(
        plan=plan, by=officer, achieve="Try to improve attendance", owner="Mum"
    )
    with pytest.raises(ValidationError) as refused:
        services.plan_activate(plan=plan, by=officer)
    messages = refused.value.messages
    assert any(m.startswith("Target 1: Add a measure") for m in messages), messages
    assert any("date" in m for m in messages if m.startswith("Target 1")), messages
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    good_target(plan, officer, target=vague)
    plan = services.plan_activate(plan=plan, by=officer)
    assert plan.status == PlanStatus.ACTIVE
    assert plan.next_review_on == timezone.localdate() + timedelta(weeks=6)
    offer = SupportOffer.objects.get(case=case, kind="mentoring")
    assert offer.response == "accepted"  # the family agreed to early help
    assert (
        CaseEvent.objects.filter(case=case, kind=PlanEventKind.PLAN_ACTIVATED).count()
        == 1
    )


def test_an_early_help_plan_needs_the_familys_agreement(world):
    case = world.open_case()
    officer = world.users["officer"]
    plan = services.plan_create(
        case=case, by=officer, kind="early_help", start_on=timezone.localdate()
    )
    good_target(plan, officer)
    with pytest.raises(ValidationError, match="family's agreement"):
        services.plan_activate(plan=plan, by=officer)
    support = services.plan_create(
        case=case, by=officer, kind="support", start_on=timezone.localdate()
    )
    good_target(support, officer)
    assert services.plan_activate(plan=support, by=officer).status == "active"


def test_a_plan_kind_belongs_at_its_stages(world):
    case = world.open_case()
    with pytest.raises(ValidationError, match="belongs at the"):
        services.plan_create(
            case=case,
            by=world.users["officer"],
            kind="contract",
            start_on=timezone.localdate(),
        )


def test_family_members_must_be_the_pupils_own(world):
    case = world.case_at(Stage.EARLY_HELP)
    mum = CarerRelationshipFactory(pupil=case.pupil).parent_carer
    stranger = CarerRelationshipFactory(pupil=world.pupil()).parent_carer
    officer = world.users["officer"]
    before = Plan.objects.count()
    with pytest.raises(ValidationError, match="is not one of"):
        services.plan_create(
            case=case,
            by=officer,
            kind="support",
            start_on=timezone.localdate(),
            family_members=[mum, stranger],
        )
    assert Plan.objects.count() == before
    plan = services.plan_create(
        case=case,
        by=officer,
        kind="support",
        start_on=timezone.localdate(),
        family_members=[mum],
    )
    with pytest.raises(ValidationError, match="is not one of"):
        good_target(plan, officer, family_members=[stranger])
    assert not Target.objects.filter(plan=plan).exists()


def test_a_target_form_aimed_at_another_schools_case_writes_nothing(world, client):
    other_case = world.open_case(world.pupil(world.sibling_school), by="sibling_lead")
    plan = services.plan_create(
        case=other_case,
        by=world.users["sibling_lead"],
        kind="support",
        start_on=timezone.localdate(),
    )
    client.force_login(world.users["officer"])
    url = reverse("portal:plans:target_new", args=[other_case.pk, plan.pk])
    assert client.post(url, {"achieve": "Attend 95 %"}).status_code == 404
    own_case = world.open_case()
    # This school's case in the URL, the other school's plan: still 404.
    url = reverse("portal:plans:target_new", args=[own_case.pk, plan.pk])
    assert client.post(url, {"achieve": "Attend 95 %"}).status_code == 404
    assert not Target.objects.filter(plan=plan).exists()


def test_the_review_cycle_schedules_flags_overdue_and_writes_one_event(world, client):
    start = date(2026, 9, 7)
    with at(start):
        case = world.case_at(Stage.EARLY_HELP)
        plan = active_plan(world, case)
    assert plan.next_review_on == date(2026, 10, 19)
    officer = world.users["officer"]
    caseload = reverse("portal:cases:caseload")
    with at(date(2026, 10, 19)):
        assert not Plan.objects.get(pk=plan.pk).is_review_overdue()
        client.force_login(officer)
        page = client.get(caseload, {"overdue_review": "on"}).content.decode()
        assert case.pupil.legal_surname not in page
        assert (
            "Review overdue" not in client.get(case.get_absolute_url()).content.decode()
        )
    with at(date(2026, 10, 20)):
        assert Plan.objects.get(pk=plan.pk).is_review_overdue()
        client.force_login(officer)  # a new day: sessions last 12 hours at most
        page = client.get(caseload, {"overdue_review": "on"}).content.decode()
        assert case.pupil.legal_surname in page
        assert "Review overdue" in page
        # The case page's plans panel says it too.
        assert "Review overdue" in client.get(case.get_absolute_url()).content.decode()
        target = plan.targets.get()
        events = CaseEvent.objects.filter(case=case).count()
        review = services.review_record(
            plan=plan,
            by=officer,
            held_on=date(2026, 10, 20),
            attended="Mum, Mr Okoro (Head of Year 9)",
            decision="continue",
            outcomes={target.pk: ("partly", "Better on Fridays")},
        )
        assert CaseEvent.objects.filter(case=case).count() == events + 1
        plan.refresh_from_db()
        assert plan.status == PlanStatus.REVIEWED
        assert plan.next_review_on == date(2026, 12, 1)
        assert review.next_review_on == date(2026, 12, 1)
        assert Target.objects.get(pk=target.pk).achieved == "partly"
        page = client.get(caseload, {"overdue_review": "on"}).content.decode()
        assert case.pupil.legal_surname not in page


def test_the_lead_practitioner_sees_overdue_reviews_on_the_dashboard(world, client):
    with at(date(2026, 9, 7)):
        case = world.case_at(Stage.EARLY_HELP)  # led by pastoral
        plan = active_plan(world, case)
    with at(date(2026, 11, 1)):
        client.force_login(world.users["pastoral"])
        page = client.get(reverse("portal:dashboard")).content.decode()
        assert plan.get_absolute_url() in page
        assert "Overdue</strong>" in page
        client.force_login(world.users["officer"])
        page = client.get(reverse("portal:dashboard")).content.decode()
        assert plan.get_absolute_url() not in page


def test_a_review_must_cover_this_plans_targets_only(world):
    case = world.case_at(Stage.EARLY_HELP)
    plan = active_plan(world, case)
    other = active_plan(world, world.case_at(Stage.EARLY_HELP), kind="support")
    stray = other.targets.get()
    with pytest.raises(ValidationError, match="not on this plan"):
        services.review_record(
            plan=plan,
            by=world.users["officer"],
            held_on=timezone.localdate(),
            attended="Mum",
            decision="continue",
            outcomes={stray.pk: ("yes", "")},
        )
    assert not Review.objects.filter(plan=plan).exists()


def test_ending_a_plan_without_success_shows_support_exhausted(world):
    case = world.case_at(Stage.PARENTING_CONTRACT)  # shared with the LA team
    reason = "Voluntary support is not shown to be exhausted"
    assert any(r.startswith(reason) for r in blockers(case, "apply_for_eso"))
    plan = active_plan(world, case, kind="contract")
    target = plan.targets.get()
    services.review_record(
        plan=plan,
        by=world.users["officer"],
        held_on=timezone.localdate(),
        attended="Mum, Ms Shah",
        decision="end",
        ended_successfully=False,
        notes="No improvement after two reviews.",
        outcomes={target.pk: ("no", "")},
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ENDED_WITHOUT_SUCCESS
    assert plan.next_review_on is None
    assert not any(r.startswith(reason) for r in blockers(case, "apply_for_eso"))


def _met(case) -> set[str]:
    return {status.item.key for status in checklist_status(case) if status.met}


def test_checklist_items_follow_the_plans_and_the_ledger(world):
    case = world.open_case()
    officer = world.users["officer"]
    assert not _met(case) & {"smart_plan", "challenge_and_support"}
    offer = services.offer_save(
        case=case,
        by=officer,
        kind="breakfast_club",
        to_pupil=True,
        offered_on=timezone.localdate(),
    )
    assert "challenge_and_support" not in _met(case)  # no answer yet
    services.offer_save(
        case=case,
        by=officer,
        offer=offer,
        response="accepted",
        response_on=timezone.localdate(),
    )
    assert "challenge_and_support" in _met(case)
    services.offer_save(
        case=case, by=officer, offer=offer, response="not_known", response_on=None
    )
    assert "challenge_and_support" not in _met(case)

    plan = active_plan(world, case, kind="support")
    assert "smart_plan" not in _met(case)  # active, not yet reviewed
    services.review_record(
        plan=plan,
        by=officer,
        held_on=timezone.localdate(),
        attended="Mum",
        decision="continue",
        outcomes={plan.targets.get().pk: ("not_yet", "")},
    )
    assert "smart_plan" in _met(case)
    world.step(case, "close", "lead", closure_reason="improved")
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        world.step(case, "reopen", "lead", reason="Absence again.")
        case.refresh_from_db()
        assert "smart_plan" not in _met(case)  # a new episode needs its own plan


def test_meetings_go_into_the_ledger(world):
    case = world.open_case()
    world.meeting(case)
    world.meeting(case)
    offers = SupportOffer.objects.filter(case=case)
    assert [(o.kind, o.response, o.offered_to) for o in offers] == [
        ("meeting", "accepted", "The family")
    ] * 2
    assert "two_meetings_offered" in _met(case)
    # Meetings are the challenge; they do not show support was offered.
    assert "challenge_and_support" not in _met(case)


def test_the_ledger_page_and_its_csv_carry_the_same_rows(world, client):
    case = world.open_case()
    officer = world.users["officer"]
    mum = CarerRelationshipFactory(pupil=case.pupil).parent_carer
    services.offer_save(
        case=case,
        by=officer,
        kind="other",
        kind_other="Alarm clock, bought by school",
        to_carer=mum,
        offered_on=date(2026, 11, 2),
        response="declined",
        response_on=date(2026, 11, 3),
        outcome="Mum said they have one.",
    )
    world.meeting(case)
    client.force_login(world.users["head"])  # sees the case: reads the ledger
    page = client.get(reverse("portal:plans:ledger", args=[case.pk]))
    assert page.status_code == 200
    rows = [row for _, row in page.context["rows"]]
    response = client.get(reverse("portal:plans:ledger_csv", args=[case.pk]))
    exported = list(csv.reader(io.StringIO(response.content.decode())))
    assert exported[0] == page.context["columns"]
    assert exported[1:] == rows
    assert rows[0][:5] == [
        "2 November 2026",
        "Alarm clock, bought by school",
        str(mum),
        officer.get_full_name(),
        "Declined",
    ]
    # The head sees but does not record.
    assert b"Add an offer of support" not in page.content
    new = reverse("portal:plans:offer_new", args=[case.pk])
    assert client.get(new).status_code == 403


def test_a_ledger_entry_explains_what_is_wrong(world, client):
    case = world.open_case()
    client.force_login(world.users["officer"])
    response = client.post(
        reverse("portal:plans:offer_new", args=[case.pk]),
        {
            "kind": "other",
            "recipient": "pupil",
            "offered_on": "2026-11-10",
            "response": "declined",
            "response_on": "2026-11-01",
        },
    )
    page = response.content.decode()
    assert "Say what was offered." in page
    assert "The answer cannot come before the offer." in page
    assert not SupportOffer.objects.filter(case=case).exists()


def test_the_target_form_gives_smart_advice_as_you_type(world, client):
    case = world.case_at(Stage.EARLY_HELP)
    plan = services.plan_create(
        case=case,
        by=world.users["officer"],
        kind="early_help",
        start_on=timezone.localdate(),
    )
    client.force_login(world.users["pastoral"])
    url = reverse("portal:plans:target_advice", args=[case.pk, plan.pk])
    vague = client.post(
        url, {"achieve": "Try to improve attendance"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "Add a measure" in vague
    assert "Needed before the plan is active" in vague
    good = client.post(
        url,
        {
            **GOOD,
            "start_on": timezone.localdate().isoformat(),
            "end_on": (timezone.localdate() + timedelta(weeks=6)).isoformat(),
        },
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "This target is specific, measured, dated and owned." in good


def _plan_page_queries(client, plan) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(plan.get_absolute_url())
    assert response.status_code == 200
    return len(queries)


def test_the_plan_page_reads_a_fixed_number_of_queries(world, client):
    case = world.case_at(Stage.EARLY_HELP)
    officer = world.users["officer"]
    plan = services.plan_create(
        case=case, by=officer, kind="early_help", start_on=timezone.localdate()
    )
    today = timezone.localdate()
    good_target(
        plan,
        officer,
        goal_kind="attendance_at_least",
        goal_value=95,
        start_on=today - timedelta(days=14),
        end_on=today + timedelta(days=14),
    )
    client.force_login(officer)
    _plan_page_queries(client, plan)  # the first request also fills caches
    few = _plan_page_queries(client, plan)
    for n in range(10):
        good_target(
            plan,
            officer,
            goal_kind="late_at_most" if n % 2 else "",
            goal_value=2 if n % 2 else None,
            start_on=today - timedelta(days=7),
        )
    assert _plan_page_queries(client, plan) == few


def test_the_ledger_page_reads_a_fixed_number_of_queries(world, client):
    case = world.open_case()
    client.force_login(world.users["officer"])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("portal:plans:ledger", args=[case.pk]))
        return len(queries)

    world.meeting(case)
    few = count()
    for _ in range(15):
        world.meeting(case)
    assert count() == few


def test_review_overdue_is_one_rule_in_memory_and_in_queries(world):
    """``Plan.is_review_overdue`` and ``review_overdue_q`` say the same for every
    status and review date, on the day before, of and after the review."""
    from plans.models import review_overdue_q

    plan = active_plan(world, world.case_at(Stage.EARLY_HELP))
    review = plan.next_review_on
    for status in PlanStatus.values:
        for today in (review - timedelta(days=1), review, review + timedelta(days=1)):
            Plan.objects.filter(pk=plan.pk).update(status=status)
            plan.refresh_from_db()
            in_query = Plan.objects.filter(review_overdue_q(today), pk=plan.pk).exists()
            assert plan.is_review_overdue(today) == in_query, (status, today)
            expected = status in ("active", "reviewed") and today > review
            assert in_query == expected, (status, today)
