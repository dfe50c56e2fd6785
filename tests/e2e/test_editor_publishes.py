"""The README's `editor` signs in to Wagtail, changes a school's policy page and
publishes it; parents see the change at once."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import DEMO_PASSWORD
from tests.policy_pages.conftest import WOOLWICH_URN, demo_policy
from tests.sign_in import demo_code_unused

pytestmark = pytest.mark.e2e


def test_the_demo_editor_publishes_a_policy_change_in_wagtail(page: Page, demo_site):
    policy = demo_policy(WOOLWICH_URN)
    # Wagtail's login page sends the editor to the portal's, for both steps.
    page.goto(f"{demo_site.url}/cms/login/")
    expect(page).to_have_url(re.compile(r"/portal/login/\?next=/cms/$"))
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code", exact=True).fill(demo_code_unused("editor"))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state("load")
    expect(page).to_have_url(f"{demo_site.url}/cms/")

    page.goto(f"{demo_site.url}/cms/pages/{policy.pk}/edit/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(policy.title)
    page.get_by_role("tab", name="Contacts and times").click()
    phone = page.locator("input[name=absence_phone]")
    phone.fill("020 8000 1234")
    # "Publish" is in the action menu beside "Save draft".
    page.locator("button.w-dropdown__toggle.button").click()
    page.locator("button[name=action-publish]").click()
    page.wait_for_load_state("load")
    expect(page.locator(".messages")).to_contain_text("published")

    page.goto(f"{demo_site.url}{policy.url}")
    expect(page.locator("body")).to_contain_text("020 8000 1234")
