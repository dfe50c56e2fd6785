"""Printing a case gives a case summary: the pupil, the stage, plans, the
checklist and the chronology, with no buttons, forms or unavailable steps."""

import pytest
from playwright.sync_api import Page, expect

from cases.enums import Stage
from cases.models import Case
from tests.e2e.signed_in import start_signed_in

pytestmark = pytest.mark.e2e


def test_a_printed_case_is_a_summary_without_controls(page: Page, demo_site):
    case = Case.objects.filter(school__urn="900001", stage=Stage.EARLY_HELP).first()
    start_signed_in(page, demo_site.url, "lead.chaucer")
    page.goto(f"{demo_site.url}{case.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Next steps")).to_be_visible()
    assert page.locator("button:visible").count() > 0

    page.emulate_media(media="print")
    expect(page.get_by_text("Case summary, printed")).to_be_visible()
    for heading in ("Pupil", "Stage", "Legal-readiness checklist", "Chronology"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Next steps")).to_be_hidden()
    expect(page.get_by_role("heading", name="Record on the case")).to_be_hidden()
    assert page.locator("button:visible, select:visible, textarea:visible").count() == 0
    assert page.locator(".blocked:visible").count() == 0
