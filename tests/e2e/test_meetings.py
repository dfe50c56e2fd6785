"""The attendance lead runs a school attendance meeting from the portal: both
parents are invited, each with their own letter; the parents do not come, so
the did-not-attend letter goes and a second meeting is offered; the second is
recorded with the grid, an agreed action becomes a target on the plan, the
minutes go to both parents, and the legal-readiness checklist knows. The
arrange, meeting, invitation, record and letter pages pass axe-core."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.enums import Stage
from cases.models import Case
from meetings.models import Meeting
from meetings.selectors import carers_for_invitation
from plans import services as plan_services
from plans.models import Target
from schools.enums import Relationship
from schools.models import CarerRelationship, ParentCarer
from tests.e2e.signed_in import start_signed_in

pytestmark = pytest.mark.e2e

CHAUCER_URN = "900001"
DNA = "Prepare a did-not-attend letter for each parent"
MINUTES = "Prepare the minutes for each parent"
ACTION = "Arrive by 8.50am every day for the next four weeks"


def concern_with_two_parents() -> Case:
    """An open Chaucer concern without meetings, its pupil given a second
    parent living apart if the demo gave them only one."""
    case = (
        Case.objects.filter(school__urn=CHAUCER_URN, stage=Stage.CONCERN)
        .exclude(pk__in=Meeting.objects.values("case"))
        .select_related("pupil")
        .order_by("opened_at", "pk")
        .first()
    )
    assert case is not None, "the demo has no Chaucer concern without meetings"
    invited = [rel for rel, default, _ in carers_for_invitation(case.pupil) if default]
    if len(invited) < 2:
        father = ParentCarer.objects.create(
            title="Mr",
            forename="Femi",
            surname="Adeyemi",
            address="7 Orchard Close\nGreenwich\nSE10 8AB",
        )
        CarerRelationship.objects.create(
            pupil=case.pupil,
            parent_carer=father,
            relationship=Relationship.FATHER,
            has_parental_responsibility=True,
            has_day_to_day_care=False,
            contact_priority=9,
        )
    return case


def send_by_post(page: Page, link, back_to: str, assert_accessible=None) -> None:
    """Open a prepared letter, record it sent by post, and come back."""
    link.click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_contain_text(" to ")
    if assert_accessible:
        assert_accessible(page)
    page.get_by_label("Post").check()
    page.get_by_role("button", name="Record as sent").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("status")).to_be_visible()
    page.goto(back_to)


def prepare_and_post(
    page: Page, button: str, parents, back_to: str, assert_accessible=None
) -> None:
    """Prepare one letter for each parent, then send each by post."""
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("status")).to_have_text(
        f"{len(parents)} letters prepared: check each, then send it."
    )
    for parent in parents:
        letters = page.locator("section", has=page.locator("#letters"))
        unsent = letters.locator("li", has_text="Not sent yet")
        send_by_post(
            page,
            unsent.get_by_role("link", name=f"To {parent}"),
            back_to,
            assert_accessible,
        )
        assert_accessible = None  # once is enough


def checklist_item(page: Page, label: str):
    return page.locator("#checklist li.checklist__item").filter(has_text=label)


def test_a_lead_runs_a_sam_through_to_the_minutes(
    page: Page, demo_site, assert_accessible
):
    case = concern_with_two_parents()
    lead = case.school.memberships.get(role="attendance_lead").user
    plan = plan_services.plan_create(
        case=case, by=lead, kind="support", start_on=timezone.localdate()
    )
    parents = [
        rel.parent_carer
        for rel, default, _ in carers_for_invitation(case.pupil)
        if default
    ][:2]
    first_day = timezone.localdate() - timedelta(days=8)
    second_day = timezone.localdate() - timedelta(days=1)

    start_signed_in(page, demo_site.url, "lead.chaucer")
    page.goto(f"{demo_site.url}{case.get_absolute_url()}")
    panel = page.locator("section", has=page.locator("#meetings-heading"))
    expect(panel).to_contain_text("No meeting planned.")

    # --- Invite both parents to a SAM ---------------------------------------
    panel.get_by_role("link", name="Arrange a meeting").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Arrange a meeting")
    group = page.get_by_role("group", name="Parents and carers to invite")
    for parent in parents:
        expect(group.get_by_label(str(parent), exact=False)).to_be_checked()
    assert_accessible(page)
    page.get_by_label("Meeting").select_option(
        label=(
            "School attendance meeting (SAM) (led by: Year leader or attendance leader)"
        )
    )
    page.get_by_label("Date").fill(first_day.isoformat())
    page.get_by_label("Time").fill("09:30")
    page.get_by_label("Where").fill("The attendance office")
    page.get_by_role("button", name="Arrange the meeting").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("status")).to_contain_text("Meeting arranged")
    first = Meeting.objects.get(case=case)
    assert [i.parent_carer for i in first.invitations.all()] == parents
    assert_accessible(page)

    # Each parent's invitation: how it went.
    page.get_by_role(
        "link", name=f"Record how it was sent or the reply for {parents[0]}"
    ).click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    page.get_by_label("Sent", exact=True).select_option(label="Letter by post")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("status")).to_contain_text(
        f"Invitation to {parents[0]} updated."
    )

    # --- They do not come ----------------------------------------------------
    page.get_by_role("link", name="Record the meeting").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    page.get_by_label("Additional information").fill("Nobody came; no call.")
    page.get_by_role("button", name="Save the record").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("status")).to_contain_text("the parents did not attend")
    expect(
        page.get_by_role("heading", name="The parents did not attend")
    ).to_be_visible()
    first_url = f"{demo_site.url}{first.get_absolute_url()}"
    prepare_and_post(page, DNA, parents, first_url, assert_accessible)
    # A copy of the record goes to the parents whether or not they came.
    prepare_and_post(page, MINUTES, parents, first_url)

    # --- A second meeting ----------------------------------------------------
    page.get_by_role("link", name="Offer a second meeting").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Offer a second meeting"
    )
    page.get_by_label("Date").fill(second_day.isoformat())
    page.get_by_label("Time").fill("15:45")
    page.get_by_role("button", name="Arrange the meeting").click()
    page.wait_for_load_state("load")
    second = Meeting.objects.exclude(pk=first.pk).get(case=case)
    assert second.second_offer_of == first

    # --- Recorded with the grid ---------------------------------------------
    page.get_by_role("link", name="Record the meeting").click()
    page.wait_for_load_state("load")
    page.get_by_label(f"{parents[0]} attended").check()
    page.get_by_label("Education: what are we worried about").fill("Late most Mondays.")
    page.get_by_label("Care: what is going well").fill("Grandmother nearby.")
    page.get_by_label("What the parents said").fill("Mornings are hard since the move.")
    page.get_by_label("The impact on learning was discussed with the parents").check()
    page.get_by_label("Action 1: action agreed").fill(ACTION)
    page.get_by_label("Action 1: who will do it").fill(str(parents[0]))
    page.get_by_role("button", name="Save the record").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("status")).to_contain_text("Meeting recorded")
    record = page.locator(".meeting-record")
    expect(record).to_contain_text("Late most Mondays.")
    expect(record).to_contain_text("Mornings are hard since the move.")
    assert_accessible(page)

    # --- The agreed action becomes a target ---------------------------------
    page.get_by_role("button", name="Make it a target").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("status")).to_have_text("Added to the plan as a target.")
    assert Target.objects.get(plan=plan).achieve == ACTION

    # --- The minutes to both parents ----------------------------------------
    second_url = f"{demo_site.url}{second.get_absolute_url()}"
    prepare_and_post(page, MINUTES, parents, second_url)

    # --- The checklist knows -------------------------------------------------
    page.goto(f"{demo_site.url}{case.get_absolute_url()}")
    for label in (
        "Parents offered at least two meetings",
        "Every meeting recorded and a copy sent to parents",
        "The impact on learning discussed with parents",
        "The parents' voice recorded",
    ):
        expect(checklist_item(page, label)).to_have_class(
            "checklist__item checklist__item--met"
        )
    expect(
        page.locator("section", has=page.locator("#meetings-heading"))
    ).not_to_contain_text("Minutes not sent")
