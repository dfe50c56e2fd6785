"""A Head of Year drafts a school support plan on a new attendance concern. A
vague target gets SMART advice as it is typed and keeps the plan from being
made active; made SMART, the target lets the plan go live and shows its
progress from the register. They then record the child's voice, with a
drawing, and the legal-readiness checklist's "child's voice" item is met. The
target form with its advice, the active plan, the voice form, the voice record
and the case page pass axe-core."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from attendance.measures import pupil_measures
from cases.enums import Stage
from cases.models import Case
from plans.models import Plan
from plans.selectors import target_views
from tests.e2e.signed_in import start_signed_in
from voice.models import PupilVoice

pytestmark = pytest.mark.e2e

CHAUCER_URN = "900001"
ME = "Sam Okoro"  # pastoral.chaucer, Head of Year 9
VAGUE = "Try to improve attendance"
SMART = "Attend at least 92 % of sessions over six weeks"
GOAL = 92
OWNER = "Mr Okoro, Head of Year 9"
ADVICE_URL = re.compile(r"/targets/advice/$")
ADVICE_OK = "This target is specific, measured, dated and owned."
CHILD_WORDS = (
    "I like art and my friend Zara. Mondays are hard because my tummy hurts "
    "before school."
)
VOICE_SUMMARY = (
    "A drawing of three islands: mum and Zara on the island of always, the "
    "dinner hall on the island of far away. Plan: a quiet place at lunch."
)


def concern_without_a_plan() -> Case | None:
    """An open Chaucer case at "Attendance concern", with no plan or voice yet,
    whose pupil's attendance is within 20 points of the target (so the SMART
    check does not ask for an interim step)."""
    today = timezone.localdate()
    cases = (
        Case.objects.filter(
            school__urn=CHAUCER_URN, stage=Stage.CONCERN, closed_at__isnull=True
        )
        .exclude(pk__in=Plan.objects.values("case"))
        .exclude(pk__in=PupilVoice.objects.values("case"))
        .select_related("pupil")
        .order_by("opened_at", "pk")
    )
    for case in cases:
        rate = pupil_measures(case.pupil, today).attendance_rate
        if rate is not None and GOAL - rate <= 20:
            return case
    return None


def drawing_png(path) -> None:
    """A child's drawing: the sea, three islands and a figure."""
    image = Image.new("RGB", (320, 200), (170, 215, 240))
    draw = ImageDraw.Draw(image)
    for box in ((15, 110, 125, 185), (130, 70, 215, 125), (230, 20, 305, 60)):
        draw.ellipse(box, fill=(120, 190, 100), outline=(120, 90, 40), width=3)
    draw.ellipse((55, 115, 75, 135), outline=(30, 30, 30), width=3)
    draw.line((65, 135, 65, 165), fill=(30, 30, 30), width=3)
    image.save(path, format="PNG")


def advised(page: Page):
    """Wait for the SMART advice that htmx asks for after what is done inside.

    Each action on the target form is let send its one request, and that is
    waited for, before the next action: the live server's request threads
    share one SQLite connection, so overlapping requests trip over each other.
    """
    return page.expect_response(ADVICE_URL)


def type_and_leave(page: Page, field, text: str) -> None:
    """Type, pause, then move on, as a person does: htmx asks for the advice
    when they pause (input, after 600 ms) and again as they leave (change)."""
    with advised(page):
        field.fill(text)
    with advised(page):
        field.press("Tab")


def plans_panel(page: Page):
    return page.locator("section", has=page.locator("#plans-heading"))


def voice_panel(page: Page):
    return page.locator("section#pupil-voice")


def voice_item(page: Page):
    return page.locator("#checklist li.checklist__item").filter(
        has_text="The child's voice recorded"
    )


def test_a_vague_target_is_made_smart_and_the_childs_voice_is_recorded(
    page: Page, demo_site, assert_accessible, tmp_path
):
    case = concern_without_a_plan()
    assert case is not None, "the demo has no Chaucer concern without a plan"
    pupil = case.pupil
    case_url = f"{demo_site.url}{case.get_absolute_url()}"
    today = timezone.localdate()

    # --- The case, with no plan yet -----------------------------------------
    start_signed_in(page, demo_site.url, "pastoral.chaucer")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    page.get_by_role("navigation", name="Portal").get_by_role(
        "link", name="Cases", exact=True
    ).click()
    page.wait_for_load_state("load")
    page.locator("#caseload").get_by_role(
        "link", name=f"{pupil.surname}, {pupil.forename}"
    ).click()
    page.wait_for_load_state("load")
    expect(page).to_have_url(case_url)
    expect(page.locator("[aria-current=step]")).to_have_text("Attendance concern")
    panel = plans_panel(page)
    expect(panel).to_contain_text("No plan yet.")
    expect(voice_panel(page)).to_contain_text(
        "No pupil voice recorded on this case yet."
    )

    # --- Draft a school support plan ----------------------------------------
    panel.get_by_role("link", name="Draft a plan").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Draft a plan for {pupil.display_name}"
    )
    # The plan was agreed two weeks ago, and its target runs from then.
    start, end = today - timedelta(weeks=2), today + timedelta(weeks=4)
    page.get_by_label("Kind").select_option(label="School support plan")
    page.get_by_label("Lead practitioner").select_option(label=ME)
    page.get_by_label("Starts on").fill(start.isoformat())
    page.get_by_role("button", name="Draft the plan").click()
    page.wait_for_load_state("load")
    plan = Plan.objects.get(case=case)
    plan_url = f"{demo_site.url}{plan.get_absolute_url()}"
    expect(page).to_have_url(plan_url)
    expect(page.get_by_role("status")).to_have_text("Plan drafted. Add its targets.")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"School support plan: {pupil.display_name}"
    )
    status = page.locator(".summary-list div", has_text="Status").locator("dd")
    expect(status).to_have_text("Draft")
    started = page.locator(".summary-list div", has_text="Started").locator("dd")
    expect(started).to_have_text(f"{start.day} {start:%B %Y}; reviewed every 6 weeks")

    # --- A vague target: the advice appears as it is typed -------------------
    page.get_by_role("link", name="Add a target").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a target")
    advice = page.locator("#smart-advice")
    expect(advice).to_contain_text("appears here as you type")
    # The pupil's parents and carers are a group of checkboxes, named by it.
    expect(
        page.get_by_role("group", name="Applies to").get_by_role("checkbox")
    ).to_have_count(pupil.carer_relationships.count())
    achieve = page.get_by_label("What we want to achieve")
    with advised(page):  # as the typing pauses
        achieve.press_sequentially(VAGUE)
    expect(advice).to_contain_text("Add a measure")
    expect(advice.locator(".smart-advice__item--needed")).to_have_count(2)
    expect(advice.locator(".smart-advice__item--needed").first).to_contain_text(
        "Needed before the plan is active: Add a measure"
    )
    expect(advice).to_contain_text("Add an end date or a next review date")
    expect(advice).to_contain_text("Wording like ‘try to’ and ‘improve’")
    expect(advice).to_contain_text("Say who will do it")
    expect(achieve).to_be_focused()  # the swap leaves the field being typed in
    assert_accessible(page)
    with advised(page):  # leaving the field asks again
        achieve.press("Tab")
    page.get_by_role("button", name="Save the target").click()
    page.wait_for_load_state("load")
    expect(page).to_have_url(plan_url)
    expect(page.get_by_role("status")).to_have_text("Target saved.")
    target = page.get_by_role("article", name=f"Target 1: {VAGUE}")
    expect(target).to_contain_text("Nobody named yet")
    expect(target.locator(".smart-advice")).to_contain_text("Add a measure")

    # --- Making the plan active is refused, and says why --------------------
    activate = page.locator("section", has=page.locator("#activate-heading"))
    # The page says why before anyone tries (plans.lifecycle.plan_blockers).
    expect(activate).to_contain_text("Before the plan can be active:")
    expect(activate.locator("li")).to_have_count(2)
    expect(activate).to_contain_text("Target 1: Add a measure")
    activate.get_by_role("button", name="Make the plan active").click()
    page.wait_for_load_state("load")
    problem = page.get_by_role("alert")
    expect(problem).to_contain_text("The plan cannot be made active yet")
    reasons = problem.locator("li")
    expect(reasons).to_have_count(2)
    expect(reasons.nth(0)).to_contain_text("Target 1: Add a measure")
    expect(reasons.nth(1)).to_contain_text(
        "Target 1: Add an end date or a next review date"
    )
    expect(problem).to_be_focused()
    expect(status).to_have_text("Draft")

    # --- The target made SMART ----------------------------------------------
    page.get_by_role("link", name="Change target 1").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the target")
    expect(advice).to_contain_text("Add a measure")
    type_and_leave(page, achieve, SMART)
    expect(advice).not_to_contain_text("Add a measure")
    expect(advice).to_contain_text("Add an end date or a next review date")
    type_and_leave(
        page,
        page.get_by_label("What we will do"),
        "Meet on Monday mornings; a quiet place to go at lunch.",
    )
    type_and_leave(page, page.get_by_label("Who will do it"), OWNER)
    expect(advice).not_to_contain_text("Say who will do it")
    # A date or a choice is one change, so one request each.
    with advised(page):
        page.get_by_label("Start", exact=True).fill(start.isoformat())
    with advised(page):
        page.get_by_label("Next review", exact=True).fill(
            (today + timedelta(weeks=1)).isoformat()
        )
    with advised(page):
        page.get_by_label("End", exact=True).fill(end.isoformat())
    with advised(page):
        page.get_by_label("Judged from the register").select_option(
            label="Attendance of at least X %"
        )
    type_and_leave(page, page.get_by_label("Target figure"), str(GOAL))
    expect(advice).to_have_text(ADVICE_OK)
    expect(advice.locator("li")).to_have_count(0)
    page.get_by_role("button", name="Save the target").click()
    page.wait_for_load_state("load")
    expect(page).to_have_url(plan_url)
    expect(page.get_by_role("status")).to_have_text("Target saved.")
    target = page.get_by_role("article", name=f"Target 1: {SMART}")
    expect(target.locator(".smart-advice")).to_have_text(ADVICE_OK)
    expect(target).to_contain_text(OWNER)
    expect(activate).not_to_contain_text("Before the plan can be active")

    # --- Active, with the next review and the target's progress -------------
    activate.get_by_role("button", name="Make the plan active").click()
    page.wait_for_load_state("load")
    expect(page).to_have_url(plan_url)
    expect(page.get_by_role("status")).to_have_text(
        "The plan is active. Its first review is scheduled."
    )
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(status).to_have_text("Active")
    plan.refresh_from_db()
    next_review = today + timedelta(weeks=plan.review_every_weeks)
    assert plan.next_review_on == next_review
    review = page.locator(".summary-list div", has_text="Next review").locator("dd")
    expect(review).to_have_text(f"{next_review.day} {next_review:%B %Y}")
    (view,) = target_views(plan, today=today)
    progress = view.progress
    assert progress is not None
    expect(target.locator(".badge")).to_have_text(view.verdict_label)
    expect(target.locator(".progress__text")).to_have_text(progress.summary)
    bar = target.get_by_role("img", name=progress.summary)
    expect(bar).to_be_visible()
    if progress.possible:
        assert re.fullmatch(
            rf"[\d.]+ % so far(, just under the| \(target) {GOAL} %.*"
            r", \d+ of \d+ sessions",
            progress.summary,
        ), progress.summary
    expect(page.locator("#activate-heading")).to_have_count(0)
    assert_accessible(page)

    # --- Back on the case: the child's voice is missing ---------------------
    page.get_by_role("link", name=f"Case: {pupil.display_name}").click()
    page.wait_for_load_state("load")
    expect(page).to_have_url(case_url)
    expect(panel.get_by_role("link", name="School support plan")).to_be_visible()
    expect(panel).to_contain_text(
        f"School support plan, active; next review {next_review.day} "
        f"{next_review:%B %Y}"
    )
    expect(voice_item(page)).to_have_class(re.compile(r"checklist__item--missing"))
    expect(voice_item(page)).to_contain_text("Missing: The child's voice recorded")

    # --- Record the child's voice, with a drawing ---------------------------
    voice_panel(page).get_by_role("link", name="Record the child's voice").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Record the child's voice: {pupil.display_name}"
    )
    page.get_by_label("Tool used").select_option(label="Three islands")
    # htmx swaps in the three islands' boxes for the chosen tool.
    always = page.get_by_label("The island of always")
    expect(always).to_be_visible()
    expect(page.get_by_label("The house of worries")).to_have_count(0)
    # The date should start at today, but the form renders it day/month/year,
    # which a date input cannot show, so it starts empty (reported): fill it.
    page.get_by_label("Date the child said it").fill(today.isoformat())
    page.get_by_label("The child's own words").fill(CHILD_WORDS)
    always.fill("Mum\nZara")
    page.get_by_label("The island of sometimes").fill("Mr Okoro")
    page.get_by_label("The island of far away").fill("The dinner hall")
    page.get_by_label("Your summary").fill(VOICE_SUMMARY)
    drawing = tmp_path / "islands.png"
    drawing_png(drawing)
    page.get_by_label("Drawing or photo (optional)").set_input_files(drawing)
    assert_accessible(page)
    page.get_by_role("button", name="Save the record").click()
    page.wait_for_load_state("load")

    voice = PupilVoice.objects.get(case=case)
    expect(page).to_have_url(f"{demo_site.url}{voice.get_absolute_url()}")
    expect(page.get_by_role("status")).to_have_text(
        "Recorded: Three islands with the child."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Three islands with {pupil.display_name}"
    )
    expect(page.locator("blockquote")).to_have_text(CHILD_WORDS)
    islands = page.locator("section", has=page.locator("#lists-heading"))
    expect(islands.locator("div", has_text="The island of always")).to_contain_text(
        "Zara"
    )
    image = page.get_by_role("img", name=re.compile("^The child's three islands: "))
    expect(image).to_be_visible()
    page.wait_for_function("img => img.complete", arg=image.element_handle())
    assert image.evaluate("img => img.naturalWidth") > 0, "the drawing did not load"
    assert_accessible(page)

    # --- The case shows the child's words, and the checklist item is met ----
    page.get_by_role("link", name=f"Case: {pupil.display_name}").first.click()
    page.wait_for_load_state("load")
    expect(page).to_have_url(case_url)
    latest = voice_panel(page)
    expect(latest.get_by_role("heading", level=2)).to_have_text("Pupil voice")
    expect(latest.locator("blockquote")).to_have_text(CHILD_WORDS)
    expect(latest.get_by_role("link", name="Three islands")).to_be_visible()
    expect(voice_item(page)).to_have_class(re.compile(r"checklist__item--met"))
    expect(voice_item(page)).to_contain_text("Met: The child's voice recorded")
    expect(voice_item(page).get_by_role("link")).to_contain_text("Three islands")
    # The plan is not yet evidence: it needs a review first.
    expect(
        page.locator("#checklist li.checklist__item").filter(
            has_text="An assess-plan-do-review plan with SMART targets in place"
        )
    ).to_have_class(re.compile(r"checklist__item--missing"))
    chronology = page.locator("#chronology")
    expect(chronology).to_contain_text("Plan drafted: School support plan")
    expect(chronology).to_contain_text(
        f"Plan made active: School support plan, first review by "
        f"{next_review.day} {next_review:%B %Y}"
    )
    expect(chronology).to_contain_text("Pupil voice recorded: Three islands")
    assert_accessible(page)
