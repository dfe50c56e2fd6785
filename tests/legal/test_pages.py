"""The legal pages as their users use them, and as everyone who must not see
them: 404 on every legal URL, nothing written; the LA's own bundles hidden
from school staff; the dates on the case page, the caseload and "My work";
and a fixed number of queries however many reviews and outcomes there are."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import CaseEvent, CaseGroupObjectPermission
from legal import services
from legal.enums import BundleStatus
from legal.models import CourtBundle, EducationSupervisionOrder, ProsecutionReferral
from schools.work import my_work
from tests.cases.test_access import OUTSIDERS
from tests.contracts.conftest import frozen, notices  # noqa: F401 - fixtures
from tests.legal.legal_world import TODAY, apply, make, review_held, to_eso_stage
from tests.portal.test_access import portal_url_names

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def eso(notices):  # noqa: F811 - the imported fixture
    to_eso_stage(notices)
    return notices


def _text(response) -> str:
    from bs4 import BeautifulSoup

    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def _bundle(n, draft: bool, by: str) -> CourtBundle:
    return CourtBundle.objects.create(
        case=n.case, draft=draft, requested_by=n.users[by], status=BundleStatus.QUEUED
    )


def _legal_world(n):
    """An order made and discharged, a referral with an outcome, and a bundle of
    each kind, on a case at the prosecution stage."""
    order = make(n, apply(n))
    services.eso_discharge(
        order=order, by=n.users["legal"], discharged_on=TODAY, note="Moved on."
    )
    n.case = n.world.step(n.case, "refer_for_prosecution", "legal", reason="x")
    referral = services.referral_prepare(
        case=n.case,
        by=n.users["legal"],
        offence="s444_1",
        parents=[n.mother],
        support_summary="Offers refused.",
        eso_consideration="Order made and discharged.",
        court="Sheffield Magistrates' Court",
    )
    return order, referral, _bundle(n, False, "legal"), _bundle(n, True, "lead")


def _requests(case, order, referral, bundle):
    ids = {"pk": case.pk}
    yield "steps", ids, None
    yield "eso_new", ids, {"applied_on": "2026-11-20", "court": "x"}
    yield "eso", {**ids, "order_pk": order.pk}, {"action": "hearing"}
    yield "referral_new", ids, {"offence": "s444_1"}
    yield "referral", {**ids, "referral_pk": referral.pk}, {"action": "hearing"}
    yield "bundle_request", ids, {"draft": "1"}
    yield "bundle_status", {**ids, "bundle_pk": bundle.pk}, None
    yield "bundle_pdf", {**ids, "bundle_pk": bundle.pk}, None


def _written(case):
    return (
        CaseEvent.objects.filter(case=case).count(),
        list(
            EducationSupervisionOrder.objects.filter(case=case).values_list(
                "status", "hearing_on"
            )
        ),
        ProsecutionReferral.objects.filter(case=case).count(),
        CourtBundle.objects.filter(case=case).count(),
    )


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_outsiders_get_404_on_every_legal_url(eso, client, outsider):
    order, referral, bundle, _ = _legal_world(eso)
    # Unshared, the LA's own staff are outsiders too. The service keeps a case
    # in legal action shared, so the grant goes directly.
    CaseGroupObjectPermission.objects.filter(content_object=eso.case).delete()
    before = _written(eso.case)
    client.force_login(eso.users[outsider])
    visited = set()
    for name, kwargs, post in _requests(eso.case, order, referral, bundle):
        url = reverse(f"portal:legal:{name}", kwargs=kwargs)
        assert client.get(url).status_code in (404, 405), (outsider, "get", url)
        assert client.post(url, post or {}).status_code in (404, 405), (outsider, url)
        visited.add(f"portal:legal:{name}")
    assert {n for n in portal_url_names() if n.startswith("portal:legal:")} == visited
    assert _written(eso.case) == before


@pytest.mark.parametrize("role", ["officer", "pastoral", "lead", "dsl", "head"])
def test_school_staff_get_404_for_the_las_own_bundle(eso, client, role):
    _, _, bundle, draft = _legal_world(eso)
    client.force_login(eso.users[role])
    for name in ("bundle_status", "bundle_pdf"):
        url = reverse(
            f"portal:legal:{name}", kwargs={"pk": eso.case.pk, "bundle_pk": bundle.pk}
        )
        assert client.get(url).status_code == 404, (role, name)
    draft_url = reverse(
        "portal:legal:bundle_status", kwargs={"pk": eso.case.pk, "bundle_pk": draft.pk}
    )
    assert client.get(draft_url).status_code == (200 if role == "lead" else 404)
    case_page = _text(client.get(eso.case.get_absolute_url()))
    assert "Court bundle, asked for" not in case_page


@pytest.mark.parametrize(
    ("role", "final", "draft"),
    [
        ("legal", True, False),
        ("la", False, False),
        ("lead", False, True),
        ("dsl", False, False),
        ("head", False, False),
    ],
)
def test_who_is_offered_which_bundle(eso, client, role, final, draft):
    client.force_login(eso.users[role])
    page = _text(client.get(eso.case.get_absolute_url()))
    assert ("Produce the court bundle" in page) is final
    assert ("Produce a draft bundle for the LA" in page) is draft
    url = reverse("portal:legal:bundle_request", kwargs={"pk": eso.case.pk})
    for is_draft, allowed in ((False, final), (True, draft)):
        bundles = CourtBundle.objects.filter(case=eso.case)
        before = bundles.count()
        response = client.post(url, {"draft": "1"} if is_draft else {})
        assert response.status_code == (302 if allowed else 403)
        assert bundles.count() == before + allowed
        bundles.update(status=BundleStatus.FAILED)  # free the case


def test_the_la_records_an_order_through_the_pages(eso, client):
    client.force_login(eso.users["legal"])
    case_page = _text(client.get(eso.case.get_absolute_url()))
    assert "Record the ESO application" in case_page
    url = reverse("portal:legal:eso_new", kwargs={"pk": eso.case.pk})
    bad = client.post(url, {"applied_on": "2026-11-21", "court": "Sheffield FC"})
    assert bad.status_code == 200
    assert "Select a valid choice" in _text(bad) or "This field is required" in _text(
        bad
    )
    response = client.post(
        url,
        {
            "applied_on": "2026-01-05",
            "supervising_officer": eso.users["la"].pk,
            "court": "Sheffield Family Court",
        },
    )
    order = EducationSupervisionOrder.objects.get(case=eso.case)
    assert response["Location"] == order.get_absolute_url()
    refused = client.post(
        order.get_absolute_url(),
        {
            "action": "decision",
            "decision-decision": "made",
            "decision-decided_on": "2026-01-31",
        },
    )
    assert refused.status_code == 400
    assert "Give the court's reference for the order." in _text(refused)
    client.post(
        order.get_absolute_url(),
        {
            "action": "decision",
            "decision-decision": "made",
            "decision-decided_on": "2026-01-31",
            "decision-court_reference": "SF26E00123",
        },
    )
    page = _text(client.get(order.get_absolute_url()))
    assert "In force until 30 January 2027 (72 days left)." in page
    assert "ESO review overdue Review 1 due 30 April 2026; 0 held." in page
    assert (
        "Extension window open Apply to extend by 30 January 2027 (72 days left)."
        in page
    )
    response = client.post(
        order.get_absolute_url(),
        {
            "action": "extension",
            "extension-applied_on": "2026-11-20",
            "extension-years": "1",
        },
    )
    assert response.status_code == 302
    assert order.extensions.count() == 1


def test_school_staff_read_the_order_but_cannot_change_it(eso, client):
    order = make(eso, apply(eso))
    client.force_login(eso.users["lead"])
    page = client.get(order.get_absolute_url())
    assert page.status_code == 200
    assert "Record the court's decision" not in _text(page)
    response = client.post(
        order.get_absolute_url(),
        {"action": "hearing", "hearing-hearing_on": "2026-12-01"},
    )
    assert response.status_code == 403


def test_the_caseload_and_my_work_show_the_review_due(eso, client):
    make(eso, apply(eso))
    client.force_login(eso.users["la"])
    caseload = _text(client.get(reverse("portal:cases:caseload")))
    assert "ESO review due" in caseload
    items = my_work(eso.users["la"], TODAY)
    kinds = {item.kind: item for item in items}
    assert kinds["ESO review"].due_on == date(2026, 4, 30)
    assert kinds["ESO review"].overdue
    assert kinds["ESO extension"].due_on == date(2027, 1, 30)
    assert not [
        i for i in my_work(eso.users["legal"], TODAY) if i.kind.startswith("ESO")
    ]
    for held in (date(2026, 4, 28), date(2026, 7, 28), date(2026, 10, 30)):
        review_held(eso, held)
    assert "ESO review due" not in _text(client.get(reverse("portal:cases:caseload")))


def test_my_work_lists_the_hearings_of_the_coming_week_to_who_acts_on_them(eso):
    from datetime import timedelta

    apply(eso, hearing_on=TODAY + timedelta(days=3))

    def hearings(who):
        return [
            item.what
            for item in my_work(eso.users[who], TODAY)
            if item.kind == "Court hearing"
        ]

    assert hearings("la") == ["ESO application: hearing at Sheffield Family Court"]
    assert hearings("legal") == hearings("la")
    assert hearings("lead") == []
    assert hearings("other_legal") == []


def test_the_pages_read_a_fixed_number_of_queries_as_the_record_grows(eso, client):
    order = make(eso, apply(eso))
    client.force_login(eso.users["legal"])
    urls = [
        order.get_absolute_url(),
        reverse("portal:legal:steps", kwargs={"pk": eso.case.pk}),
        eso.case.get_absolute_url(),
    ]

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    review_held(eso, date(2026, 4, 28))
    few = counts()
    for held in (date(2026, 7, 28), date(2026, 10, 30)):
        review_held(eso, held)
    for _ in range(3):
        services.eso_non_compliance_record(
            order=order,
            by=eso.users["la"],
            noted_on=TODAY,
            what_happened="Absent all week.",
            action_taken="Warning.",
        )
    extension = services.eso_extension_apply(
        order=order, by=eso.users["la"], applied_on=TODAY, years=1
    )
    services.eso_extension_decide(
        extension=extension, by=eso.users["la"], granted=False, decided_on=TODAY
    )
    _bundle(eso, False, "legal")
    assert counts() == few


def test_the_referral_page_reads_a_fixed_number_of_queries(eso, client):
    _, referral, _, _ = _legal_world(eso)
    client.force_login(eso.users["legal"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(referral.get_absolute_url()).status_code == 200
        return len(queries)

    few = count()
    for fine in ("100", "200", "300"):
        services.outcome_record(
            referral=referral,
            by=eso.users["legal"],
            parent=eso.mother,
            outcome="fine",
            decided_on=TODAY,
            court_reference="SM1",
            fine=Decimal(fine),
        )
    assert count() == few
    page = _text(client.get(referral.get_absolute_url()))
    assert "Fine £300.00" in page


def test_the_order_page_judges_the_targets_and_shows_each_reviews_attendance(
    notices,  # noqa: F811 - the imported fixture
    client,
):
    from datetime import UTC, datetime, time, timedelta

    from meetings import services as meeting_services
    from plans import services as plan_services

    eso = notices
    lead = eso.users["lead"]
    # The parenting contract's targets, agreed before the case went to court.
    plan = plan_services.plan_create(
        case=eso.case, by=lead, kind="contract", start_on=TODAY
    )
    plan_services.target_save(
        plan=plan,
        by=lead,
        achieve="Attend at least 92 % of sessions in the next six weeks",
        actions="Morning check-in at 8.45",
        owner="Mr Okoro",
        goal_kind="attendance_at_least",
        goal_value=92,
        start_on=TODAY - timedelta(days=14),
        review_on=TODAY + timedelta(weeks=2),
        end_on=TODAY + timedelta(weeks=4),
    )
    plan_services.plan_activate(plan=plan, by=lead)
    to_eso_stage(eso)
    order = make(eso, apply(eso))
    review = meeting_services.meeting_arrange(
        case=eso.case,
        by=eso.users["la"],
        type_key="eso_review",
        starts_at=datetime.combine(date(2026, 11, 19), time(15), tzinfo=UTC),
        place="LA office",
        parents=[eso.mother],
        lead=eso.users["la"],
    )
    invitation = review.invitations.get()
    meeting_services.meeting_record(
        meeting=review, by=eso.users["la"], attended={invitation.pk: True}
    )
    client.force_login(eso.users["legal"])
    page = _text(client.get(order.get_absolute_url()))
    assert "Targets judged from the register" in page
    assert "target 1, “Attend at least 92 % of sessions in the next six weeks”" in page
    assert "19 November 2026" in page
    # What the review's record kept: every session of the fortnight missed.
    assert "0.0% this school year; 12 sessions unauthorised" in page
    assert "Review 2 due 31 July 2026; 1 held." in page


def test_a_draft_for_the_la_waits_until_the_case_is_shared(db, client):
    from cases.enums import Stage
    from tests.cases.conftest import build_world

    world = build_world()
    case = world.case_at(Stage.EARLY_HELP, shared=False)
    client.force_login(world.users["lead"])
    assert "Produce a draft bundle" not in _text(client.get(case.get_absolute_url()))
    url = reverse("portal:legal:bundle_request", kwargs={"pk": case.pk})
    assert client.post(url, {"draft": "1"}).status_code == 403
    world.share(case)
    assert "Produce a draft bundle" in _text(client.get(case.get_absolute_url()))


def test_the_court_decides_an_extension_through_the_page_once(eso, client):
    from django.core.exceptions import ValidationError

    from legal.views import _pending_extension

    order = make(eso, apply(eso))
    services.eso_extension_apply(
        order=order, by=eso.users["la"], applied_on=TODAY, years=2
    )
    client.force_login(eso.users["legal"])
    decide = {
        "action": "extension_decision",
        "extension_decision-granted": "yes",
        "extension_decision-decided_on": "2026-11-20",
    }
    assert client.post(order.get_absolute_url(), decide).status_code == 302
    page = _text(client.get(order.get_absolute_url()))
    assert "In force until 30 January 2029" in page
    # Decided meanwhile by someone else: a clear refusal, not a crash.
    with pytest.raises(ValidationError, match="No extension is waiting"):
        _pending_extension(order)
    again = client.post(order.get_absolute_url(), decide)
    assert again.status_code == 302  # the step is no longer open: said, not done


def test_a_new_referral_starts_from_the_ledger_and_the_orders_history(eso, client):
    from plans import services as plan_services

    plan_services.offer_save(
        case=eso.case,
        by=eso.users["lead"],
        kind="transport",
        to_carer=eso.mother,
        offered_on=date(2026, 3, 2),
        response="declined",
    )
    _legal_world(eso)
    client.force_login(eso.users["legal"])
    page = _text(
        client.get(reverse("portal:legal:referral_new", kwargs={"pk": eso.case.pk}))
    )
    assert "2 March 2026: " in page
    assert "to Ms Dana Okafor." in page
    assert (
        "ESO applied for on 5 January 2026; order made on 31 January 2026, "
        "discharged on 20 November 2026." in page
    )
