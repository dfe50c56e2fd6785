"""Signing in and managing staff, in the browser: each page passes axe-core and
fits a phone."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from tests.conftest import DEMO_PASSWORD
from tests.e2e.signed_in import start_signed_in
from tests.sign_in import demo_code_unused

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 740}


def fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_new_member_of_staff_sets_up_the_app_on_a_phone(
    page: Page, demo_site, assert_accessible
):
    get_user_model().objects.create_user(
        "new.starter", password=DEMO_PASSWORD, first_name="Nia", last_name="Price"
    )
    page.set_viewport_size(PHONE)
    page.goto(f"{demo_site.url}/portal/login/")
    page.get_by_label("Username").fill("new.starter")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Set up your authenticator app"
    )
    assert_accessible(page)
    fits(page)
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    page.get_by_label("Code from the app").fill("000000")
    page.get_by_role("button", name="Finish setting up").click()
    expect(page.locator(".error-summary")).to_contain_text("That code did not work")
    assert_accessible(page)


def test_a_head_signs_in_and_invites_a_new_officer(
    page: Page, demo_site, assert_accessible
):
    page.set_viewport_size(PHONE)
    page.goto(f"{demo_site.url}/portal/login/")
    page.get_by_label("Username").fill("head.chaucer")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter the code from your authenticator app"
    )
    assert_accessible(page)
    fits(page)
    page.get_by_label("Code", exact=True).fill(demo_code_unused("head.chaucer"))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")

    page.get_by_role("link", name="Staff", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff at Chaucer School")
    assert_accessible(page)
    page.get_by_role("link", name="Invite someone").click()
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator(".error-summary")).to_contain_text(
        "Enter the person's first name"
    )
    assert_accessible(page)
    fits(page)
    page.get_by_label("First name").fill("Nia")
    page.get_by_label("Last name").fill("Price")
    page.get_by_label("Work email address").fill("nia.price@chaucer.example.org")
    page.get_by_label("Role").select_option("attendance_officer")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator(".messages")).to_contain_text(
        "Invitation sent to nia.price@chaucer.example.org"
    )
    row = page.get_by_role("row", name=re.compile("^Nia Price"))
    expect(row).to_contain_text("Invited, not yet accepted")
    row.get_by_role("link", name="Nia Price").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nia Price")
    assert_accessible(page)
    fits(page)


def test_a_lead_asks_for_a_subject_access_export(
    page: Page, demo_site, assert_accessible
):
    from cases.models import Case

    pupil = Case.objects.filter(school__urn="900001").order_by("pk").first().pupil
    page.set_viewport_size(PHONE)
    start_signed_in(page, demo_site.url, "lead.chaucer")
    page.goto(f"{demo_site.url}/portal/pupils/{pupil.pk}/")
    page.get_by_role("link", name=re.compile("Subject access export")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Subject access")
    page.get_by_role("button", name="Produce an export").click()
    expect(page.locator(".messages")).to_contain_text("being produced")
    # No worker runs in the browser tests: it waits, and the page keeps asking.
    expect(page.get_by_role("status").last).to_have_text("Waiting to start")
    assert_accessible(page)
    fits(page)


def test_a_forgotten_password_on_a_phone(page: Page, demo_site, assert_accessible):
    page.set_viewport_size(PHONE)
    page.goto(f"{demo_site.url}/portal/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    assert_accessible(page)
    fits(page)
    page.get_by_label("Email address").fill("someone@example.org")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page)
