"""An attendance officer imports a register with a mistake, reads the report,
fixes the file, imports it again and sees the pupil's figures; the lists and the
pupil's attendance page pass axe-core."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from attendance.models import RegisterMark
from tests.e2e.test_portal_journey import sign_in

pytestmark = pytest.mark.e2e


def test_officer_fixes_a_bad_row_and_sees_the_figures(
    page: Page, demo_site, assert_accessible, tmp_path
):
    mark = (
        RegisterMark.objects.filter(
            school__urn="900001", session="AM", code="/", date__lt=timezone.localdate()
        )
        .select_related("pupil")
        .order_by("-date", "pupil__upn")
        .first()
    )
    pupil, day = mark.pupil, mark.date
    bad = tmp_path / "dental.csv"
    bad.write_text(
        "upn,date,session,code\n"
        f"{pupil.upn},{day},AM,M\n"  # a dental appointment, now known
        f"{pupil.upn},{day},PM,/\n"  # wrong: '/' is for the morning only
    )
    sign_in(page, demo_site.url, "officer.chaucer")
    page.get_by_role("link", name="Import registers").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Import pupils or register marks"
    )
    assert_accessible(page)

    page.get_by_label("CSV file").set_input_files(bad)
    page.get_by_label("Reason for any changed marks").fill("Dental letter received")
    page.get_by_role("button", name="Import").click()
    page.wait_for_load_state("load")
    report = page.locator("#import-report")
    expect(report.get_by_role("heading")).to_have_text(
        "Not imported: nothing was changed"
    )
    row = report.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("th")).to_have_text("3")
    expect(row).to_contain_text("/ is only for the AM session.")
    assert_accessible(page)

    fixed = tmp_path / "dental-fixed.csv"
    fixed.write_text(bad.read_text().replace(f"{day},PM,/", f"{day},PM,\\"))
    page.get_by_label("CSV file").set_input_files(fixed)
    page.get_by_label("Reason for any changed marks").fill("Dental letter received")
    page.get_by_role("button", name="Import").click()
    page.wait_for_load_state("load")
    expect(page.locator("#import-report").get_by_role("heading")).to_have_text(
        "Imported"
    )
    expect(page.locator("#import-report")).to_contain_text("1 amended")

    page.goto(f"{demo_site.url}/portal/pupils/{pupil.pk}/")
    page.get_by_role("link", name="Attendance, register and amendments").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Attendance of {pupil.display_name}"
    )
    expect(
        page.get_by_role("img", name=f"Weekly attendance of {pupil.display_name}")
    ).to_be_visible()
    amendment = page.locator("tr", has_text="Dental letter received")
    expect(amendment).to_contain_text("Jo Marsh, Attendance officer")
    expect(amendment.locator("td").nth(0)).to_have_text("/")
    expect(amendment.locator("td").nth(1)).to_have_text("M")
    assert_accessible(page)


def test_attendance_lists_are_accessible_and_filter_in_place(
    page: Page, demo_site, assert_accessible
):
    sign_in(page, demo_site.url, "lead.chaucer")
    page.get_by_role("link", name="Attendance", exact=True).click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text("Attendance lists")
    assert_accessible(page)
    page.evaluate("window.sameDocument = true")
    page.get_by_label("List", exact=True).select_option("severe")
    expect(page.locator("#staff-list-heading")).to_contain_text("Severely absent")
    # htmx swapped the list only (no page load), and the address now holds the
    # filter, so the list can be bookmarked and shared.
    assert page.evaluate("window.sameDocument") is True
    assert "/portal/attendance/?" in page.url
    assert "list=severe" in page.url
    assert_accessible(page)
