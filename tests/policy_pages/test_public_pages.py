"""What a parent gets: one h1, ordered headings, captioned tables, a table of
contents that leads somewhere, links that dial and email, an honest review
notice, search, and the same pages on a school's own hostname.
"""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import Site

from policy_pages.models import SchoolHomePage

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PUBLIC_URLS = [
    "/",
    "/chaucer/",
    "/chaucer/attendance-policy/",
    "/woolwich/",
    "/woolwich/attendance-policy/",
    "/search/?q=attendance",
]


def soup_for(client, url: str, **extra) -> BeautifulSoup:
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_page_has_one_h1_and_headings_in_order(client, url):
    soup = soup_for(client, url)
    levels = [int(h.name[1]) for h in soup.find_all(["h1", "h2", "h3", "h4", "h5"])]
    assert levels.count(1) == 1
    assert levels[0] == 1
    skipped = [
        (before, after)
        for before, after in zip(levels, levels[1:], strict=False)
        if after > before + 1
    ]
    assert skipped == []


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_page_has_skip_link_lang_and_no_portal_links(client, url):
    soup = soup_for(client, url)
    assert soup.html["lang"] == "en-GB"
    skip = soup.find("a", class_="skip-link")
    assert skip["href"] == "#main"
    assert soup.find(id="main").name == "main"
    assert [a["href"] for a in soup.find_all("a") if "/portal/" in a["href"]] == []


@pytest.mark.parametrize(
    "url", ["/chaucer/attendance-policy/", "/woolwich/attendance-policy/"]
)
def test_policy_tables_have_captions_and_header_cells(client, url):
    soup = soup_for(client, url)
    tables = soup.find_all("table")
    assert len(tables) >= 3
    for table in tables:
        assert table.caption.get_text(strip=True) != ""
        assert table.select('thead th[scope="col"]') != []
        for row in table.select("tbody tr"):
            assert row.find("th") is not None or row.find_all("td") != []


@pytest.mark.parametrize(
    "url", ["/chaucer/attendance-policy/", "/woolwich/attendance-policy/"]
)
def test_table_of_contents_links_to_every_h2_of_the_policy(client, url):
    soup = soup_for(client, url)
    toc = soup.find("nav", class_="toc")
    targets = [a["href"] for a in toc.find_all("a")]
    headings = [
        f"#{h2['id']}" for h2 in soup.find("article").find_all("h2") if h2.parent != toc
    ]
    assert targets == headings
    assert len(targets) == len(set(targets))
    assert toc.find("a", string="How to report an absence")["href"] == (
        "#report-an-absence"
    )


def test_policy_page_tel_and_mailto_links(client, make_policy):
    page = make_policy(contacts=1)
    soup = soup_for(client, page.url)
    section = soup.find(id="report-an-absence").parent
    assert [a["href"] for a in section.select("a[href^='tel:']")] == [
        "tel:+442079460000"
    ]
    assert [a["href"] for a in section.select("a[href^='mailto:']")] == [
        "mailto:attendance@example.org"
    ]
    contacts = soup.find(id="contacts").parent
    phone = contacts.select_one("a[href^='tel:']")
    assert phone.get_text(" ", strip=True) == "Phone Person 1 on 020 7946 0000"


def test_review_notice_says_when_review_is_overdue(client, make_policy):
    today = timezone.localdate()
    overdue = make_policy(review_date=today - timedelta(days=1))
    soup = soup_for(client, overdue.url)
    notice = soup.find("div", class_="notice")
    assert "notice--overdue" in notice["class"]
    assert "The review of this policy is overdue." in notice.get_text()
    due = (today - timedelta(days=1)).strftime("%-d %B %Y")
    assert f"Next review due: {due}." in notice.get_text()


def test_review_notice_is_plain_when_review_is_not_due(client, make_policy):
    page = make_policy(review_date=timezone.localdate())
    notice = soup_for(client, page.url).find("div", class_="notice")
    assert notice["class"] == ["notice"]
    assert "overdue" not in notice.get_text()


def test_print_stylesheet_is_linked_for_print(client, chaucer_policy):
    soup = soup_for(client, chaucer_policy.url)
    sheets = {
        link["href"].rsplit("/", 1)[-1]: link.get("media")
        for link in soup.find_all("link", rel="stylesheet")
    }
    assert sheets == {"public.css": None, "print.css": "print"}


def test_school_home_page_reuses_the_policy_contacts(client, chaucer_policy):
    soup = soup_for(client, "/chaucer/")
    names = [p.get_text() for p in soup.select(".contact .contact__name")]
    assert names == [c.name for c in chaucer_policy.contacts.all() if c.name]


def search_titles(client, query: str, **extra) -> list[str]:
    soup = soup_for(client, f"/search/?q={query}", **extra)
    return [a.get_text() for a in soup.select(".search-results a")]


def test_search_finds_pages_by_contact_and_by_text(client):
    assert search_titles(client, "Kouame") == [
        "School attendance policy – Woolwich Polytechnic School for Boys"
    ]
    assert search_titles(client, "Emmeline") == ["Attendance policy – Chaucer School"]
    assert sorted(search_titles(client, "penalty")) == [
        "Attendance policy – Chaucer School",
        "School attendance policy – Woolwich Polytechnic School for Boys",
    ]
    assert search_titles(client, "zzzznotaword") == []


def test_search_without_query_shows_the_form_only(client):
    soup = soup_for(client, "/search/")
    assert soup.find("h1").get_text() == "Search"
    assert soup.select(".search-results") == []


def test_school_home_page_as_root_of_its_own_site(client, settings, make_policy):
    """The plugin installed into one school's site: its own hostname and root."""
    policy = make_policy()
    home = SchoolHomePage.objects.get(pk=policy.get_parent().pk)
    Site.objects.create(hostname="school.example.org", port=80, root_page=home)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "school.example.org"]
    host = {"HTTP_HOST": "school.example.org"}

    home_soup = soup_for(client, "/", **host)
    assert home_soup.find("h1").get_text() == home.title
    assert home_soup.select_one(".site-header__name a")["href"] == "/"
    assert home_soup.find("a", string="How to report an absence")["href"] == (
        "/attendance-policy/#report-an-absence"
    )

    policy_soup = soup_for(client, "/attendance-policy/", **host)
    assert policy_soup.find("h1").get_text() == "Attendance policy"
    crumbs = [a["href"] for a in policy_soup.select(".breadcrumbs a")]
    assert crumbs == ["/"]
    assert "Person 1" in policy_soup.get_text()

    # Search on the school's own site finds only that school's pages.
    assert search_titles(client, "penalty", **host) == []
    assert search_titles(client, "Person", **host) == [
        f"Attendance policy – {home.school.name}"
    ]
    search_soup = soup_for(client, "/search/?q=Person", **host)
    assert search_soup.select_one(".site-header__name a").get_text() == (
        home.school.name
    )
    # The demo's shared site still serves its own pages.
    assert client.get("/chaucer/attendance-policy/").status_code == 200
