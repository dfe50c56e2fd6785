"""A headteacher opens the school overview from the navigation, reads the
weekly chart and its table, and opens the governors' summary; both pass
axe-core, and the summary prints on one page."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.signed_in import start_signed_in

pytestmark = pytest.mark.e2e


def test_head_reads_the_overview_and_the_governors_summary(
    page: Page, demo_site, assert_accessible
):
    start_signed_in(page, demo_site.url, "head.chaucer")
    page.get_by_role("link", name="School overview").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Overview of Chaucer School"
    )
    expect(
        page.get_by_role(
            "img", name="Weekly attendance at Chaucer School, this year and last year"
        )
    ).to_be_visible()
    page.get_by_text("Weekly figures as a table").click()
    expect(
        page.get_by_role(
            "table",
            name="Attendance per school week, this year and the same week last year",
        )
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="One-page summary for governors (to print)").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Attendance summary for governors"
    )
    assert_accessible(page)
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=False)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
