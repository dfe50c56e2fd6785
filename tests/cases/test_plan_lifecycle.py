"""A plan's life as django-fsm-2 transitions: which step may follow which
status, that nothing sets the status by assignment, and that the plan page,
the service and the transition condition all ask ``plan_blockers``."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_fsm import can_proceed

from cases.enums import Stage
from plans import services
from plans.enums import PlanStatus
from plans.lifecycle import STEPS, plan_blockers
from plans.models import Plan
from tests.cases.test_plans import good_target

pytestmark = pytest.mark.django_db

S = PlanStatus
# Which steps each status allows (before any rule), and where each one goes.
ALLOWED = {
    S.DRAFT: {"activate": S.ACTIVE, "withdraw": S.WITHDRAWN},
    S.ACTIVE: {
        "keep_going": S.REVIEWED,
        "end_successfully": S.ENDED_SUCCESSFULLY,
        "end_without_success": S.ENDED_WITHOUT_SUCCESS,
        "withdraw": S.WITHDRAWN,
    },
    S.REVIEWED: {
        "keep_going": S.REVIEWED,
        "end_successfully": S.ENDED_SUCCESSFULLY,
        "end_without_success": S.ENDED_WITHOUT_SUCCESS,
        "withdraw": S.WITHDRAWN,
    },
    S.ENDED_SUCCESSFULLY: {},
    S.ENDED_WITHOUT_SUCCESS: {},
    S.WITHDRAWN: {},
}


@pytest.mark.unit
@pytest.mark.parametrize("status", list(PlanStatus))
def test_each_status_allows_exactly_its_steps(status):
    plan = Plan(status=status)
    allowed = {
        step
        for step in STEPS
        if can_proceed(getattr(plan, step), check_conditions=False)
    }
    assert allowed == set(ALLOWED[status])


@pytest.mark.unit
def test_each_step_goes_where_the_table_says():
    declared = {
        (transition.source, transition.name): transition.target
        for transition in Plan._meta.get_field("status").get_all_transitions(Plan)
    }
    expected = {
        (status, step): target
        for status, steps in ALLOWED.items()
        for step, target in steps.items()
    }
    assert declared == expected


@pytest.mark.unit
def test_the_status_is_never_set_by_assignment():
    plan = Plan(status=PlanStatus.DRAFT)
    with pytest.raises(AttributeError):
        plan.status = PlanStatus.ACTIVE


def test_the_page_the_service_and_the_transition_give_the_same_reasons(world, client):
    case = world.case_at(Stage.EARLY_HELP)
    officer = world.users["officer"]
    plan = services.plan_create(
        case=case, by=officer, kind="early_help", start_on=timezone.localdate()
    )
    services.target_save(
        plan=plan, by=officer, achieve="Try to improve attendance", owner="Mum"
    )
    reasons = plan_blockers(plan, "activate")
    assert reasons
    assert all(reason.startswith("Target 1: ") for reason in reasons)
    assert not can_proceed(plan.activate)
    with pytest.raises(ValidationError) as refused:
        services.plan_activate(plan=plan, by=officer)
    assert refused.value.messages == reasons
    client.force_login(officer)
    page = client.get(plan.get_absolute_url()).content.decode()
    for reason in reasons:
        assert f"<li>{reason}</li>" in page.replace("&#x27;", "'")

    good_target(plan, officer, target=plan.targets.get())
    assert plan_blockers(plan, "activate") == []
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Before the plan can be active" not in page
    assert reverse("portal:plans:plan_activate", args=[case.pk, plan.pk]) in page
