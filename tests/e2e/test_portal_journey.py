"""A pastoral member of staff signs in, finds a pupil and opens their page."""

import re

import pytest
from playwright.sync_api import Page, expect

from schools.models import Pupil
from tests.conftest import DEMO_PASSWORD
from tests.sign_in import demo_code_unused

pytestmark = pytest.mark.e2e


def sign_in(page: Page, base_url: str, username: str, next_path: str = "") -> None:
    """Sign in through both steps, as staff do: password, then the app's code."""
    query = f"?next={next_path}" if next_path else ""
    page.goto(f"{base_url}/portal/login/{query}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")
    page.get_by_label("Code", exact=True).fill(demo_code_unused(username))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state("load")


def test_pastoral_staff_search_and_open_a_pupil(
    page: Page, demo_site, assert_accessible
):
    pupil = Pupil.objects.filter(school__urn="900001").order_by("legal_surname").last()
    other_school_pupil = Pupil.objects.filter(school__urn="900002").first()

    page.goto(f"{demo_site.url}/portal/login/")
    assert_accessible(page)
    sign_in(page, demo_site.url, "pastoral.chaucer")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    assert_accessible(page)

    page.get_by_role("link", name="Pupils", exact=True).click()
    page.wait_for_load_state("load")
    search = page.get_by_label("Name or UPN")
    page.evaluate("window.sameDocument = true")
    search.fill(pupil.legal_surname)
    # htmx swaps the list in place: the page's heading stays, the list narrows.
    result = page.locator("#pupil-list").get_by_role(
        "link", name=f"{pupil.surname}, {pupil.forename}"
    )
    expect(result).to_be_visible()
    expect(page.locator("#pupil-list")).not_to_contain_text(
        other_school_pupil.legal_surname
    )
    # No full navigation happened; the address holds the search, to share it.
    assert page.evaluate("window.sameDocument") is True
    expect(page).to_have_url(re.compile(r"/portal/pupils/\?q="))
    assert_accessible(page)

    result.click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text(pupil.display_name)
    expect(page.get_by_text(pupil.upn)).to_be_visible()
    expect(page.get_by_role("heading", name="Parents and carers")).to_be_visible()
    assert_accessible(page)


def test_search_works_without_javascript(browser, demo_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    pupil = Pupil.objects.filter(school__urn="900001").first()
    sign_in(page, demo_site.url, "pastoral.chaucer")
    page.goto(f"{demo_site.url}/portal/pupils/")
    page.get_by_label("Name or UPN").fill(pupil.upn)
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state("load")
    assert re.search(r"/portal/pupils/\?q=", page.url)
    expect(page.locator("#pupil-list tbody tr")).to_have_count(1)
    context.close()


def test_public_home_page_is_accessible(page: Page, demo_site, assert_accessible):
    page.goto(demo_site.url + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
