import pytest
from playwright.sync_api import Page

from tests.e2e import test_public_site as t

pytestmark = pytest.mark.e2e

MUTATIONS = {
    "no_vh_css": ("</head>", "<style>.visually-hidden{position:static!important;width:auto!important;height:auto!important;clip:auto!important;clip-path:none!important;overflow:visible!important;margin:0!important}</style></head>"),
    "wide": ("<main id=\"main\" tabindex=\"-1\">", "<main id=\"main\" tabindex=\"-1\"><div style=\"width:700px\">x</div>"),
    "no_skip": ("<a class=\"skip-link\" href=\"#main\">Skip to main content</a>", ""),
    "tel_national": ('href="tel:+44', 'href="tel:0'),
    "low_contrast": ("</main>", "<p style=\"color:#ccc\">faint text</p></main>"),
    "main_no_tabindex": ('<main id="main" tabindex="-1">', '<main id="main">'),
    "toc_wrong": ('<li><a href="#report-an-absence">', '<li><a href="#request-leave">'),
}


def mutate(page, old, new):
    def handle(route):
        response = route.fetch()
        body = response.text()
        if "text/html" in response.headers.get("content-type", ""):
            body = body.replace(old, new)
        route.fulfill(response=response, body=body)
    page.route("**/*", handle)


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_mutation(page: Page, demo_site, assert_accessible, name):
    mutate(page, *MUTATIONS[name])
    failures = []
    for label, call in [
        ("journey-chaucer", lambda: t.test_parent_finds_how_to_report_an_absence(page, demo_site, assert_accessible, "chaucer")),
        ("axe", lambda: t.test_every_public_page_type_is_accessible(page, demo_site, assert_accessible)),
        ("reflow320", lambda: t.test_public_pages_do_not_scroll_sideways(page, demo_site, 320, 800)),
        ("keyboard", lambda: t.test_skip_link_is_first_and_moves_focus_to_main(page, demo_site)),
    ]:
        page.set_viewport_size({"width": 1280, "height": 720})
        try:
            call()
        except Exception as exc:  # noqa: BLE001
            failures.append(f"{label}: {type(exc).__name__}: {str(exc)[:150]!r}")
    print(f"\n### {name}: FAILED -> {failures}")
