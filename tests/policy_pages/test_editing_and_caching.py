"""Editors change their own school's pages only, and a publish is live at once:
the per-page cache never serves the old content. Pages render in a constant
number of queries, and uploads are limited to safe file types.
"""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form
from wagtail.models import Collection, PageViewRestriction

from policy_pages.models import AttendancePolicyPage, LandingPage, SchoolHomePage
from tests.policy_pages.admin_forms import edit_form_data, post_edit
from tests.policy_pages.conftest import demo_policy

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

CHAUCER_URN = "900001"
WOOLWICH_URN = "900002"


def editor(username: str):
    return get_user_model().objects.get(username=username)


def public_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").get_text(" ")


def contact_names(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [name.get_text() for name in soup.select(".contact__name")]


# --- Who may edit what ------------------------------------------------------------


def test_school_editor_changes_a_contact_and_it_is_live_at_once(client):
    policy = demo_policy(CHAUCER_URN)
    url = policy.url
    old_name = policy.contacts.first().name
    assert old_name in contact_names(client, url)  # now in the page cache

    editor_client = client.__class__()
    editor_client.force_login(editor("editor.chaucer"))
    data = edit_form_data(editor_client, policy)
    data["contacts-0-name"] = "Mx Newly Appointed"
    response = post_edit(editor_client, policy, data)
    assert response.status_code == 302

    names = contact_names(client, url)
    assert "Mx Newly Appointed" in names
    assert old_name not in names
    # The school's home page shows the policy's contacts too.
    assert "Mx Newly Appointed" in contact_names(client, policy.get_parent().url)


def test_chaucer_editor_cannot_edit_or_publish_woolwich_pages(client):
    woolwich = demo_policy(WOOLWICH_URN)
    # The form data a permitted editor would send, made as a superuser.
    admin = get_user_model().objects.create_superuser(
        "site-admin", "site-admin@example.org", "not-used-password-123"
    )
    client.force_login(admin)
    data = edit_form_data(client, woolwich)
    data["contacts-0-name"] = "Someone From Chaucer"

    client.force_login(editor("editor.chaucer"))
    edit_url = reverse("wagtailadmin_pages:edit", args=[woolwich.pk])
    assert client.get(edit_url).status_code != 200
    post_edit(client, woolwich, data)

    fresh = AttendancePolicyPage.objects.get(pk=woolwich.pk)
    assert fresh.latest_revision_id == woolwich.latest_revision_id
    assert fresh.live_revision_id == woolwich.live_revision_id
    assert "Someone From Chaucer" not in public_text(client, woolwich.url)


def test_each_school_editor_has_page_permissions_on_its_own_subtree_only():
    chaucer_editor = editor("editor.chaucer")
    chaucer_home = SchoolHomePage.objects.get(school__urn=CHAUCER_URN)
    woolwich_home = SchoolHomePage.objects.get(school__urn=WOOLWICH_URN)
    landing = LandingPage.objects.get()

    def can(page, action: str) -> bool:
        return getattr(page.permissions_for_user(chaucer_editor), action)()

    assert can(chaucer_home, "can_edit")
    assert can(demo_policy(CHAUCER_URN), "can_publish")
    for page in (woolwich_home, demo_policy(WOOLWICH_URN), landing):
        assert not can(page, "can_edit")
        assert not can(page, "can_publish")
    assert not can(landing, "can_add_subpage")


def test_dashboard_lists_overdue_policies_to_their_own_editors_only(client):
    yesterday = timezone.localdate() - timedelta(days=1)
    chaucer = demo_policy(CHAUCER_URN)
    AttendancePolicyPage.objects.filter(pk=chaucer.pk).update(
        review_date=yesterday, last_reviewed=None, date_precision="day"
    )

    client.force_login(editor("editor.chaucer"))
    assert overdue_schools_on_dashboard(client) == ["Chaucer School"]

    # Woolwich's own policy may be overdue too; Chaucer's is not theirs to see.
    client.force_login(editor("editor.woolwich"))
    assert "Chaucer School" not in overdue_schools_on_dashboard(client)


def overdue_schools_on_dashboard(client) -> list[str]:
    response = client.get(reverse("wagtailadmin_home"))
    soup = BeautifulSoup(response.content, "html.parser")
    heading = soup.find(id="overdue-policy-reviews-heading")
    if heading is None:
        return []
    rows = heading.find_parent("section").select("tbody tr")
    return [row.find_all("td")[1].get_text() for row in rows]


# --- Caching ----------------------------------------------------------------------


def test_public_page_is_cacheable_but_revalidated(client):
    url = demo_policy(CHAUCER_URN).url
    response = client.get(url)
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert cache_control == {"public", "max-age=0", "must-revalidate"}
    assert "Set-Cookie" not in response
    etag = response["ETag"]

    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"another"').status_code == 200


def test_a_page_behind_a_login_is_private_and_never_cached(client):
    policy = demo_policy(CHAUCER_URN)
    PageViewRestriction.objects.create(
        page=policy, restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get(policy.url).status_code == 302  # to the login page
    client.force_login(editor("editor.woolwich"))
    response = client.get(policy.url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert "ETag" not in response
    client.logout()
    assert client.get(policy.url).status_code == 302  # nothing was cached


def test_cached_page_is_not_rendered_again(client):
    url = demo_policy(CHAUCER_URN).url
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as second:
        cached = client.get(url)
    assert cached.status_code == 200
    assert len(second) < len(first)


def test_unpublishing_takes_the_page_down_at_once(client):
    policy = demo_policy(WOOLWICH_URN)
    assert client.get(policy.url).status_code == 200
    policy.unpublish()
    assert client.get("/woolwich/attendance-policy/").status_code == 404


def test_policy_page_queries_do_not_grow_with_sections_and_contacts(
    client, settings, make_policy
):
    settings.POLICY_PAGES_CACHE_SECONDS = 0  # render every time
    small = make_policy(sections=1, contacts=1)
    large = make_policy(sections=25, contacts=15)
    for page in (small, large):  # warm-up: site root paths, content types
        client.get(page.url)

    counts = []
    for page in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    text = BeautifulSoup(response.content, "html.parser").get_text(" ")
    assert "Section 25" in text
    assert "Person 15" in text


# --- Uploads ----------------------------------------------------------------------

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def test_svg_images_are_refused():
    form_class = get_image_form(get_image_model())
    form = form_class(
        data={"title": "Logo"},
        files={"file": SimpleUploadedFile("logo.svg", SVG, "image/svg+xml")},
    )
    assert not form.is_valid()
    assert "file" in form.errors


@pytest.mark.parametrize("filename", ["policy.html", "policy.exe", "policy.svg"])
def test_documents_outside_the_allowlist_are_refused(filename):
    form_class = get_document_form(get_document_model())
    form = form_class(
        data={"title": "Policy"},
        files={"file": SimpleUploadedFile(filename, b"<html></html>")},
    )
    assert not form.is_valid()
    assert "file" in form.errors


def test_documents_are_served_through_wagtails_view_as_downloads(
    client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    root_collection = Collection.get_first_root_node()
    form_class = get_document_form(get_document_model())
    form = form_class(
        data={"title": "Attendance policy (PDF)", "collection": root_collection.pk},
        files={"file": SimpleUploadedFile("policy.pdf", b"%PDF-1.4 test")},
    )
    assert form.is_valid(), form.errors
    document = form.save()
    assert document.url.startswith("/documents/")
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('filename="policy.pdf"')
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"


def test_the_demo_editor_publishes_a_policy_change(client):
    """The README's `editor` publishes straight away, and can approve what is
    submitted to Wagtail's moderation workflow (it is a moderator)."""
    policy = demo_policy(WOOLWICH_URN)
    client.force_login(editor("editor"))
    data = edit_form_data(client, policy)
    data["contacts-0-name"] = "Ms Published By The Editor"
    response = post_edit(client, policy, data)
    assert response.status_code == 302
    fresh = AttendancePolicyPage.objects.get(pk=policy.pk)
    assert fresh.live_revision_id == fresh.latest_revision_id != policy.live_revision_id
    assert "Ms Published By The Editor" in contact_names(client, policy.url)
    assert fresh.permissions_for_user(editor("editor")).can_publish()


def test_editors_are_warned_when_parents_get_no_phone_or_email(client):
    policy = demo_policy(CHAUCER_URN)
    client.force_login(editor("editor.chaucer"))
    data = edit_form_data(client, policy)
    data["absence_phone"] = data["absence_email"] = ""
    for key in list(data):
        if key.startswith("contacts-") and key.endswith(("-phone", "-email")):
            data[key] = ""
        if key.startswith("contacts-") and key.endswith("-name") and not data[key]:
            data[key.removesuffix("name") + "website"] = "https://example.org/"
    response = post_edit(client, policy, data)
    assert response.status_code == 302  # a warning, not a refusal
    page = client.get(response["Location"])
    assert b"gives parents no phone number or email address" in page.content
    # With one way back, no warning.
    data["absence_phone"] = "0114 000 0000"
    response = post_edit(client, policy, data)
    assert b"no phone number" not in client.get(response["Location"]).content


def test_the_public_page_links_the_schools_other_way_to_report(client):
    policy = demo_policy(WOOLWICH_URN)
    client.force_login(editor("editor.woolwich"))
    data = edit_form_data(client, policy)
    data["absence_other_route"] = "https://parents.example.org/absence"
    data["absence_other_route_name"] = "the school's parent app"
    assert post_edit(client, policy, data).status_code == 302
    client.logout()
    soup = BeautifulSoup(client.get(policy.url).content, "html.parser")
    link = soup.find("a", href="https://parents.example.org/absence")
    assert link is not None
    assert link.get_text() == "the school's parent app"
