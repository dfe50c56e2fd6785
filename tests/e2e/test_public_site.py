"""A parent uses the public site: finds a school's policy, reads it on a phone,
with a keyboard, and with assistive technology (axe-core)."""

import re

import pytest
from playwright.sync_api import Page, expect

from demo.organisations import SCHOOLS
from demo.site import DEMO_POLICIES

pytestmark = pytest.mark.e2e

SCHOOL_NAMES = {school.key: school.name for school in SCHOOLS}
POLICIES = {policy.school_key: policy for policy in DEMO_POLICIES}

# Every public page type of the demo, by path. The search page is given a query
# that matches both policies, so it shows a list of results.
PUBLIC_PAGES = (
    "/",
    "/chaucer/",
    "/woolwich/",
    "/chaucer/attendance-policy/",
    "/woolwich/attendance-policy/",
    "/search/?q=absence",
)

# The text a sighted reader sees in an element: text inside display:none,
# visibility:hidden or a 1 px clipped box (the "visually-hidden" pattern) is
# left out.
VISIBLE_TEXT = """
(root) => {
  const hidden = (node) => {
    for (let el = node.parentElement; el; el = el.parentElement) {
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      if (style.display === "none" || style.visibility === "hidden") return true;
      if (style.overflow === "hidden" && box.width <= 1 && box.height <= 1) {
        return true;
      }
      if (el === root) break;
    }
    return false;
  };
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let text = "";
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!hidden(node)) text += node.textContent;
  }
  return text.replace(/\\s+/g, " ").trim();
}
"""

# Elements wider than the viewport, to say what made the page scroll sideways.
TOO_WIDE = """
() => [...document.querySelectorAll("body *")]
  .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
  .filter((el) => !el.closest(".table-wrap, .visually-hidden, .skip-link"))
  .slice(0, 5)
  .map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""))
"""


def international_tel(number: str) -> str:
    """The tel: href a UK number as printed should dial: +44 and digits only."""
    digits = re.sub(r"[\s\-.()]", "", number)
    return "tel:" + ("+44" + digits[1:] if digits.startswith("0") else digits)


def assert_tel_links_dial_what_they_show(page: Page) -> int:
    """Every tel: link is +44 and digits, and dials the number its text shows."""
    links = page.locator('a[href^="tel:"]')
    for index in range(links.count()):
        link = links.nth(index)
        href = link.get_attribute("href")
        shown = link.evaluate(VISIBLE_TEXT)
        assert re.fullmatch(r"tel:\+44\d{9,10}", href), href
        assert re.fullmatch(r"(0|\+44 ?)\d[\d ]+\d", shown), shown
        assert href == international_tel(shown), (href, shown)
    return links.count()


def heading_top(page: Page, heading) -> float:
    box = heading.bounding_box()
    assert box is not None
    return box["y"]


@pytest.mark.parametrize("key", ["chaucer", "woolwich"])
def test_parent_finds_how_to_report_an_absence(
    page: Page, demo_site, assert_accessible, key
):
    school_name, policy = SCHOOL_NAMES[key], POLICIES[key]

    # From the landing page, by the school's name, to its policy.
    page.goto(demo_site.url + "/")
    page.get_by_role("link", name=school_name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(school_name)
    page.get_by_role("link", name=f"Read {school_name}'s attendance policy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(policy.title)
    assert page.url == f"{demo_site.url}/{key}/{policy.slug}/"

    # The table of contents takes the reader to the section, scrolled to the top.
    heading = page.get_by_role("heading", level=2, name="How to report an absence")
    assert heading_top(page, heading) > page.viewport_size["height"], (
        "the section starts in view, so following the link would prove nothing"
    )
    contents = page.get_by_role("navigation", name="Contents")
    contents.get_by_role("link", name="How to report an absence").click()
    expect(page).to_have_url(re.compile(r"#report-an-absence$"))
    expect(heading).to_be_in_viewport()
    assert 0 <= heading_top(page, heading) <= 20  # only its scroll margin above
    assert page.evaluate("document.querySelector(':target').textContent") == (
        "How to report an absence"
    )
    # Keyboard users carry on from the section, not from the top of the page.
    page.keyboard.press("Tab")
    assert heading.evaluate(
        "(h) => Boolean(h.compareDocumentPosition(document.activeElement)"
        " & Node.DOCUMENT_POSITION_FOLLOWING)"
    )

    tel_links = assert_tel_links_dial_what_they_show(page)
    if policy.absence_phone:
        section = page.locator("section", has=heading)
        report_by_phone = section.get_by_role(
            "link",
            name=f"Phone the school about an absence on {policy.absence_phone}",
        )
        expect(report_by_phone).to_have_attribute(
            "href", international_tel(policy.absence_phone)
        )
        assert report_by_phone.evaluate(VISIBLE_TEXT) == policy.absence_phone
        contact = next(c for c in policy.contacts if c.phone and c.name)
        expect(
            page.get_by_role("link", name=f"Phone {contact.name} on {contact.phone}")
        ).to_have_attribute("href", re.compile(r"^tel:\+44\d{9,10}$"))
    # A school that publishes no phone number gets no tel: link at all (not an
    # empty one); the demo Woolwich policy gives none.
    assert tel_links == sum(bool(c.phone) for c in policy.contacts) + bool(
        policy.absence_phone
    )

    assert_accessible(page)


def test_every_public_page_type_is_accessible(page: Page, demo_site, assert_accessible):
    for path in PUBLIC_PAGES:
        page.goto(demo_site.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)

    # Search as a parent would, from the header of the landing page.
    page.goto(demo_site.url + "/")
    page.get_by_label("Search this site").fill("attendance")
    page.get_by_label("Search this site").press("Enter")
    expect(page.get_by_role("heading", level=2)).to_have_text(
        re.compile(r"^\d+ results? for “attendance”$")
    )
    expect(page.locator(".search-results li")).not_to_have_count(0)
    assert_accessible(page)


@pytest.mark.parametrize(
    ("width", "height"),
    # 320 CSS px: WCAG 1.4.10 reflow. 640: a 1280 px window at 200 % zoom.
    [(320, 800), (640, 720)],
)
def test_public_pages_do_not_scroll_sideways(page: Page, demo_site, width, height):
    page.set_viewport_size({"width": width, "height": height})
    for path in PUBLIC_PAGES:
        page.goto(demo_site.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        sizes = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert sizes[1] == width
        assert sizes[0] <= sizes[1], (path, sizes, page.evaluate(TOO_WIDE))


def test_skip_link_is_first_and_moves_focus_to_main(page: Page, demo_site):
    for path in PUBLIC_PAGES:
        page.goto(demo_site.url + path)
        skip_link = page.get_by_role("link", name="Skip to main content")
        page.keyboard.press("Tab")
        expect(skip_link).to_be_focused()
        expect(skip_link).to_be_in_viewport()  # shown on screen once focused
        page.keyboard.press("Enter")
        expect(page.get_by_role("main")).to_be_focused()
        assert page.url.endswith("#main")
        # The next Tab goes on inside the main content, past the header.
        page.keyboard.press("Tab")
        assert page.evaluate(
            "document.querySelector('main').contains(document.activeElement)"
        ), path
