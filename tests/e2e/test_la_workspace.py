"""The LA's workspace, as Sheffield's lead practitioner uses it: officer.chaucer
sends Chaucer's 10-day notification; la.sheffield opens the figures across
Sheffield's schools, arranges this term's targeting-support meeting with
Chaucer, downloads its pack, records the meeting with an agreed action (and
last term's open action closed), records a joint approach for a severely
absent pupil, and receives Chaucer's notification in the inbox. Each page
passes axe-core."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from la_workspace.models import JointApproach
from returns.enums import NotificationKind
from returns.models import LaNotification
from returns.selectors import due_notifications
from schools.models import School
from targeting.models import TargetingMeeting
from tests.e2e.signed_in import start_signed_in

pytestmark = pytest.mark.e2e

CHAUCER_URN = "900001"


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state("load")


def test_la_sheffield_runs_its_work_with_chaucer(
    page: Page, demo_site, assert_accessible
):
    chaucer = School.objects.get(urn=CHAUCER_URN)
    today = timezone.localdate()
    ten_days = next(
        item
        for item in due_notifications(chaucer, today)
        if item.kind == NotificationKind.CONTINUOUS_ABSENCE
    )
    absent = ten_days.pupil

    # The school sends its notification, confirming what it sends.
    start_signed_in(page, demo_site.url, "officer.chaucer")
    page.get_by_role("link", name="Notifications to the LA").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications to the LA")
    assert_accessible(page)
    page.get_by_label(f"Send: {absent.surname}, {absent.forename}").check()
    page.get_by_role("button", name="Send to the LA").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check before sending to the LA"
    )
    assert_accessible(page)
    page.get_by_label("I have checked these and want to send them to the LA").check()
    page.get_by_role("button", name="Send to the LA").click()
    page.wait_for_load_state("load")
    sent = LaNotification.objects.get(school=chaucer, pupil=absent)
    assert sent.kind == NotificationKind.CONTINUOUS_ABSENCE
    assert sent.received_at is None
    sign_out(page)

    # The LA's figures across its schools.
    start_signed_in(page, demo_site.url, "la.sheffield")
    page.get_by_role("link", name="LA workspace").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sheffield")
    expect(page.get_by_role("table").first).to_contain_text(chaucer.name)
    assert_accessible(page)

    # This term's targeting-support meeting with Chaucer: arrange, pack, record.
    page.get_by_role("link", name="Termly targeting-support meetings").click()
    assert_accessible(page)
    page.get_by_role("link", name=f"arrange a meeting with {chaucer.name}").click()
    page.get_by_label("Planned date").fill(today.isoformat())
    assert_accessible(page)
    page.get_by_role("button", name="Arrange the meeting").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(chaucer.name)
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the pack (PDF)").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    page.get_by_role("link", name="Record the meeting").click()
    assert_accessible(page)
    page.get_by_label("Date held").fill(today.isoformat())
    page.get_by_label("Who attended").fill(
        "Sheffield attendance support team\nAttendance lead, Chaucer"
    )
    page.get_by_role("radio", name="Done").first.check()
    action = page.get_by_role("group", name="Action 1")
    action.get_by_label("Action").fill("Home visits for the three Year 10 pupils.")
    action.get_by_label("Owner").fill("Sheffield attendance support team")
    action.get_by_label("Due date").fill(today.isoformat())
    page.get_by_role("button", name="Record the meeting").click()
    expect(page.get_by_text(f"Held on {today:%-d %B %Y}")).to_be_visible()
    assert_accessible(page)
    meeting = TargetingMeeting.objects.get(
        school=chaucer, held_on=today, recorded_by__username="la.sheffield"
    )
    assert meeting.actions.filter(what__startswith="Home visits").exists()

    # A joint approach for a severely absent pupil at Chaucer.
    page.get_by_role("link", name="LA workspace").click()
    page.get_by_role("link", name="Severe absence: joint approaches").first.click()
    assert_accessible(page)
    record = page.get_by_role("link", name="Record a joint approach for").first
    record.click()
    assert_accessible(page)
    page.get_by_label("What the school and the LA agreed").fill(
        "Weekly home visits by the LA; a phased return with a mentor."
    )
    page.get_by_label("Who leads").select_option("local_authority")
    page.get_by_label("Lead person").fill("Sheffield attendance support team")
    page.get_by_label("Review date").fill(
        (today + timezone.timedelta(weeks=6)).isoformat()
    )
    page.get_by_label("Who at the school agreed").fill("Attendance lead, Chaucer")
    page.get_by_role("button", name="Record the joint approach").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Joint approach for")
    assert_accessible(page)
    assert JointApproach.objects.filter(recorded_by__username="la.sheffield").exists()

    # Chaucer's notification arrives in the inbox, and is marked received.
    page.get_by_role("link", name="Notifications from schools").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Notifications from schools"
    )
    assert_accessible(page)
    row = page.get_by_role("row").filter(
        has_text=f"{absent.surname}, {absent.forename}"
    )
    row.get_by_role("button", name="Mark as received").click()
    page.wait_for_load_state("load")
    sent.refresh_from_db()
    assert sent.received_by.username == "la.sheffield"
    assert_accessible(page)
