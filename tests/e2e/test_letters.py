"""An attendance officer prepares a letter about attendance for a parent on a
Chaucer case, opens it, and records it sent by email; the message waits in the
demo's outbox. The letters page, the form, the letter's page and the outbox
pass axe-core."""

import pytest
from playwright.sync_api import Page, expect

from cases.enums import Stage
from cases.models import Case
from letters.services import recipients_for
from tests.e2e.signed_in import start_signed_in

pytestmark = pytest.mark.e2e


def chaucer_case_with_a_carer_with_email() -> Case:
    cases = Case.objects.filter(school__urn="900001").exclude(stage=Stage.CLOSED)
    for case in cases.select_related("pupil").order_by("pk"):
        if recipients_for(case).exclude(email="").exists():
            return case
    raise AssertionError("The demo has no Chaucer case with a carer with email.")


def test_an_officer_prepares_and_emails_a_letter(
    page: Page, demo_site, assert_accessible, settings
):
    settings.EMAIL_BACKEND = "letters.mail.OutboxBackend"
    case = chaucer_case_with_a_carer_with_email()
    carer = recipients_for(case).exclude(email="").first()
    start_signed_in(page, demo_site.url, "officer.chaucer")

    page.goto(f"{demo_site.url}/portal/cases/{case.pk}/letters/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Letters")
    assert_accessible(page)

    page.get_by_role("link", name="Prepare a letter").click()
    page.get_by_role("button", name="Prepare the letter").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose who the letter is to.")
    assert_accessible(page)
    page.get_by_label(str(carer), exact=False).first.check()
    page.get_by_role("button", name="Prepare the letter").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(str(carer))
    expect(page.get_by_text("Waiting to be sent", exact=True)).to_be_visible()
    assert_accessible(page)
    href = page.get_by_role("link", name="Open the letter (PDF)").get_attribute("href")
    pdf = page.request.get(f"{demo_site.url}{href}")
    assert pdf.headers["content-type"] == "application/pdf"
    assert "no-store" in pdf.headers["cache-control"]

    page.get_by_label("Email", exact=True).check()
    page.get_by_role("button", name="Record as sent").click()
    expect(page.get_by_text(f"Email to {carer.email}")).to_be_visible()

    page.goto(f"{demo_site.url}/portal/cases/letters/outbox/")
    expect(page.get_by_text(carer.email).first).to_be_visible()
    assert_accessible(page)
