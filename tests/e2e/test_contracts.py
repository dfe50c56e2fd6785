"""The attendance lead runs a parenting contract from the portal: drafted for
both parents from a case at the parenting contract stage, offered, the
signing recorded with an uploaded scan of the signed copy, made active,
reviewed, and then, when it is not kept, the steps seed 002 asks for and the
decision. Each page passes axe-core."""

from io import BytesIO

import pytest
from playwright.sync_api import Page, expect

from cases.enums import Stage
from cases.models import Case
from contracts.contract_services import contract_parents_choices
from contracts.models import ParentingContract
from plans.enums import PlanKind
from plans.models import Plan
from schools.enums import Relationship
from schools.models import CarerRelationship, ParentCarer
from tests.e2e.signed_in import start_signed_in

pytestmark = pytest.mark.e2e

CHAUCER_URN = "900001"


def contract_case_with_two_parents() -> Case:
    """The Chaucer case at the parenting contract stage, its pupil given a
    second parent with parental responsibility if the demo gave only one."""
    case = (
        Case.objects.filter(school__urn=CHAUCER_URN, stage=Stage.PARENTING_CONTRACT)
        .select_related("pupil")
        .order_by("opened_at", "pk")
        .first()
    )
    assert case is not None, "the demo has no Chaucer case at a parenting contract"
    if len(contract_parents_choices(case)) < 2:
        father = ParentCarer.objects.create(
            title="Mr",
            forename="Femi",
            surname="Adeyemi",
            address="7 Orchard Close\nSheffield\nS1 2AB",
        )
        CarerRelationship.objects.create(
            pupil=case.pupil,
            parent_carer=father,
            relationship=Relationship.FATHER,
            has_parental_responsibility=True,
            has_day_to_day_care=False,
            contact_priority=9,
        )
    return case


def signed_scan() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_lead_drafts_signs_reviews_and_marks_a_contract_not_kept(
    page: Page, demo_site, assert_accessible
):
    case = contract_case_with_two_parents()
    parents = [row.parent_carer for row in contract_parents_choices(case)][:2]
    plan = Plan.objects.get(case=case, kind=PlanKind.CONTRACT)
    targets = list(plan.targets.order_by("end_on", "pk"))
    assert targets, "the demo's contract plan has targets"
    before = set(
        ParentingContract.objects.filter(case=case).values_list("pk", flat=True)
    )

    start_signed_in(page, demo_site.url, "lead.chaucer")
    page.goto(f"{demo_site.url}{case.get_absolute_url()}")
    panel = page.locator("section", has=page.locator("#contracts-heading"))
    expect(panel).to_be_visible()

    # --- Draft it for both parents -----------------------------------------
    panel.get_by_role("link", name="Draft a parenting contract").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Draft a parenting contract"
    )
    assert_accessible(page)
    group = page.get_by_role("group", name="The contract is with")
    for parent in parents:
        group.get_by_label(str(parent), exact=False).check()
    page.get_by_label("What the parents agree to do").fill(
        "Bring the pupil to school by 8.45 every day."
    )
    page.get_by_label("What the school agrees to do").fill(
        "A breakfast club place and a daily check-in."
    )
    page.get_by_label("The parents consent to information being shared").check()
    page.get_by_role("button", name="Draft the contract").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("status")).to_contain_text("Contract drafted")
    contract = ParentingContract.objects.exclude(pk__in=before).get(case=case)
    assert set(contract.parents.all()) == set(parents)
    assert contract.plan == plan
    assert_accessible(page)

    # --- Offer, and record the signing with the scan -----------------------
    page.get_by_role("button", name="Offer the contract to the parents").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("status")).to_contain_text("Contract offered")
    page.get_by_role("link", name="Record the signing").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    page.get_by_label("Who was present").fill(
        ", ".join(str(p) for p in parents) + "; the attendance lead"
    )
    page.get_by_label("Who witnessed the signing").fill("Head of Year 9")
    page.get_by_label("The signed copy", exact=False).set_input_files(
        {"name": "signed.pdf", "mimeType": "application/pdf", "buffer": signed_scan()}
    )
    page.get_by_role("button", name="Record the signing").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("status")).to_contain_text("Signing recorded")
    expect(page.get_by_role("link", name="The uploaded signed copy")).to_be_visible()
    page.get_by_role("button", name="Make the contract active").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("status")).to_contain_text("The contract is active")
    assert_accessible(page)

    # --- Review it ----------------------------------------------------------
    page.get_by_role("link", name="Record a review").click()
    page.wait_for_load_state("load")
    page.get_by_label("Who attended").fill(f"{parents[0]}; the attendance lead")
    for number, target in enumerate(targets, start=1):
        page.get_by_role(
            "group", name=f"Target {number}: {target.achieve}"
        ).get_by_label("Not met").check()
    page.get_by_label("Continue the contract as it is").check()
    assert_accessible(page)
    page.get_by_role("button", name="Record the review").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("status")).to_have_text("Review recorded.")
    expect(page.get_by_role("heading", level=3)).to_contain_text("Review on ")

    # --- Not kept: the steps, then the decision -----------------------------
    page.get_by_role("link", name="The contract is not being kept").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    page.get_by_label("What the parents said").fill("The bus is often full.")
    page.get_by_label("Was amending the contract considered?", exact=False).fill(
        "Considered: the contract already covers the journey."
    )
    page.get_by_role("button", name="Record the contact").click()
    page.wait_for_load_state("load")
    page.get_by_role(
        "button", name="Prepare the warning letter for each parent"
    ).click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("status")).to_have_text(
        "2 letters prepared: check each, then send it."
    )
    page.get_by_label("Ask the local authority to consider formal action").check()
    page.get_by_label("The reasons for the decision").fill(
        "Attendance fell further after the warning letters; no contact since."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Record that the contract was not kept").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("status")).to_contain_text("recorded as not kept")
    expect(page.locator(".tag--not_kept")).to_have_text("Not kept")
    assert_accessible(page)
    contract = ParentingContract.objects.get(pk=contract.pk)
    assert contract.status == "not_kept"
    assert contract.signed_copy.name.endswith(".pdf")
