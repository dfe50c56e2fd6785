"""Demo plans, targets, reviews and ledger entries, through the plan services.

Every open demo case at early help or later gets a plan: an early help plan at
the early help stage, the targets of the parenting contract later on. Each
plan has SMART targets (two judged from the register) and one that the SMART
check flags (too long, no owner, too big a jump), at least one review, and
offers of support in the ledger. One plan's review is overdue.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from cases.enums import Stage
from cases.models import Case
from demo.clock import days_ago
from plans import services
from plans.enums import Achieved, FamilyResponse, PlanKind, SupportKind
from plans.models import Plan
from schools.models import School

PLAN_STAGES = (
    Stage.EARLY_HELP,
    Stage.PARENTING_CONTRACT,
    Stage.ESO,
    Stage.PROSECUTION_REFERRAL,
)


def _targets(plan: Plan, by, start, forename: str) -> None:
    def save(**fields):
        services.target_save(plan=plan, by=by, **fields)

    save(
        achieve=f"{forename} attends at least 90 % of sessions over six weeks.",
        outcomes="Back in lessons every day; catches up in maths and English.",
        actions="Daily check-in with the learning mentor at 8.40; a text to the "
        "family by 9.30 on any day of absence.",
        owner="Ms Shah, attendance lead",
        intervention=SupportKind.MENTORING,
        start_on=start,
        review_on=start + timedelta(weeks=3),
        end_on=start + timedelta(weeks=6),
        goal_kind="attendance_at_least",
        goal_value=90,
    )
    save(
        achieve=f"{forename} has no more than 2 late marks in four weeks.",
        outcomes="Arrives in time for registration and the first lesson.",
        actions="Breakfast club place from 8.00; alarm clock provided by school.",
        owner="Mr Okoro, Head of Year 9",
        intervention=SupportKind.BREAKFAST_CLUB,
        start_on=start,
        review_on=start + timedelta(weeks=2),
        end_on=start + timedelta(weeks=4),
        goal_kind="late_at_most",
        goal_value=2,
    )
    # Not so SMART: the check flags it (a whole year, and nobody named).
    save(
        achieve=f"{forename} is in school every day, arriving by 8.50am.",
        actions="Family to make sure of it.",
        start_on=start,
        review_on=start + timedelta(weeks=6),
        end_on=start + timedelta(weeks=40),
    )


def demo_plans_ensure(*, school: School, school_key: str) -> int:
    """A plan on each open case at early help or later, once only."""
    if Plan.objects.filter(case__school=school).exists():
        return 0
    users = get_user_model().objects
    pastoral = users.get(username=f"pastoral.{school_key}")
    officer = users.get(username=f"officer.{school_key}")
    cases = list(
        Case.objects.filter(school=school, stage__in=PLAN_STAGES)
        .select_related("pupil")
        .order_by("opened_at")
    )
    made = 0
    for number, case in enumerate(cases):
        kind = (
            PlanKind.EARLY_HELP
            if case.stage == Stage.EARLY_HELP
            else (PlanKind.CONTRACT)
        )
        # Started 50 days ago; the second plan is on a four-week cycle and its
        # review is overdue.
        begun = 50
        weeks = 4 if number == 1 else 6
        carers = [
            link.parent_carer for link in case.pupil.carer_relationships.all()[:1]
        ]
        with days_ago(begun):
            start = timezone.localdate()
            plan = services.plan_create(
                case=case,
                by=pastoral,
                kind=kind,
                start_on=start,
                lead_practitioner=case.lead_practitioner or pastoral,
                family_members=carers,
                review_every_weeks=weeks,
            )
            _targets(plan, pastoral, start, case.pupil.forename)
            plan = services.plan_activate(plan=plan, by=pastoral)
        with days_ago(begun - 2):
            services.offer_save(
                case=case,
                by=officer,
                kind=SupportKind.SCHOOL_NURSE,
                to_pupil=True,
                offered_on=timezone.localdate(),
                response=FamilyResponse.DECLINED,
                response_on=timezone.localdate(),
                outcome="Mum said the GP is already involved.",
            )
            services.offer_save(
                case=case,
                by=officer,
                kind=SupportKind.TRANSPORT,
                to_carer=carers[0] if carers else None,
                offered_on=timezone.localdate(),
            )
        review_day = 20 if number == 1 else 8
        with days_ago(review_day):
            targets = list(plan.targets.order_by("end_on", "pk"))
            services.review_record(
                plan=plan,
                by=pastoral,
                held_on=timezone.localdate(),
                attended="Mum; the learning mentor; "
                f"{pastoral.get_full_name()} (Head of Year 9)",
                decision="continue" if number != 1 else "amend",
                notes="Mornings are better since breakfast club started. Fridays "
                "are still the hardest day.",
                next_review_on=timezone.localdate() + timedelta(days=15)
                if number == 1
                else None,
                outcomes={
                    target.pk: (
                        (Achieved.PARTLY, Achieved.YES, Achieved.NOT_YET)[i % 3],
                        "",
                    )
                    for i, target in enumerate(targets)
                },
            )
        made += 1
    return made
