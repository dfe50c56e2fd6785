"""An attendance officer imports a register with a mistake, reads the report,
fixes the file, imports it again and sees the pupil's figures; the lists and the
pupil's attendance page pass axe-core."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from attendance.models import RegisterMark
from tests.e2e.signed_in import start_signed_in
from tests.register_day import on_the_last_register_day as last_register_day

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
    start_signed_in(page, demo_site.url, "officer.chaucer")
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
    start_signed_in(page, demo_site.url, "lead.chaucer")
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


@pytest.fixture
def on_the_last_register_day(demo_site):
    with last_register_day():
        yield


def test_first_day_response_in_place_from_the_unexplained_list(
    page: Page, demo_site, assert_accessible, on_the_last_register_day
):
    """The officer rings a parent from today's unexplained list, records the
    call, and changes the mark; the MIS list then holds the amendment."""
    start_signed_in(page, demo_site.url, "officer.chaucer")
    page.goto(f"{demo_site.url}/portal/attendance/?list=unexplained-today")
    card = page.locator(".first-day").first
    expect(card.get_by_role("heading", level=3)).to_be_visible()
    name = card.get_by_role("heading", level=3).inner_text()
    assert_accessible(page)

    card.get_by_role("link", name="Record a contact attempt").click()
    form = page.locator(".first-day__form")
    expect(form).to_be_visible()
    assert_accessible(page)
    form.get_by_label("Who").select_option(index=1)
    form.get_by_label("Phone call").check()
    form.get_by_label("Yes").check()
    form.get_by_label("Reason given for the absence").fill("Temperature overnight")
    form.get_by_role("button", name="Save the contact attempt").click()
    card = page.locator(".first-day", has_text=name)
    expect(card).to_contain_text("Temperature overnight")

    card.get_by_role("link", name="change").first.click()
    form = page.locator(".first-day__form")
    expect(form).to_be_visible()
    form.get_by_label("New code").select_option("I")
    form.get_by_label("Reason for the change").fill("Parent phoned: illness")
    form.get_by_label("Your position").fill("")
    form.get_by_role("button", name="Amend the mark").click()
    expect(page.locator(".first-day__form .error-summary")).to_contain_text(
        "Enter your position"
    )
    assert_accessible(page)
    page.locator(".first-day__form").get_by_label("Your position").fill(
        "Attendance officer"
    )
    page.locator(".first-day__form").get_by_role(
        "button", name="Amend the mark"
    ).click()
    expect(page.locator(".first-day__form")).to_have_count(0)

    page.goto(f"{demo_site.url}/portal/attendance/to-enter-in-mis/")
    row = page.locator("tbody tr", has_text="Parent phoned: illness")
    expect(row).to_contain_text("Attendance officer")
    assert_accessible(page)
