"""Reads for plans, targets, reviews and the ledger, each in a fixed number of
queries however many rows there are."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from attendance.measures import pupil_measures
from cases.models import Case
from plans.attendance_targets import (
    AttendanceGoal,
    GoalKind,
    Progress,
    Verdict,
    judge_goals,
)
from plans.enums import LIVE_PLAN_STATUSES
from plans.models import (
    Plan,
    Review,
    ReviewTargetOutcome,
    SupportOffer,
    Target,
    review_overdue_q,
)
from plans.smart import Advice, TargetDraft, smart_advice


def case_plans(case: Case, today: date) -> list[Plan]:
    """The case's plans, newest first, with their lead and ``review_overdue``
    (one query)."""
    return list(
        Plan.objects.filter(case=case)
        .select_related("lead_practitioner")
        .annotate(review_overdue=review_overdue_q(today))
        .order_by("-start_on", "-pk")
    )


def overdue_review_plans(today: date) -> QuerySet[Plan]:
    return Plan.objects.filter(review_overdue_q(today))


def with_review_overdue(cases: QuerySet[Case], today: date) -> QuerySet[Case]:
    """Annotate ``review_overdue``: a live plan on the case is past its review date."""
    return cases.annotate(
        review_overdue=Exists(overdue_review_plans(today).filter(case=OuterRef("pk")))
    )


def reviews_due_led_by(user, cases: QuerySet[Case], *, until: date) -> list[Plan]:
    """Live plans the user leads (or whose case they lead, when the plan names no
    lead) with a review due on or before ``until``, among ``cases``; one query."""
    return list(
        Plan.objects.filter(status__in=LIVE_PLAN_STATUSES, next_review_on__lte=until)
        .filter(case__in=cases.values("pk"))
        .filter(
            Q(lead_practitioner=user)
            | Q(lead_practitioner__isnull=True, case__lead_practitioner=user)
        )
        .select_related("case__pupil")
        .order_by("next_review_on", "pk")
    )


@dataclass(frozen=True)
class TargetView:
    """A target as the plan page shows it."""

    number: int
    target: Target
    advice: list[Advice]
    progress: Progress | None

    @property
    def verdict_label(self) -> str:
        return str(Verdict(self.progress.verdict).label) if self.progress else ""

    @property
    def blocks_activation(self) -> bool:
        return any(item.blocks_activation for item in self.advice)


def _has_interim(target: Target, others: list[Target]) -> bool:
    return bool(
        target.goal_kind
        and target.goal_value is not None
        and target.end_on
        and any(
            other.pk != target.pk
            and other.goal_kind == target.goal_kind
            and other.goal_value is not None
            and other.goal_value < target.goal_value
            and other.end_on
            and other.end_on <= target.end_on
            for other in others
        )
    )


def draft_of(
    target: Target, *, current_attendance, others: list[Target]
) -> TargetDraft:
    """What the SMART check reads from a target."""
    return TargetDraft(
        achieve=target.achieve or "",
        actions=target.actions or "",
        owner=target.owner or "",
        start_on=target.start_on,
        review_on=target.review_on,
        end_on=target.end_on,
        attendance_percent=target.goal_value
        if target.goal_kind == "attendance_at_least"
        else None,
        current_attendance=current_attendance,
        has_interim_step=_has_interim(target, others),
        structured_measure=bool(target.goal_kind),
    )


def _goal_value(target: Target):
    if target.goal_kind == GoalKind.LATE_AT_MOST:
        return int(target.goal_value)
    if target.goal_kind == GoalKind.NO_UNAUTHORISED:
        return None
    return target.goal_value


def target_views(plan: Plan, *, today: date) -> list[TargetView]:
    """Each target with its SMART advice and, for a register-judged target, its
    progress: a fixed number of queries for any number of targets."""
    targets = list(
        plan.targets.prefetch_related("family_members").order_by("end_on", "pk")
    )
    rate = pupil_measures(
        plan.case.pupil, today, school=plan.case.school
    ).attendance_rate
    goals = [
        AttendanceGoal(
            key=target.pk,
            pupil_id=plan.case.pupil_id,
            school_id=plan.case.school_id,
            kind=target.goal_kind,
            value=_goal_value(target),
            start_on=target.start_on,
            end_on=target.end_on,
        )
        for target in targets
        if target.goal_kind and target.start_on and target.end_on
    ]
    progress = judge_goals(goals, today=today) if goals else {}
    return [
        TargetView(
            number=number,
            target=target,
            advice=smart_advice(
                draft_of(target, current_attendance=rate, others=targets), today=today
            ),
            progress=progress.get(target.pk),
        )
        for number, target in enumerate(targets, start=1)
    ]


def plan_reviews(plan: Plan) -> list[Review]:
    return list(
        plan.reviews.select_related("recorded_by").prefetch_related(
            Prefetch(
                "target_outcomes",
                queryset=ReviewTargetOutcome.objects.order_by("target__end_on", "pk"),
            )
        )
    )


def ledger(case: Case) -> QuerySet[SupportOffer]:
    """The support-first ledger in date order."""
    return (
        SupportOffer.objects.filter(case=case)
        .select_related("to_carer", "offered_by")
        .order_by("offered_on", "pk")
    )
