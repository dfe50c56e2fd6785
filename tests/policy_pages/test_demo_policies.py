"""load_demo publishes both schools' own policies as structured, live pages."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission, Page, Revision

from attendance.codes import CODES
from policy_pages.models import AttendancePolicyPage, SchoolHomePage
from policy_pages.selectors import OUTCOME_LABELS
from tests.conftest import load_small_demo
from tests.policy_pages.conftest import CHAUCER_URN, WOOLWICH_URN

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_demo_site_has_both_schools_live_under_the_landing_page(client):
    homes = {
        home.school.urn: home
        for home in SchoolHomePage.objects.live().select_related("school")
    }
    assert set(homes) == {CHAUCER_URN, WOOLWICH_URN}
    assert homes[CHAUCER_URN].url == "/chaucer/"
    assert homes[WOOLWICH_URN].url == "/woolwich/"
    policies = AttendancePolicyPage.objects.live()
    assert sorted(page.url for page in policies) == [
        "/chaucer/attendance-policy/",
        "/woolwich/attendance-policy/",
    ]
    for url in ("/", "/chaucer/", "/woolwich/", *(page.url for page in policies)):
        assert client.get(url).status_code == 200, url


def test_chaucer_policy_shows_its_own_contacts(client, chaucer_policy):
    html = client.get(chaucer_policy.url).content.decode()
    contacts = [(c.role, c.name) for c in chaucer_policy.contacts.all()]
    assert ("Designated Safeguarding Lead", "Emmeline Scott") in contacts
    assert "Emmeline Scott" in html
    assert 'href="tel:+441142322338"' in html
    assert 'href="mailto:escott@chaucer.sheffield.sch.uk"' in html
    assert "Ly Nguyen" not in html


def test_woolwich_policy_shows_its_own_contacts(client, woolwich_policy):
    html = client.get(woolwich_policy.url).content.decode()
    contacts = [(c.role, c.name) for c in woolwich_policy.contacts.all()]
    assert contacts == [
        (
            "Senior Attendance Champion, responsible for the strategic approach "
            "to attendance",
            "Ms D Kouame",
        ),
        ("Attendance Officer", "Ms Ly Nguyen"),
        (
            "Local authority attendance service",
            "Attendance Advisory Service, Royal Borough of Greenwich",
        ),
    ]
    assert "Ms Ly Nguyen" in html
    assert "Emmeline Scott" not in html
    # The school's policy gives no phone numbers, and none is made up.
    assert "tel:" not in html


def test_demo_policies_have_the_schools_structure(chaucer_policy, woolwich_policy):
    chaucer_sections = [
        child.value["heading"]
        for child in chaucer_policy.body
        if child.block_type == "section"
    ]
    assert chaucer_sections == [
        "2. Aims",
        "3. Legislation and guidance",
        "4. Roles and responsibilities",
        "5. Recording attendance",
        "6. Authorised and unauthorised absence",
        "7. Strategies for promoting good attendance",
        "8. Supporting pupils who are absent or returning to school",
        "9. Attendance monitoring",
        "11. Monitoring arrangements",
        "Appendix 3: Formal/Voluntary support of poor attendance",
        "Appendix 3: Formal and Statutory support of poor attendance",
    ]
    assert [item.heading for item in chaucer_policy.body_items()][-4:] == [
        "Appendix 1: Attendance codes",
        "Appendix 2: Escalation of Support",
        "Appendix 3: Formal/Voluntary support of poor attendance",
        "Appendix 3: Formal and Statutory support of poor attendance",
    ]
    assert chaucer_policy.school_day() == [
        ("School day starts", "8.30am"),
        ("Morning register opens", "8.30am"),
        ("Morning register closes", "9.00am"),
        ("School day ends", "3.00pm"),
    ]
    assert [row.value["stage"] for row in chaucer_policy.escalation] == [
        "All pupils",
        "Pupils at risk of poor attendance",
        "Pupils with poor attendance",
        "Persistently and severely absent pupils",
        "Statutory children's social care involvement",
    ]
    assert len(woolwich_policy.body) == 14
    assert woolwich_policy.school_day() == [("Morning register opens", "8.40am")]
    assert [row.value["stage"] for row in woolwich_policy.escalation] == [
        "1. Universal support",
        "2. Support first",
        "3. Voluntary early help plan",
        "4. Formal support",
        "5. Legal intervention",
        "At any stage: safeguarding",
    ]


@pytest.mark.parametrize("urn", [CHAUCER_URN, WOOLWICH_URN])
def test_demo_policy_text_has_no_conversion_artefacts(client, urn):
    page = AttendancePolicyPage.objects.get(
        pk__in=SchoolHomePage.objects.get(school__urn=urn).get_children().values("pk")
    )
    main = client.get(page.url).content.decode().split('<main id="main"')[1]
    text = re.sub(r"<[^>]+>", " ", main)
    for artefact in ("<<", ">>", "&lt;&lt;", "**", "[", "]", "Please check"):
        assert artefact not in text, artefact
    assert 'href="#"' not in main
    assert "Add anything else" not in text
    assert "Explain any other procedures" not in text


def test_load_demo_twice_changes_no_page_revision_group_or_permission():
    def snapshot():
        return {
            "pages": sorted(Page.objects.values_list("pk", "url_path", "live")),
            "revisions": Revision.objects.count(),
            "groups": sorted(Group.objects.values_list("name", flat=True)),
            "page_permissions": sorted(
                GroupPagePermission.objects.values_list(
                    "group__name", "page_id", "permission__codename"
                )
            ),
        }

    before = snapshot()
    load_small_demo()
    assert snapshot() == before


def test_codes_appendix_rows_equal_the_code_table(client, chaucer_policy):
    soup = BeautifulSoup(client.get(chaucer_policy.url).content, "html.parser")
    table = soup.find("table", class_="codes")
    rows = [
        (row.th.get_text(), *(cell.get_text() for cell in row.find_all("td")))
        for row in table.select("tbody tr")
        if row.th.get("scope") == "row"
    ]
    groups = [th.get_text() for th in table.select('th[scope="rowgroup"]')]
    assert rows == [
        (code.code, code.meaning, OUTCOME_LABELS[code.outcome]) for code in CODES
    ]
    assert groups == list(dict.fromkeys(str(code.category) for code in CODES))
