"""Every portal page type at 375 px and at 320 px: no sideways scrolling.
Tables may scroll inside their own box; the page itself must not."""

import pytest
from django.urls import reverse
from playwright.sync_api import Browser

from attendance.models import RegisterMark
from cases.enums import Stage
from cases.models import Case
from contracts.models import PenaltyNotice
from legal.enums import BundleStatus
from legal.models import CourtBundle, EducationSupervisionOrder, ProsecutionReferral
from letters.models import SentLetter
from meetings.enums import MeetingStatus
from meetings.models import Meeting
from plans.models import Plan
from safeguarding.models import RestrictedItem
from schools.enums import SchoolRole
from schools.models import StaffMembership
from tests.e2e.signed_in import start_signed_in
from tests.e2e.test_penalty_notices import case_with_a_first_notice
from voice.models import PupilVoice

pytestmark = pytest.mark.e2e

WIDE_ELEMENTS = """w => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > w + 1
        && !e.closest('.table-wrap'))
    .map(e => `${e.tagName}.${e.className} ${e.getBoundingClientRect().right}`)
    .slice(0, 8)"""


def chaucer_pages() -> dict[str, list[str]]:
    """The portal's page types, as URLs, for the users who open them."""
    case = (
        Case.objects.filter(school__urn="900001", stage=Stage.EARLY_HELP)
        .select_related("pupil")
        .first()
    )
    plan = Plan.objects.filter(case=case).first()
    voice = PupilVoice.objects.filter(case=case).first()
    item = RestrictedItem.objects.filter(pupil__school__urn="900001").first()
    # A meeting the parents missed and the one they came to (the demo's).
    held_and_missed = [
        Meeting.objects.filter(case=case, status=status).first()
        for status in (MeetingStatus.PARENTS_DID_NOT_ATTEND, MeetingStatus.HELD)
    ]
    planned = Meeting.objects.filter(case=case, status=MeetingStatus.PLANNED).first()
    notice_case, parent = case_with_a_first_notice()
    notice = PenaltyNotice.objects.filter(case=notice_case).first()
    pupil = case.pupil
    mark = RegisterMark.objects.filter(pupil=pupil, school=pupil.school).last()
    attendance = reverse("portal:attendance:lists")
    lead = [
        reverse("portal:dashboard"),
        reverse("portal:pupil_list"),
        reverse("portal:pupil_detail", args=[pupil.pk]),
        reverse("portal:attendance:pupil", args=[pupil.pk]),
        *(
            f"{attendance}?list={key}"
            for key in ("persistent", "at-risk", "falling", "unexplained-today")
        ),
        reverse("portal:attendance:contact_new", args=[pupil.pk]),
        reverse("portal:attendance:mis"),
        reverse(
            "portal:attendance:mark_amend",
            args=[pupil.pk, mark.date.isoformat(), mark.session],
        ),
        reverse("portal:attendance:upload"),
        reverse("portal:cases:caseload"),
        case.get_absolute_url(),
        reverse("portal:plans:plan", args=[case.pk, plan.pk]),
        reverse("portal:plans:plan_new", args=[case.pk]),
        reverse("portal:plans:ledger", args=[case.pk]),
        reverse("portal:plans:offer_new", args=[case.pk]),
        reverse("portal:voice:voice_list", args=[case.pk]),
        reverse("portal:voice:voice_detail", args=[case.pk, voice.pk]),
        reverse("portal:voice:voice_new", args=[case.pk]),
        reverse("portal:letters:letter_list", args=[case.pk]),
        reverse("portal:letters:letter_new", args=[case.pk]),
        SentLetter.objects.filter(case=case).first().get_absolute_url(),
        reverse("portal:letters:outbox"),
        reverse("portal:meetings:list", args=[case.pk]),
        reverse("portal:meetings:arrange", args=[case.pk]),
        *(m.get_absolute_url() for m in held_and_missed),
        *(
            reverse(f"portal:meetings:{name}", args=[case.pk, planned.pk])
            for name in ("record", "rearrange")
        ),
        reverse(
            "portal:meetings:invitation",
            args=[case.pk, planned.pk, planned.invitations.first().pk],
        ),
        reverse("portal:contracts:notices", args=[notice_case.pk]),
        reverse("portal:contracts:notice_to_improve_new", args=[notice_case.pk]),
        reverse("portal:contracts:penalty_notice_new", args=[notice_case.pk])
        + f"?parent={notice.parent_id}&kind=attendance",
        notice.get_absolute_url(),
        reverse("portal:overview"),
        reverse("portal:overview_governors"),
        reverse("portal:account_security"),
        reverse("portal:subject_access:exports", args=[pupil.pk]),
        reverse("portal:staff:list", args=["school", pupil.school_id]),
        reverse("portal:staff:invite", args=["school", pupil.school_id]),
        reverse(
            "portal:staff:person",
            args=[
                "school",
                pupil.school_id,
                StaffMembership.objects.get(
                    school=pupil.school, role=SchoolRole.ATTENDANCE_OFFICER
                ).user_id,
            ],
        ),
    ]
    dsl = [
        reverse("portal:safeguarding:overview"),
        reverse("portal:safeguarding:pupil", args=[item.pupil_id]),
        item.get_absolute_url(),
        reverse("portal:safeguarding:item_edit", args=[item.pk]),
        reverse("portal:safeguarding:note_add", args=[item.pupil_id]),
        reverse("portal:safeguarding:access_report"),
    ]
    caseload = reverse("portal:cases:caseload")
    return {
        "lead.chaucer": lead,
        "dsl.chaucer": dsl,
        "la.sheffield": [caseload],
        "legal.sheffield": legal_pages(),
    }


def legal_pages() -> list[str]:
    """The demo's order and referral (the case referred after an ESO), the
    forms to record them, and a finished bundle's page."""
    referred = Case.objects.get(school__urn="900001", stage=Stage.PROSECUTION_REFERRAL)
    at_eso = Case.objects.get(school__urn="900001", stage=Stage.ESO)
    order = EducationSupervisionOrder.objects.get(case=referred)
    referral = ProsecutionReferral.objects.get(case=referred)
    bundle = CourtBundle.objects.create(
        case=referred,
        requested_by=referral.prepared_by,
        status=BundleStatus.DONE,
        sha256="0123456789abcdef" * 4,
        page_count=42,
        finished_at=referral.prepared_at,
    )
    return [
        referred.get_absolute_url(),
        reverse("portal:legal:steps", args=[referred.pk]),
        order.get_absolute_url(),
        referral.get_absolute_url(),
        reverse("portal:legal:referral_new", args=[referred.pk]),
        reverse("portal:legal:eso_new", args=[at_eso.pk]),
        reverse("portal:legal:bundle_status", args=[referred.pk, bundle.pk]),
    ]


# Each page is loaded at 375 px, then the window narrowed to 320 px: the
# layout follows the width (CSS media queries and wrapping), not the load.
WIDTHS = (375, 320)


@pytest.mark.parametrize(
    "username", ["lead.chaucer", "dsl.chaucer", "la.sheffield", "legal.sheffield"]
)
def test_no_portal_page_scrolls_sideways_on_a_phone(
    browser: Browser, demo_site, username
):
    wide = []
    urls = chaucer_pages()[username]
    page = browser.new_context(viewport={"width": WIDTHS[0], "height": 700}).new_page()
    start_signed_in(page, demo_site.url, username)
    for url in [reverse("portal:dashboard"), *urls]:
        page.set_viewport_size({"width": WIDTHS[0], "height": 700})
        page.goto(f"{demo_site.url}{url}")
        page.wait_for_load_state("load")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 700})
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                offenders = page.evaluate(WIDE_ELEMENTS, width)
                wide.append(f"{width} px {username} {url}: {scroll} {offenders}")
    page.context.close()
    assert wide == [], "\n".join(wide)
