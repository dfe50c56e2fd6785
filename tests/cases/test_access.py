"""Every case URL × every user who must not see the case: 404, and nothing written.

The URLs are found by walking the URL conf, so a new case URL that this test
does not visit makes it fail.
"""

from datetime import date

import pytest
from django.urls import reverse

from cases.enums import Stage
from cases.models import CaseEvent, ChecklistTick
from plans import services as plan_services
from plans.models import Plan, Review, SupportOffer, Target
from tests.portal.test_access import portal_url_names

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

OUTSIDERS = [
    "sibling_lead",  # school staff of another school in the same LA
    "other_la",  # LA staff of another LA
    "other_legal",
    "la",  # LA staff of this LA, case not shared
    "legal",
    "superuser",  # no membership: sees nothing in the portal
    "nobody",
]
ACTION_POSTS = {
    "transition": {
        "transition": "close",
        "expected_stage": Stage.EARLY_HELP,
        "closure_reason": "improved",
    },
    "assign": {"lead_practitioner": ""},
    "record": {"kind": "case.note", "text": "Hello"},
    "tick": {"item": "siblings", "note": "On file."},
    "untick": {"item": "child_voice", "reason": "x"},
    "share": {"target": "la_team"},
}


def _requests(case):
    """(url name, method, url, data, headers) for every case URL."""
    detail = reverse("portal:cases:detail", kwargs={"pk": case.pk})
    yield "portal:cases:detail", "get", detail, {}, {}
    yield (
        "portal:cases:detail",
        "get",
        detail,
        {"kind": "case.note"},
        {"HX-Request": "true", "HX-Target": "chronology"},
    )
    for action, data in ACTION_POSTS.items():
        url = reverse("portal:cases:action", kwargs={"pk": case.pk, "action": action})
        yield "portal:cases:action", "post", url, data, {}
        yield "portal:cases:action", "post", url, data, {"HX-Request": "true"}
    open_url = reverse("portal:cases:open", kwargs={"pupil_pk": case.pupil_id})
    yield "portal:cases:open", "get", open_url, {}, {}
    yield "portal:cases:open", "post", open_url, {"reason": "x"}, {}
    yield from _plan_requests(case)


def _plan_requests(case):
    """Plans, targets, reviews and the ledger of the case."""
    plan = case.plans.get()
    target = plan.targets.get()
    offer = case.support_offers.first()
    ids = {"pk": case.pk}
    plan_ids = {**ids, "plan_pk": plan.pk}
    target_post = {"achieve": "Attend 95 %", "end_on": "2026-12-01"}
    for name, kwargs, gets, post in [
        ("plan_new", ids, True, {"kind": "support", "start_on": "2026-11-01"}),
        ("plan", plan_ids, True, None),
        ("target_new", plan_ids, True, target_post),
        ("target_edit", {**plan_ids, "target_pk": target.pk}, True, target_post),
        ("target_advice", plan_ids, False, target_post),
        ("plan_activate", plan_ids, False, {}),
        ("plan_review", plan_ids, False, {"decision": "end"}),
        ("plan_withdraw", plan_ids, False, {"reason": "x"}),
        ("ledger", ids, True, None),
        ("ledger_csv", ids, True, None),
        ("offer_new", ids, True, {"kind": "mentoring", "recipient": "pupil"}),
        ("offer_edit", {**ids, "offer_pk": offer.pk}, True, {"kind": "other"}),
    ]:
        url = reverse(f"portal:plans:{name}", kwargs=kwargs)
        if gets:
            yield f"portal:plans:{name}", "get", url, {}, {}
        if post is not None:
            yield f"portal:plans:{name}", "post", url, post, {}
            yield f"portal:plans:{name}", "post", url, post, {"HX-Request": "true"}


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_outsiders_get_404_on_every_case_url(world, client, outsider):
    case = world.case_at(Stage.EARLY_HELP, shared=False)
    world.tick_all(case)
    plan = plan_services.plan_create(
        case=case, by=world.users["officer"], kind="early_help", start_on=date.today()
    )
    plan_services.target_save(
        plan=plan, by=world.users["officer"], achieve="Attend 95 %"
    )
    events = CaseEvent.objects.filter(case=case).count()
    ticks = ChecklistTick.objects.filter(case=case).count()
    written = _plan_rows(case)
    client.force_login(world.users[outsider])
    visited = set()
    for name, method, url, data, headers in _requests(case):
        response = getattr(client, method)(url, data, headers=headers)
        assert response.status_code == 404, (outsider, method, url, headers)
        visited.add(name)
    # Every URL of the cases and plans apps (pupil-voice URLs are walked by
    # tests/cases/test_voice.py).
    case_urls = {
        n
        for n in portal_url_names()
        if n.startswith(("portal:cases:", "portal:plans:"))
    }
    assert visited == case_urls - {"portal:cases:caseload"}
    assert CaseEvent.objects.filter(case=case).count() == events
    assert ChecklistTick.objects.filter(case=case).count() == ticks
    assert _plan_rows(case) == written
    case.refresh_from_db()
    assert case.stage == Stage.EARLY_HELP
    caseload = client.get(reverse("portal:cases:caseload")).content.decode()
    assert case.pupil.legal_surname not in caseload


def _plan_rows(case) -> tuple[int, ...]:
    plans = Plan.objects.filter(case=case)
    return (
        plans.count(),
        Target.objects.filter(plan__in=plans).count(),
        Review.objects.filter(plan__in=plans).count(),
        SupportOffer.objects.filter(case=case).count(),
        plans.filter(status="draft").count(),
    )


def test_unknown_action_is_404_even_for_the_school(world, client):
    case = world.open_case()
    client.force_login(world.users["lead"])
    url = reverse("portal:cases:action", kwargs={"pk": case.pk, "action": "delete"})
    assert client.post(url).status_code == 404


def test_headteacher_sees_the_case_but_every_step_is_blocked_by_role(world, client):
    case = world.case_at(Stage.EARLY_HELP)
    client.force_login(world.users["head"])
    page = client.get(case.get_absolute_url()).content.decode()
    assert page.count("disabled") == len(
        ["start_parenting_contract", "step_down", "apply_for_eso", "close"]
    )
    assert (
        "Only the Attendance lead, LA attendance officer / lead practitioner or "
        "LA legal officer can take this step." in page
    )
    # The record, assign and share forms are not offered.
    assert (
        'action="'
        + reverse("portal:cases:action", kwargs={"pk": case.pk, "action": "record"})
        not in page
    )
    response = client.post(
        reverse("portal:cases:action", kwargs={"pk": case.pk, "action": "transition"}),
        {
            "transition": "close",
            "expected_stage": case.stage,
            "closure_reason": "improved",
        },
    )
    assert response.status_code == 200
    assert "was not taken: Only the" in response.content.decode()
    case.refresh_from_db()
    assert case.stage == Stage.EARLY_HELP
