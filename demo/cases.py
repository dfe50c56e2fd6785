"""Demo cases at every stage for both schools, built through the services.

Every step is taken by the demo user whose role allows it, through the same
services the portal uses, so demo data obeys the case rules. Each step is
dated some days back (with time-machine, a demo and test tool) so that the
chronologies read like real ones and a few cases show as overdue.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from attendance.measures import school_measures
from cases import services
from cases.checklist import ITEMS, checklist_status, is_evidence_only
from cases.enums import ClosureReason, EventKind
from cases.models import Case
from demo.clock import days_ago
from demo.contracts import demo_contract_ensure
from demo.legal import demo_order, demo_referral
from demo.meetings import demo_meeting_history, demo_review_planned
from demo.notices import demo_notices
from la_workspace.selectors import sibling_school_ids
from la_workspace.services import sibling_school_contact_record
from schools.models import Pupil, School


@dataclass(frozen=True)
class DemoCaseStaff:
    officer: object
    pastoral: object
    lead: object
    la: object
    legal: object


def _staff(school_key: str, la_key: str) -> DemoCaseStaff:
    users = get_user_model().objects
    return DemoCaseStaff(
        officer=users.get(username=f"officer.{school_key}"),
        pastoral=users.get(username=f"pastoral.{school_key}"),
        lead=users.get(username=f"lead.{school_key}"),
        la=users.get(username=f"la.{la_key}"),
        legal=users.get(username=f"legal.{la_key}"),
    )


def _lowest_attenders(school: School, count: int) -> list[Pupil]:
    measures = school_measures(school, timezone.localdate())
    ranked = sorted(
        (m for m in measures if m.attendance_rate is not None),
        key=lambda m: (m.attendance_rate, m.upn),
    )
    upns = [m.upn for m in ranked[:count]]
    by_upn = {p.upn: p for p in Pupil.objects.filter(upn__in=upns)}
    return [by_upn[upn] for upn in upns]


def _step(case: Case, name: str, by, **kwargs) -> Case:
    return services.case_transition(
        case=case, name=name, by=by, expected_stage=case.stage, **kwargs
    )


def _meeting(case: Case, by, days: int, text: str) -> None:
    services.case_record(
        case=case,
        by=by,
        kind=EventKind.PARENT_MEETING,
        text=text,
        held_on=timezone.localdate() - timedelta(days=days),
    )


def _into_early_help(case: Case, s: DemoCaseStaff, start: int, lead) -> Case:
    with days_ago(start - 1):
        services.case_assign(
            case=case, by=s.lead, lead_practitioner=lead, co_workers=[]
        )
    held = demo_meeting_history(case, by=s.pastoral, lead=lead, held_days_ago=start - 2)
    with days_ago(start - 2, 18):
        if not held:
            _meeting(
                case,
                s.pastoral,
                start - 2,
                "Initial concerns meeting with the grandmother. Anxiety about PE "
                "and the journey in were given as the main barriers.",
            )
        services.case_record(
            case=case,
            by=s.pastoral,
            kind=EventKind.FAMILY_AGREEMENT,
            text="Mum agreed to an early help plan and signed the consent form.",
        )
    with days_ago(start - 3):
        return _step(case, "start_early_help", s.pastoral)


def _into_parenting_contract(case: Case, s: DemoCaseStaff, days: int) -> Case:
    with days_ago(days + 1):
        _meeting(
            case,
            s.officer,
            days + 1,
            "Review of the early help plan: attendance has not improved. Parents "
            "offered a parenting contract and a second meeting.",
        )
    with days_ago(days):
        return _step(case, "start_parenting_contract", s.officer)


def _ready_for_legal_action(case: Case, s: DemoCaseStaff, days: int) -> None:
    with days_ago(days + 2):
        services.case_share(case=case, by=s.lead, with_la_team=True)
        services.case_record(
            case=case,
            by=s.lead,
            kind=EventKind.VOLUNTARY_SUPPORT_EXHAUSTED,
            text="The parenting contract ended without success: two reviews, no "
            "improvement, and the family stopped attending meetings.",
        )
    with days_ago(days + 1):
        # The siblings item is met by a contact with each sibling's school,
        # recorded by the LA on the shared case (it sees every school).
        for school in School.objects.filter(pk__in=sibling_school_ids(case)):
            sibling_school_contact_record(
                by=s.la,
                case=case,
                school=school,
                contacted_on=timezone.localdate(),
                note="Spoke to the attendance lead: the sibling's attendance is "
                "good, and the school will tell us of any change.",
                today=timezone.localdate(),
            )
        met = {status.item.key for status in checklist_status(case) if status.met}
        for item in ITEMS:
            if item.key not in met and not is_evidence_only(item.key):
                services.checklist_tick(
                    case=case,
                    item=item.key,
                    by=s.officer,
                    note="Recorded in the school's attendance file, section 3.",
                )


def _open(pupil: Pupil, by, days: int, reason: str) -> Case:
    with days_ago(days):
        return services.case_open(pupil=pupil, by=by, reason=reason)


def demo_cases_ensure(*, school: School, school_key: str, la_key: str) -> int:
    """Seven cases at the school, one or more at each stage; once only."""
    if Case.objects.filter(school=school).exists():
        return 0
    s = _staff(school_key, la_key)
    pupils = _lowest_attenders(school, 7)
    if len(pupils) < 7:
        return 0
    concern_reason = "Attendance below 90 % this term with unexplained absences."

    # 1. A new concern.
    _open(pupils[0], s.officer, 5, concern_reason)

    # 2. A concern nobody has touched for six weeks: overdue. The officer took
    # it on the day it was opened, so it is on their "My work" list.
    case = _open(pupils[1], s.officer, 42, concern_reason)
    with days_ago(42, hour=11):
        services.case_assign(
            case=case, by=s.lead, lead_practitioner=s.officer, co_workers=[]
        )

    # 3. Early help, shared with the LA team.
    case = _open(pupils[2], s.pastoral, 60, concern_reason)
    case = _into_early_help(case, s, 55, s.pastoral)
    with days_ago(20):
        services.case_share(case=case, by=s.lead, with_la_team=True)
    with days_ago(8):
        services.case_record(
            case=case,
            by=s.pastoral,
            kind=EventKind.NOTE,
            text="Mentoring started twice a week; Friday attendance improving.",
        )
        demo_review_planned(case, by=s.pastoral, lead=s.pastoral, in_days=12)

    # 4. A parenting contract, shared with the LA practitioner by name.
    case = _open(pupils[3], s.officer, 90, concern_reason)
    case = _into_early_help(case, s, 85, s.officer)
    case = _into_parenting_contract(case, s, 35)
    with days_ago(30):
        services.case_share(case=case, by=s.lead, practitioner=s.la)
        services.case_assign(
            case=case, by=s.lead, lead_practitioner=s.officer, co_workers=[s.la]
        )
    demo_contract_ensure(case, lead=s.lead, day_to_day=s.officer, days=28)
    demo_notices(case, lead=s.lead, la=s.la)

    # 5. An ESO applied for by the LA.
    case = _open(pupils[4], s.officer, 160, concern_reason)
    case = _into_early_help(case, s, 150, s.pastoral)
    case = _into_parenting_contract(case, s, 100)
    _ready_for_legal_action(case, s, 30)
    with days_ago(25):
        case = _step(
            case,
            "apply_for_eso",
            s.legal,
            reason="Voluntary support exhausted; the family has not engaged since "
            "the contract ended.",
        )

    # 6. Referred for prosecution after an ESO was tried.
    case = _open(pupils[5], s.officer, 300, concern_reason)
    case = _into_early_help(case, s, 290, s.pastoral)
    case = _into_parenting_contract(case, s, 240)
    _ready_for_legal_action(case, s, 200)
    with days_ago(190):
        case = _step(
            case, "apply_for_eso", s.legal, reason="Contract ended without success."
        )
    demo_order(case, la=s.la, legal=s.legal, applied_days=189)
    with days_ago(6):
        case = _step(
            case,
            "refer_for_prosecution",
            s.legal,
            reason="Persistent failure to comply with the supervision order.",
        )
    demo_referral(case, legal=s.legal, days=5)

    # 7. Closed: attendance improved and sustained.
    case = _open(pupils[6], s.pastoral, 120, concern_reason)
    case = _into_early_help(case, s, 115, s.pastoral)
    with days_ago(14):
        _step(
            case,
            "close",
            s.lead,
            closure_reason=ClosureReason.IMPROVED,
            reason="Attendance above 95 % for eight weeks.",
        )
    return Case.objects.filter(school=school).count()
