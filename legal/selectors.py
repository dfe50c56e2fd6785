"""Reads of a case's education supervision orders and prosecution referrals,
with the dates ``legal.rules`` computes for them. Each read runs a fixed
number of queries however many reviews, extensions and outcomes there are."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import BooleanField, Prefetch, QuerySet, Value, When
from django.db.models import Case as Either

from cases.enums import EventKind
from cases.models import Case, CaseEvent
from contracts.models import PenaltyNotice
from contracts.notice_enums import PenaltyNoticeStatus
from legal import rules
from legal.enums import EsoStatus, ExtensionStatus
from legal.models import (
    EducationSupervisionOrder,
    EsoExtension,
    ProsecutionOutcome,
    ProsecutionReferral,
)
from meetings.enums import HELD_STATUSES
from meetings.models import Meeting
from plans.selectors import case_plans, ledger, target_views
from schools.work import DUE_SOON_DAYS  # a review this near counts as due

ESO_REVIEW = "eso_review"


@dataclass(frozen=True)
class OrderState:
    """Where an order stands on a day, for the pages and lists."""

    period: rules.OrderPeriod | None
    in_force: bool
    reviews: rules.ReviewStatus | None
    review_meetings: tuple[Meeting, ...]
    window_open: bool
    days_left: int | None  # until the order ends, counting today
    window_days_left: int | None  # to apply for an extension

    @property
    def review_due_soon(self) -> bool:
        return bool(
            self.in_force
            and self.reviews
            and self.reviews.next_due is not None
            and (self.reviews.overdue or self.reviews.next_due_in_days <= DUE_SOON_DAYS)
        )


def _granted_years(order: EducationSupervisionOrder) -> tuple[int, ...]:
    return tuple(
        extension.years
        for extension in order.extensions.all()
        if extension.status == ExtensionStatus.GRANTED
    )


def order_state(
    order: EducationSupervisionOrder, review_meetings: list[Meeting], today: date
) -> OrderState:
    """The order's dates and reviews on ``today``. ``review_meetings`` are the
    case's held ESO review meetings; those held while the order was in force
    count as its reviews."""
    period = order.period(granted_years=_granted_years(order))
    if period is None:
        return OrderState(None, False, None, (), False, None, None)
    ends = order.discharged_on or period.last_day
    held = tuple(
        meeting
        for meeting in review_meetings
        if period.made_on <= meeting.starts_at.date() <= ends
    )
    in_force = order.in_force_on(today, period)
    reviews = rules.review_status(period, len(held), today)
    window_open = in_force and period.window_open_on(today)
    return OrderState(
        period=period,
        in_force=in_force,
        reviews=reviews,
        review_meetings=held,
        window_open=window_open,
        days_left=(period.last_day - today).days + 1 if in_force else None,
        window_days_left=(period.window_closes - today).days + 1
        if window_open
        else None,
    )


def held_review_meetings(case_ids) -> dict[int, list[Meeting]]:
    """Held ESO review meetings per case, oldest first (one query)."""
    meetings = defaultdict(list)
    for meeting in (
        Meeting.objects.filter(
            case_id__in=case_ids, type_key=ESO_REVIEW, status__in=HELD_STATUSES
        )
        .select_related("record")
        .order_by("starts_at", "pk")
    ):
        meetings[meeting.case_id].append(meeting)
    return meetings


def case_orders(case: Case, today: date) -> list[EducationSupervisionOrder]:
    """The case's orders, newest first, each with ``state`` (an
    ``OrderState``), its extensions, non-compliance and officer: four queries."""
    orders = list(
        EducationSupervisionOrder.objects.filter(case=case)
        .select_related("supervising_officer")
        .prefetch_related(
            Prefetch(
                "extensions", queryset=EsoExtension.objects.order_by("applied_on", "pk")
            ),
            "non_compliance",
        )
    )
    reviews = held_review_meetings([case.pk]) if orders else {}
    for order in orders:
        order.case = case
        order.state = order_state(order, reviews.get(case.pk, []), today)
    return orders


def targets_judged(case: Case, today: date) -> list:
    """The register-judged targets of the case's live plans, which an order's
    reviews look at: ``(plan, target views)``, a fixed number of queries."""
    return [
        (plan, [view for view in target_views(plan, today=today) if view.progress])
        for plan in case_plans(case, today)
        if plan.is_live
    ]


def _order_history(order: EducationSupervisionOrder) -> str:
    """One order in a line: "ESO applied for on 5 January 2026; order made on
    31 January 2026, discharged on 20 November 2026."."""
    line = f"ESO applied for on {order.applied_on:%-d %B %Y}; "
    if order.decided_on is None:
        return line + "waiting for the court."
    line += f"{order.get_status_display().lower()} on {order.decided_on:%-d %B %Y}"
    if order.is_discharged:
        line = line.replace("discharged on", "order made on")
        line += f", discharged on {order.discharged_on:%-d %B %Y}"
    return line + "."


def referral_drafting(case: Case, today: date) -> dict[str, str]:
    """What a new referral starts from, for the legal officer to edit: the
    support-first ledger in lines, and the ESO's history or, without one, the
    LA's recorded decision considering an ESO (two or three queries)."""
    support = []
    for offer in ledger(case):
        line = (
            f"{offer.offered_on:%-d %B %Y}: {offer.what} to {offer.offered_to}. "
            f"{offer.get_response_display()}."
        )
        support.append(f"{line} {offer.outcome}" if offer.outcome else line)
    history = [_order_history(order) for order in case_orders(case, today)]
    if not history:
        considered = (
            CaseEvent.objects.filter(case=case, kind=EventKind.ESO_CONSIDERED)
            .order_by("-occurred_at")
            .first()
        )
        if considered:
            history = [f"{considered.occurred_at:%-d %B %Y}: {considered.text}"]
    return {
        "support_summary": "\n".join(support),
        "eso_consideration": "\n".join(history),
    }


def prosecuted_notices(case: Case) -> QuerySet[PenaltyNotice]:
    """The case's penalty notices the LA decided to prosecute: those a
    referral may follow."""
    return PenaltyNotice.objects.filter(
        case=case, status=PenaltyNoticeStatus.PROSECUTED
    ).select_related("parent")


def case_referrals(case: Case) -> list[ProsecutionReferral]:
    """The case's referrals, newest first, with their parents and outcomes
    (three queries); each parent gets ``latest_outcome``."""
    referrals = list(
        ProsecutionReferral.objects.filter(case=case)
        .select_related("prepared_by", "penalty_notice")
        .prefetch_related(
            "parents",
            Prefetch(
                "outcomes",
                queryset=ProsecutionOutcome.objects.select_related("parent").order_by(
                    "decided_on", "pk"
                ),
            ),
        )
    )
    for referral in referrals:
        referral.case = case
        latest = {}
        for outcome in referral.outcomes.all():
            latest[outcome.parent_id] = outcome
        referral.parent_rows = [
            (parent, latest.get(parent.pk)) for parent in referral.parents.all()
        ]
    return referrals


def orders_in_force(
    cases: QuerySet[Case], today: date
) -> list[EducationSupervisionOrder]:
    """Orders made on the given cases and in force today, each with ``state``
    (three queries however many)."""
    orders = list(
        EducationSupervisionOrder.objects.filter(
            case__in=cases.values("pk"), status=EsoStatus.MADE
        )
        .select_related("case__pupil", "supervising_officer")
        .prefetch_related("extensions")
    )
    reviews = held_review_meetings({order.case_id for order in orders})
    live = []
    for order in orders:
        order.state = order_state(order, reviews.get(order.case_id, []), today)
        if order.state.in_force:
            live.append(order)
    return live


def with_eso_review_due(cases: QuerySet[Case], today: date) -> QuerySet[Case]:
    """The caseload's ``eso_review_due``: an order in force on the case has a
    review overdue or due within a week. The dates are worked out in Python by
    ``legal.rules`` (month arithmetic the databases do differently), from
    three queries however many cases there are."""
    due = [
        order.case_id
        for order in orders_in_force(cases, today)
        if order.state.review_due_soon
    ]
    return cases.annotate(
        eso_review_due=Either(
            When(pk__in=due, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )
