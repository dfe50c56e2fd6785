"""Take the README's screenshots from a running demo (`make demo` in another shell).

.venv/bin/python docs/screenshots/capture.py [http://127.0.0.1:8000]
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from demo.authenticator import demo_code  # noqa: E402 - after the path

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent
PASSWORD = "attendance-demo-2026"  # noqa: S105 (the demo's published password)
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=FLAGS
        )
        page = browser.new_page(viewport={"width": 1100, "height": 760})
        page.goto(BASE + "/")
        page.screenshot(path=OUT / "public-home.png")
        page.goto(BASE + "/chaucer/attendance-policy/")
        page.screenshot(path=OUT / "policy-page.png")
        page.goto(BASE + "/portal/login/")
        page.screenshot(path=OUT / "login.png")
        page.get_by_label("Username").fill("pastoral.chaucer")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state("load")
        page.screenshot(path=OUT / "sign-in-code.png")
        _code_step(page)
        page.screenshot(path=OUT / "dashboard.png")
        page.get_by_label("Name or UPN").fill("khan")
        page.wait_for_timeout(800)
        page.screenshot(path=OUT / "pupil-search.png")
        page.locator("#pupil-list tbody a").first.click()
        page.wait_for_load_state("load")
        page.screenshot(path=OUT / "pupil-page.png", full_page=True)
        page.goto(BASE + "/portal/attendance/?list=persistent")
        page.screenshot(path=OUT / "attendance-lists.png")
        page.locator("#staff-list tbody a").first.click()
        page.wait_for_load_state("load")
        page.screenshot(path=OUT / "pupil-attendance.png", full_page=True)
        # The LA's view: shared cases, and a legal step blocked with its reasons.
        la_page = _signed_in(browser, "legal.sheffield")
        la_page.goto(BASE + "/portal/cases/")
        la_page.screenshot(path=OUT / "caseload.png", full_page=True)
        # An order on the case referred for prosecution: its dates and reviews.
        la_page.goto(BASE + "/portal/cases/?stage=prosecution_referral")
        la_page.locator("#caseload tbody a").first.click()
        la_page.wait_for_load_state("load")
        la_page.get_by_role("link", name="Education supervision order").first.click()
        la_page.wait_for_load_state("load")
        la_page.screenshot(path=OUT / "eso-order.png", full_page=True)
        la_page.goto(BASE + "/portal/cases/?stage=early_help")
        la_page.locator("#caseload tbody a").first.click()
        la_page.wait_for_load_state("load")
        la_page.screenshot(path=OUT / "case-page.png")
        # The officer's morning: "My work", then today's unexplained absences.
        officer = _signed_in(browser, "officer.chaucer")
        officer.screenshot(path=OUT / "my-work.png")
        officer.goto(BASE + "/portal/attendance/?list=unexplained-today")
        officer.locator(".first-day").first.scroll_into_view_if_needed()
        officer.screenshot(path=OUT / "first-day.png")
        # The headteacher's overview of the school.
        head = _signed_in(browser, "head.chaucer")
        head.goto(BASE + "/portal/overview/")
        head.screenshot(path=OUT / "overview.png", full_page=True)
        # The head manages the school's staff: roles, invitations, the log.
        head.goto(BASE + "/portal/staff/")
        head.screenshot(path=OUT / "staff.png")
        # The LA's workspace: figures across its schools, a targeting meeting.
        la_lead = _signed_in(browser, "la.sheffield")
        la_lead.goto(BASE + "/portal/la/figures/")
        la_lead.screenshot(path=OUT / "la-dashboard.png", full_page=True)
        la_lead.goto(BASE + "/portal/la/targeting/")
        la_lead.locator(
            'main a[href^="/portal/la/targeting/"]:not([href*="arrange"])'
        ).first.click()
        la_lead.wait_for_load_state("load")
        la_lead.screenshot(path=OUT / "targeting-meeting.png")
        browser.close()


def _signed_in(browser, username: str):
    page = browser.new_page(viewport={"width": 1100, "height": 760})
    page.goto(BASE + "/portal/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")
    _code_step(page)
    return page


def _code_step(page) -> None:
    """The second step: the demo authenticator app's code (docs/sign-in.md)."""
    page.get_by_label("Code", exact=True).fill(demo_code())
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state("load")


if __name__ == "__main__":
    main()
