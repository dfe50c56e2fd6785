"""The LA takes a shared demo case through an education supervision order and
hands its lawyers the bundle: legal.sheffield records the application and the
order, holds and records the first review as a meeting, produces the court
bundle, waits for the worker and downloads it; lead.chaucer produces a draft
for the LA; lead.woolwich gets 404 for every page of it. Each page passes
axe-core."""

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.enums import Stage
from cases.models import Case
from legal.models import CourtBundle, EducationSupervisionOrder
from tests.e2e.signed_in import start_signed_in

pytestmark = pytest.mark.e2e

CHAUCER_URN = "900001"


def run_worker() -> None:
    """The worker `make demo` runs beside the server, for the bundles waiting.

    The page keeps polling meanwhile: its requests wait in the browser (see
    ``hold_bundle_requests``) until the test hands back to Playwright, so the
    one-request-at-a-time live server never meets the worker's queries."""
    call_command(
        "db_worker",
        "--batch",
        "--backend",
        "background",
        "--no-startup-delay",
        "--no-reload",
        stdout=StringIO(),
        stderr=StringIO(),
    )


def hold_bundle_requests(page: Page) -> None:
    """Route the polling through the test, so it only reaches the server while
    the test is inside a Playwright call."""
    page.route("**/legal/bundles/**", lambda route: route.continue_())


def produce_and_download(page: Page, button: str, kind: str) -> bytes:
    hold_bundle_requests(page)
    page.get_by_role("button", name=button).click()
    bundles = page.locator("ul.bundles")
    expect(bundles).to_contain_text(f"{kind}, asked for")
    expect(bundles.get_by_role("status")).to_contain_text("Waiting to start")
    run_worker()
    link = bundles.get_by_role("link", name="Download the PDF")
    expect(link).to_be_visible(timeout=15_000)  # swapped in by the polling
    with page.expect_download() as download:
        link.click()
    with open(download.value.path(), "rb") as saved:
        return saved.read()


def test_the_la_records_an_order_and_a_review_and_hands_over_the_bundle(
    page: Page, demo_site, assert_accessible
):
    case = Case.objects.select_related("pupil").get(
        school__urn=CHAUCER_URN, stage=Stage.ESO
    )
    assert not EducationSupervisionOrder.objects.filter(case=case).exists()
    today = timezone.localdate()
    made_on = today - timedelta(days=14)

    start_signed_in(page, demo_site.url, "legal.sheffield")
    page.goto(f"{demo_site.url}{case.get_absolute_url()}")
    panel = page.get_by_role("region", name="Legal steps")
    expect(panel).to_contain_text("No education supervision order")
    assert_accessible(page)

    # --- The application and the order ---------------------------------------
    panel.get_by_role("link", name="Record the ESO application").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    page.get_by_label("Date of the application").fill(
        (today - timedelta(days=40)).isoformat()
    )
    page.get_by_label("Supervising officer").select_option(label="Kate Firth")
    page.get_by_label("Family Court").fill("Sheffield Family Court")
    page.get_by_role("button", name="Record the application").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("status")).to_contain_text("ESO application recorded.")
    assert_accessible(page)

    page.get_by_text("Record the court's decision").click()
    page.get_by_label("The court made the order").check()
    page.get_by_label("Date", exact=True).fill(made_on.isoformat())
    page.get_by_label("Court's reference").fill("SF26E00777")
    page.locator("details[open]").get_by_role("button", name="Save").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("status")).to_contain_text("decision is recorded")
    expect(page.locator(".order-summary")).to_contain_text("In force until")
    expect(page.locator(".order-summary")).to_contain_text("0 held")
    assert_accessible(page)

    # --- The first review, held and recorded as a meeting -------------------
    page.get_by_role("link", name="Arrange an ESO review").click()
    page.wait_for_load_state("load")
    review_day = today - timedelta(days=1)
    page.get_by_label("Date").fill(review_day.isoformat())
    page.get_by_label("Time").fill("10:00")
    page.get_by_label("Where").fill("LA office, Howden House")
    page.get_by_role("button", name="Arrange the meeting").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("status")).to_contain_text("Meeting arranged")
    page.get_by_role("link", name="Record the meeting").click()
    page.wait_for_load_state("load")
    page.get_by_label("attended").first.check()
    page.get_by_label("What the parents said").fill("Mornings are better this month.")
    page.get_by_role("button", name="Save the record").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("status")).to_contain_text("Meeting recorded")
    order = EducationSupervisionOrder.objects.get(case=case)
    page.goto(f"{demo_site.url}{order.get_absolute_url()}")
    expect(page.locator(".order-summary")).to_contain_text("1 held")
    expect(page.get_by_role("table")).to_contain_text(review_day.strftime("%-d %B %Y"))

    # --- The bundle -----------------------------------------------------------
    page.goto(f"{demo_site.url}{case.get_absolute_url()}")
    pdf = produce_and_download(page, "Produce the court bundle", "Court bundle")
    assert pdf.startswith(b"%PDF")
    bundle = CourtBundle.objects.get(case=case, draft=False)
    assert hashlib.sha256(pdf).hexdigest() == bundle.sha256
    assert_accessible(page)
    page.goto(f"{demo_site.url}{case.get_absolute_url()}?kind=legal.bundle_downloaded")
    expect(page.locator("#chronology")).to_contain_text("Court bundle downloaded")

    # --- The school's draft ----------------------------------------------------
    page.context.clear_cookies()
    start_signed_in(page, demo_site.url, "lead.chaucer")
    page.goto(f"{demo_site.url}{case.get_absolute_url()}")
    expect(page.get_by_role("region", name="Legal steps")).not_to_contain_text(
        "Court bundle, asked for"
    )
    draft = produce_and_download(
        page, "Produce a draft bundle for the LA", "Draft bundle"
    )
    assert draft.startswith(b"%PDF")
    assert_accessible(page)

    # --- Another school's lead sees none of it --------------------------------
    page.context.clear_cookies()
    start_signed_in(page, demo_site.url, "lead.woolwich")
    urls = [
        case.get_absolute_url(),
        f"/portal/cases/{case.pk}/legal/",
        order.get_absolute_url(),
        f"/portal/cases/{case.pk}/legal/eso/new/",
        f"/portal/cases/{case.pk}/legal/bundles/{bundle.pk}/",
        f"/portal/cases/{case.pk}/legal/bundles/{bundle.pk}/pdf/",
    ]
    for url in urls:
        response = page.goto(f"{demo_site.url}{url}")
        assert response.status == 404, url
