"""A Chaucer pupil joins Woolwich: Woolwich's officer imports them and learns
nothing of where they were; Chaucer's DSL sees the child-protection file to
send, with the LA share the move ended, and records it sent; Woolwich's DSL
confirms receipt; Chaucer's attendance lead hands the open case over. The new
pages pass axe-core and fit a 375 px screen."""

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from cases.enums import Stage
from cases.models import Case
from safeguarding.models import ChildProtectionFileTransfer, RestrictedItemGrant
from tests.e2e.signed_in import start_signed_in

pytestmark = pytest.mark.e2e


def as_user(browser: Browser, base_url: str, username: str, **context) -> Page:
    page = browser.new_context(**context).new_page()
    start_signed_in(page, base_url, username)
    return page


def fits(page: Page, width: int) -> None:
    """Nothing on the page runs past ``width``."""
    wide = page.evaluate(
        """w => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > w)
            .map(e => `${e.tagName}.${e.className} ${e.getBoundingClientRect().right}`)
            .slice(0, 15)""",
        width,
    )
    assert wide == [], wide


def test_a_pupil_moves_and_the_cp_file_follows(
    browser: Browser, demo_site, assert_accessible, tmp_path
):
    # The demo's Chaucer early-help case has a restricted link shared with
    # la.sheffield; Woolwich is in another LA, so that share must end.
    case = Case.objects.select_related("pupil").get(
        school__urn="900001", stage=Stage.EARLY_HELP
    )
    pupil = case.pupil
    assert RestrictedItemGrant.objects.filter(
        content_object__pupil=pupil, user__username="la.sheffield"
    ).exists()
    roll = tmp_path / "woolwich-joiners.csv"
    roll.write_text(
        "upn,forename,surname,date_of_birth,year_group\n"
        f"{pupil.upn},{pupil.legal_forename},{pupil.legal_surname},"
        f"{pupil.date_of_birth},{pupil.year_group}\n"
    )

    officer = as_user(browser, demo_site.url, "officer.woolwich")
    officer.goto(f"{demo_site.url}{reverse('portal:attendance:upload')}")
    officer.get_by_label("Pupils").check()
    officer.get_by_label("CSV file").set_input_files(roll)
    officer.get_by_role("button", name="Import").click()
    officer.wait_for_load_state("load")
    report = officer.locator("#import-report")
    expect(report).to_contain_text("1 added, 0 amended, 0 unchanged")
    expect(officer.locator("main")).not_to_contain_text("Chaucer")

    transfer = ChildProtectionFileTransfer.objects.get(move__pupil=pupil)
    old_dsl = as_user(browser, demo_site.url, "dsl.chaucer")
    old_dsl.goto(f"{demo_site.url}{reverse('portal:safeguarding:overview')}")
    old_dsl.get_by_role("link", name=pupil.display_name).first.click()
    old_dsl.wait_for_load_state("load")
    expect(old_dsl.get_by_role("heading", level=1)).to_have_text(
        f"Child-protection file: {pupil.display_name}"
    )
    expect(old_dsl.locator("#shares-heading + ul")).to_contain_text("shared with")
    assert_accessible(old_dsl)
    old_dsl.get_by_label("The file was sent securely").check()
    old_dsl.get_by_role("button", name="Record").click()
    old_dsl.wait_for_load_state("load")
    expect(old_dsl.locator(".summary-list")).to_contain_text(
        "The file was sent securely"
    )
    assert_accessible(old_dsl)

    new_dsl = as_user(
        browser,
        demo_site.url,
        "dsl.woolwich",
        viewport={"width": 375, "height": 800},
    )
    new_dsl.goto(f"{demo_site.url}{transfer.get_absolute_url()}")
    fits(new_dsl, 375)
    new_dsl.get_by_role("button", name="Confirm receipt").click()
    new_dsl.wait_for_load_state("load")
    expect(new_dsl.locator(".summary-list")).to_contain_text("Confirmed")
    new_dsl.goto(f"{demo_site.url}{reverse('portal:safeguarding:overview')}")
    fits(new_dsl, 375)
    assert_accessible(new_dsl)

    lead = as_user(browser, demo_site.url, "lead.chaucer")
    lead.goto(f"{demo_site.url}{case.get_absolute_url()}")
    expect(lead.locator("#moved-heading")).to_have_text(
        f"{pupil.display_name} has joined another school"
    )
    assert_accessible(lead)
    lead.get_by_text("Hand over the case…").click()
    lead.get_by_role("button", name="Hand over to").click()
    lead.wait_for_url(f"{demo_site.url}{reverse('portal:cases:caseload')}")
    expect(lead.locator("main")).to_contain_text("handed over to")
    case.refresh_from_db()
    assert case.school.urn == "900002"
