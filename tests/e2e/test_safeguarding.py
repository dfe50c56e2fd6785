"""A DSL adds a restricted note on a case and asks to be consulted before any
formal or legal step. The school's attendance lead, on the same case, sees the
neutral flag and why the parenting contract has to wait, and nothing of the
note, not even that there is one: its address answers 404. The DSL then sees
who has read the note, records the consultation, and reads the access report.
The DSL's pages pass axe-core."""

import re
import uuid

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from cases.enums import Stage
from cases.models import Case
from safeguarding.hooks import CONSULT_REASON
from safeguarding.models import ConsultDslFlag, RestrictedItem
from tests.e2e.signed_in import start_signed_in

pytestmark = pytest.mark.e2e

CHAUCER_URN = "900001"
DSL_NAME = "Ruth Ellis"  # dsl.chaucer
LEAD_NAME = "Priya Shah"  # lead.chaucer
FLAG_TEXT = "Consult the DSL before any formal or legal step."


def case_without_restricted_records() -> Case:
    """An open demo case at Chaucer whose pupil has no restricted records."""
    return (
        Case.objects.filter(school__urn=CHAUCER_URN, stage=Stage.CONCERN)
        .exclude(pupil__in=RestrictedItem.objects.values("pupil"))
        .exclude(pk__in=ConsultDslFlag.objects.values("case"))
        .select_related("pupil")
        .order_by("opened_at", "pk")
        .first()
    )


def open_case(page: Page, base_url: str, case: Case) -> None:
    page.goto(f"{base_url}{case.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"Case: {case.pupil.display_name}"
    )


def safeguarding_panel(page: Page):
    return page.locator("section", has=page.locator("#safeguarding-heading"))


def test_dsl_note_stays_with_the_dsl_and_the_flag_reaches_the_case(
    page: Page, browser: Browser, demo_site, assert_accessible
):
    case = case_without_restricted_records()
    assert case is not None, "the demo has no Chaucer concern without records"
    pupil = case.pupil
    case_url = f"{demo_site.url}{case.get_absolute_url()}"
    secret = f"Disclosure {uuid.uuid4().hex} told to the DSL in confidence."

    # --- The DSL adds a restricted note and sets the flag -----------------
    start_signed_in(page, demo_site.url, "dsl.chaucer")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    nav = page.get_by_role("navigation", name="Portal")
    expect(nav.get_by_role("link", name="Safeguarding", exact=True)).to_be_visible()
    nav.get_by_role("link", name="Cases", exact=True).click()
    page.wait_for_load_state("load")
    page.locator("#caseload").get_by_role(
        "link", name=f"{pupil.surname}, {pupil.forename}"
    ).click()
    page.wait_for_load_state("load")
    expect(page).to_have_url(case_url)
    panel = safeguarding_panel(page)
    expect(panel.locator("#consult-dsl-flag")).to_have_count(0)
    panel.get_by_role("link", name="Add a restricted note").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a restricted note")
    expect(page.get_by_label("Case", exact=True)).to_have_value(str(case.pk))
    assert_accessible(page)
    page.get_by_label("Category").select_option(label="Domestic abuse concern")
    page.get_by_label("Note", exact=True).fill(secret)
    page.get_by_role("button", name="Save the record").click()
    page.wait_for_load_state("load")

    expect(page.get_by_role("status")).to_have_text("The restricted record is saved.")
    note = RestrictedItem.objects.get(pupil=pupil)
    note_url = f"{demo_site.url}{note.get_absolute_url()}"
    expect(page).to_have_url(note_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Restricted note {note.pk}: {pupil.display_name}"
    )
    expect(page.locator(".restricted-text")).to_have_text(secret)
    expect(page.get_by_text("Domestic abuse concern")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=f"case {case.pk}", exact=True).click()
    page.wait_for_load_state("load")
    expect(page).to_have_url(case_url)
    # The DSL may read the note, so its chronology event is shown to them.
    expect(page.locator("#chronology")).to_contain_text(
        "Restricted safeguarding record added"
    )
    panel.get_by_role(
        "button", name="Ask to be consulted before any formal or legal step"
    ).click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("status")).to_have_text(
        "Everyone on the case now sees: consult the DSL."
    )
    flag = panel.locator("#consult-dsl-flag")
    expect(flag).to_contain_text(FLAG_TEXT)
    expect(flag).to_contain_text("No consultation is recorded since the flag was set")
    expect(page.locator("#chronology")).to_contain_text("Consult the DSL: flag set")
    assert_accessible(page)

    # --- The attendance lead sees the flag and nothing restricted ---------
    context = browser.new_context()
    lead = context.new_page()
    start_signed_in(lead, demo_site.url, "lead.chaucer")
    expect(lead.get_by_role("heading", level=1)).to_have_text("Dashboard")
    lead_nav = lead.get_by_role("navigation", name="Portal")
    expect(lead_nav.get_by_role("link", name="Cases", exact=True)).to_be_visible()
    expect(lead_nav.get_by_role("link", name="Safeguarding")).to_have_count(0)

    open_case(lead, demo_site.url, case)
    expect(lead.locator("#consult-dsl-flag")).to_contain_text(FLAG_TEXT)
    lead_panel = safeguarding_panel(lead)
    expect(lead_panel.get_by_role("link")).to_have_count(0)
    expect(lead_panel.get_by_role("button")).to_have_count(0)
    chronology = lead.locator("#chronology")
    expect(chronology).to_contain_text("Consult the DSL: flag set")
    expect(chronology).not_to_contain_text(secret)
    expect(chronology).not_to_contain_text("safeguarding record added")
    expect(lead.locator("body")).not_to_contain_text(re.compile("restricted", re.I))
    assert secret not in lead.content()
    expect(lead_nav.get_by_role("link", name="Safeguarding")).to_have_count(0)

    # The flag holds back the parenting contract, and says why.
    contract = lead.locator("#transition-start_parenting_contract")
    expect(
        contract.get_by_role("button", name="Move to a parenting contract")
    ).to_be_disabled()
    expect(
        contract.locator(".blocked li").filter(has_text=CONSULT_REASON)
    ).to_have_count(1)
    assert_accessible(lead)

    # The chronology filtered to the DSL's events, as htmx swaps it in place.
    show = chronology.get_by_label("Show", exact=True)
    expect(show.locator("option", has_text="safeguarding record")).to_have_count(0)
    show.select_option(label="Consult the DSL: flag set")
    expect(chronology.locator(".chronology__event")).to_have_count(1)
    assert secret not in lead.content()

    lead.goto(f"{demo_site.url}{pupil.get_absolute_url()}")
    expect(lead.get_by_role("heading", level=1)).to_have_text(pupil.display_name)
    expect(lead.locator("body")).not_to_contain_text(re.compile("restricted", re.I))
    expect(lead.get_by_role("heading", name="Safeguarding")).to_have_count(0)
    assert secret not in lead.content()

    # The note, the pupil's records, the overview and the access report: 404.
    for path in (
        note.get_absolute_url(),
        reverse("portal:safeguarding:pupil", args=[pupil.pk]),
        reverse("portal:safeguarding:overview"),
        reverse("portal:safeguarding:access_report"),
    ):
        response = lead.goto(f"{demo_site.url}{path}")
        assert response.status == 404
        expect(lead.get_by_role("heading", level=1)).to_have_text("Page not found")
        assert secret not in lead.content()
    context.close()

    # --- The DSL sees who read the note and records the consultation -----
    page.get_by_role("link", name="Restricted records for this pupil").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Restricted records: {pupil.display_name}"
    )
    page.get_by_role("link", name=f"Restricted note {note.pk}").click()
    page.wait_for_load_state("load")
    expect(page).to_have_url(note_url)
    viewers = page.locator("#viewers")
    expect(viewers.locator("li")).to_have_count(1)
    expect(viewers).to_contain_text(DSL_NAME)
    expect(viewers).not_to_contain_text(LEAD_NAME)
    log = page.locator("section", has=page.locator("#log-heading"))
    expect(log.locator("tbody")).to_contain_text(DSL_NAME)
    expect(log.locator("tbody")).not_to_contain_text(LEAD_NAME)
    assert_accessible(page)

    open_case(page, demo_site.url, case)
    advice = "Consulted; no objection to a parenting contract."
    panel.get_by_label("What the DSL advised").fill(advice)
    panel.get_by_role("button", name="Record the consultation").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("status")).to_have_text("The consultation is recorded.")
    expect(flag).to_contain_text(FLAG_TEXT)
    expect(flag).to_contain_text(
        re.compile(rf"The DSL was consulted on \d{{1,2}} \w+ \d{{4}} \({DSL_NAME}\)")
    )
    expect(flag).to_contain_text(advice)
    expect(page.locator("#transition-start_parenting_contract")).not_to_contain_text(
        CONSULT_REASON
    )
    expect(page.locator("#chronology")).to_contain_text("DSL consulted")
    assert_accessible(page)

    page.get_by_role("navigation", name="Portal").get_by_role(
        "link", name="Safeguarding", exact=True
    ).click()
    page.wait_for_load_state("load")
    page.get_by_role(
        "link", name="Who has read your school's restricted records"
    ).click()
    page.wait_for_load_state("load")
    expect(page).to_have_url(f"{demo_site.url}/portal/safeguarding/access-log/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Access to restricted records"
    )
    note_rows = page.locator("tbody tr", has_text=f"Restricted note {note.pk}")
    expect(note_rows.filter(has_text="Created")).to_have_count(1)
    expect(note_rows.first).to_contain_text(DSL_NAME)
    expect(note_rows.filter(has_text=LEAD_NAME)).to_have_count(0)
    assert_accessible(page)
