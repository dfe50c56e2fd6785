"""An attendance lead opens a case for a pupil, works it through to early help
and shares it with the LA; the LA legal officer finds it in their caseload and
sees why an education supervision order cannot be applied for yet. The
caseload and the case page pass axe-core for both of them."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.checklist import checklist_status
from cases.models import Case
from schools.models import Pupil
from tests.e2e.signed_in import start_signed_in

pytestmark = pytest.mark.e2e

CHAUCER_URN = "900001"


def pupil_without_a_case() -> Pupil:
    return (
        Pupil.objects.filter(school__urn=CHAUCER_URN)
        .exclude(pk__in=Case.objects.values("pupil"))
        .select_related("school__local_authority")
        .order_by("legal_surname", "pk")
        .first()
    )


def record_form(page: Page):
    return page.locator("section", has=page.locator("#record-heading"))


def fill_record(page: Page, kind: str, text: str, held_on=None) -> None:
    form = record_form(page)
    form.get_by_label("What are you recording?").select_option(label=kind)
    if held_on is not None:
        form.get_by_label("Date of the meeting").fill(held_on.isoformat())
    form.get_by_label("What happened or was decided, and why").fill(text)
    form.get_by_role("button", name="Record").click()


def record_on_the_case(page: Page, kind: str, text: str, held_on=None) -> None:
    """Fill in "Record on the case" and wait for htmx to swap the case in place."""
    fill_record(page, kind, text, held_on)
    status = page.locator("#case-body [role=status]")
    expect(status).to_have_text(f"Recorded: {kind}.")
    expect(status).to_be_focused()  # the button pressed was swapped away
    expect(page.locator("#chronology")).to_contain_text(text)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state("load")


def test_lead_opens_a_case_and_the_la_legal_officer_sees_what_is_missing(
    page: Page, demo_site, assert_accessible
):
    pupil = pupil_without_a_case()
    assert pupil is not None, "the demo has no Chaucer pupil without a case"
    la_name = pupil.school.local_authority.name
    assert la_name == "Sheffield"
    meeting_day = timezone.localdate() - timedelta(days=2)

    # --- The school's attendance lead -------------------------------------
    start_signed_in(page, demo_site.url, "lead.chaucer")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    page.get_by_role("link", name="Pupils", exact=True).click()
    page.wait_for_load_state("load")
    page.get_by_label("Name or UPN").fill(pupil.upn)
    page.locator("#pupil-list").get_by_role(
        "link", name=f"{pupil.surname}, {pupil.forename}"
    ).click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text(pupil.display_name)

    page.get_by_role("link", name="Open a case").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Open a case for {pupil.display_name}"
    )
    assert_accessible(page)
    page.get_by_label("Why open a case").fill(
        "Attendance 84 % this half term; Monday absences unexplained."
    )
    page.get_by_role("button", name="Open the case").click()
    page.wait_for_load_state("load")

    case = Case.objects.get(pupil=pupil)
    assert page.url.endswith(f"/portal/cases/{case.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"Case: {pupil.display_name}"
    )
    expect(page.get_by_role("status")).to_have_text(
        f"Case opened for {pupil.display_name}."
    )
    expect(page.locator("[aria-current=step]")).to_have_text("Attendance concern")
    early_help = page.locator("#transition-start_early_help")
    expect(early_help.get_by_role("button", name="Start early help")).to_be_disabled()
    expect(early_help).to_contain_text("No lead practitioner is assigned.")
    expect(early_help).to_contain_text(
        "The family's agreement to an early help plan is not recorded"
    )
    assert_accessible(page)

    # Every form below posts with htmx and swaps #case-body in place.
    assign = page.locator("section", has=page.locator("#assign-heading"))
    assign.get_by_label("Lead practitioner", exact=True).select_option(
        label="Sam Okoro"
    )
    assign.get_by_role("button", name="Save").click()
    expect(page.locator("#case-body [role=status]")).to_have_text(
        "Lead practitioner and co-workers saved."
    )
    lead = page.locator(".summary-list div", has_text="Lead practitioner")
    expect(lead.locator("dd")).to_have_text("Sam Okoro")
    expect(early_help).not_to_contain_text("No lead practitioner is assigned.")
    assert page.url.endswith(f"/portal/cases/{case.pk}/")

    # A meeting needs its date: the error is shown in place, and focused.
    meeting_note = (
        "Met mum and dad at school. Monday absences follow weekend contact visits."
    )
    fill_record(page, "Meeting with parents", meeting_note)
    problem = page.locator("#case-body > .error-summary")
    expect(problem).to_have_text(re.compile("There is a problem\\s*Check the form."))
    expect(problem).to_be_focused()
    expect(record_form(page).get_by_role("alert")).to_contain_text(
        "Date of the meeting: Give the date of the meeting."
    )
    date = record_form(page).get_by_label("Date of the meeting")
    expect(date).to_have_attribute("aria-invalid", "true")
    expect(date).to_have_accessible_description(
        "For a meeting with the parents. Error: Give the date of the meeting."
    )
    expect(page.locator("#chronology")).not_to_contain_text(meeting_note)
    assert_accessible(page)

    record_on_the_case(
        page,
        "Meeting with parents",
        meeting_note,
        held_on=meeting_day,
    )
    expect(page.locator("#chronology")).to_contain_text(
        f"held on {meeting_day.isoformat()}"
    )
    record_on_the_case(
        page,
        "Family agreed to early help",
        "Both parents agreed to an early help plan and signed the consent form.",
    )

    # Nothing blocks early help now: the summary reveals the confirm form.
    expect(early_help.locator(".blocked")).to_have_count(0)
    confirm = early_help.get_by_role("button", name="Confirm: start early help")
    expect(confirm).to_be_hidden()
    early_help.locator("summary", has_text="Start early help").click()
    expect(confirm).to_be_visible()
    confirm.click()
    expect(page.locator("#case-body [role=status]")).to_have_text(
        "The case is now at: Early help."
    )
    expect(page.locator("[aria-current=step]")).to_have_text("Early help")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Case: {pupil.display_name} (Early help)"
    )
    expect(page.locator("#chronology")).to_contain_text(
        "Attendance concern → Early help"
    )
    assert_accessible(page)

    sharing = page.locator("#sharing")
    expect(sharing).to_contain_text("Not shared with the local authority.")
    sharing.get_by_label("Share with").select_option(label=f"{la_name} attendance team")
    sharing.get_by_role("button", name="Share the case").click()
    expect(page.locator("#case-body [role=status]")).to_have_text("Case shared.")
    expect(page.locator("#sharing")).to_contain_text(
        f"Shared with the {la_name} attendance team"
    )
    assert_accessible(page)

    page.get_by_role("link", name="Cases", exact=True).click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text("Caseload")
    row = page.locator("#caseload tbody tr", has_text=pupil.surname)
    expect(row).to_contain_text("Early help")
    expect(row).to_contain_text("Sam Okoro")
    assert_accessible(page)
    sign_out(page)

    # --- The LA's legal officer -------------------------------------------
    start_signed_in(page, demo_site.url, "legal.sheffield")
    page.get_by_role("link", name="Cases", exact=True).click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text("Caseload")
    caseload = page.locator("#caseload")
    expect(caseload).to_contain_text(f"{pupil.surname}, {pupil.forename}")
    expect(caseload).not_to_contain_text("Woolwich")
    assert_accessible(page)

    caseload.get_by_role("link", name=f"{pupil.surname}, {pupil.forename}").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/portal/cases/{case.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"Case: {pupil.display_name}"
    )
    expect(page.locator("[aria-current=step]")).to_have_text("Early help")

    # Met from the records alone: the siblings item, when the family has no
    # child at another school of the LA.
    met = sum(status.met for status in checklist_status(case))
    eso = page.locator("#transition-apply_for_eso")
    apply = eso.get_by_role("button", name="Apply for an education supervision order")
    expect(apply).to_be_disabled()
    # The reasons are the disabled button's description, for screen readers.
    expect(apply).to_have_accessible_description(
        re.compile(rf"^Not available yet:.*checklist is not complete \({met} of 15\)")
    )
    reasons = eso.locator(".blocked li")
    expect(reasons.first).to_contain_text(
        "Voluntary support is not shown to be exhausted"
    )
    # One line for the checklist, with a link to it, not its 15 items again.
    expect(reasons.nth(1)).to_have_text(
        f"The legal-readiness checklist is not complete ({met} of 15)."
    )
    expect(reasons).to_have_count(2)
    expect(
        eso.get_by_role("link", name="What the checklist is missing")
    ).to_have_attribute("href", "#checklist")
    # Shared with the LA and taken by a legal officer: neither blocks it.
    expect(eso).not_to_contain_text("is not shared with")
    expect(eso).not_to_contain_text("can take this step")
    expect(page.locator("#checklist")).to_contain_text(f"{met} of 15")
    # A legal officer does not choose the lead practitioner or share the case.
    expect(page.locator("#assign-heading")).to_have_count(0)
    expect(page.locator("#sharing form")).to_have_count(0)
    assert_accessible(page)
