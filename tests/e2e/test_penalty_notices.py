"""The school asks for a penalty notice and the LA issues it: lead.chaucer
requests a second notice to a parent who already had one (the checks say so),
la.sheffield issues it and sees its payment clock, and a third request is
stopped with the reason. The case, request and notice pages pass axe-core."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import Page, expect

from attendance.models import RegisterMark
from cases.enums import Stage
from cases.models import Case
from contracts import notice_services
from contracts.models import PenaltyNotice
from contracts.notice_enums import PenaltyNoticeStatus
from contracts.notice_rules import liable_parents
from tests.e2e.signed_in import start_signed_in

pytestmark = pytest.mark.e2e

CHAUCER_URN = "900001"


def case_with_a_first_notice():
    """The Chaucer case at the parenting-contract stage (shared with
    la.sheffield), its pupil with 12 unauthorised sessions this fortnight and
    one parent with a first notice issued a month ago, as the demo would have
    it where its register supports it."""
    case = Case.objects.get(school__urn=CHAUCER_URN, stage=Stage.PARENTING_CONTRACT)
    today = timezone.localdate()
    days = [today - timedelta(days=n) for n in range(1, 15)]
    for day in [d for d in days if d.weekday() < 5][:6]:
        for session in ("AM", "PM"):
            RegisterMark.objects.update_or_create(
                pupil=case.pupil,
                date=day,
                session=session,
                defaults={"school": case.school, "code": "O"},
            )
    first = PenaltyNotice.objects.filter(
        case=case, status=PenaltyNoticeStatus.ISSUED
    ).first()
    if first is None:
        users = get_user_model().objects
        first = notice_services.penalty_notice_request(
            case=case,
            parent=liable_parents(case).first(),
            by=users.get(username="lead.chaucer"),
            kind="attendance",
            grounds="Twelve unauthorised sessions.",
            equality_note="Nothing known.",
        )
        notice_services.penalty_notice_issue(
            notice=first,
            by=users.get(username="la.sheffield"),
            issued_on=today - timedelta(days=30),
            served_how="by_hand",
        )
    return case, str(first.parent)


def show_checks(page: Page, parent: str) -> None:
    page.get_by_label("To which parent or carer").select_option(label=parent)
    page.get_by_role("button", name="Show the checks").click()
    page.wait_for_load_state("load")


def test_a_school_requests_and_the_la_issues_a_second_notice_then_a_third_is_stopped(
    page: Page, demo_site, assert_accessible
):
    case, parent = case_with_a_first_notice()
    start_signed_in(page, demo_site.url, "lead.chaucer")
    page.goto(f"{demo_site.url}{case.get_absolute_url()}")
    panel = page.get_by_role("region", name="Notices to improve and penalty notices")
    expect(panel).to_contain_text(f"Penalty notice to {parent}: issued")
    assert_accessible(page)
    panel.get_by_role("link", name="Request a penalty notice").click()
    page.wait_for_load_state("load")
    show_checks(page, parent)
    expect(page.get_by_text("This is the second penalty notice")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Why a penalty notice is the right step now").fill(
        "Ten more unauthorised sessions since the first notice was paid."
    )
    page.get_by_label("Equality Act considerations").fill(
        "No SEN or disability known; reviewed with the SENCo."
    )
    page.get_by_role("button", name="Send the request").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Penalty notice to {parent}"
    )
    assert_accessible(page)
    notice_url = page.url

    page.context.clear_cookies()
    start_signed_in(page, demo_site.url, "la.sheffield")
    page.goto(notice_url)
    page.get_by_label("Served by").select_option(label="By hand")
    page.get_by_role("button", name="Issue the notice").click()
    page.wait_for_load_state("load")
    payable_by = timezone.localdate() + timedelta(days=28)
    expect(page.locator("p", has_text="Payment:")).to_contain_text(
        f"£160 if paid by {payable_by.day} {payable_by:%B %Y} (28 days left)"
    )
    expect(page.get_by_text("£160, no reduction; payable")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    start_signed_in(page, demo_site.url, "lead.chaucer")
    page.goto(f"{demo_site.url}/portal/cases/{case.pk}/notices/penalty/new/")
    show_checks(page, parent)
    expect(page.get_by_text("Stops the request.")).to_be_visible()
    expect(page.get_by_text("so a third may not be issued")).to_be_visible()
    expect(page.get_by_role("button", name="Send the request")).to_have_count(0)
    assert_accessible(page)
