"""Reads for parenting contracts. The case is loaded (and checked) by the
caller, through ``cases.selectors.visible_case_or_404``."""

from django.db.models import Prefetch, QuerySet

from cases.case_view import once
from cases.models import Case, CaseEvent
from contracts.contract_enums import ContractEventKind
from contracts.models import (
    ContractReview,
    ContractReviewTarget,
    ParentingContract,
)
from plans.enums import PlanKind, PlanStatus
from plans.models import Plan
from schools.models import ParentCarer


def case_contracts(case: Case) -> QuerySet[ParentingContract]:
    """A case's contracts, newest first, with their parents (two queries)."""
    return (
        ParentingContract.objects.filter(case_id=case.pk)
        .prefetch_related(Prefetch("parents", queryset=ParentCarer.objects.all()))
        .order_by("-created_at", "-pk")
    )


def contracts_of(case: Case) -> list[ParentingContract]:
    """The case's contracts, read once per view of the case (the panel and the
    checklist both ask)."""
    return once(case, "parenting_contracts", lambda: list(case_contracts(case)))


def contract_reviews(contract: ParentingContract) -> list[ContractReview]:
    """The contract's reviews, newest first, each with its target results and
    who recorded it: a fixed number of queries however many there are."""
    return list(
        contract.reviews.select_related("recorded_by").prefetch_related(
            Prefetch(
                "target_results",
                queryset=ContractReviewTarget.objects.select_related("target").order_by(
                    "pk"
                ),
            )
        )
    )


def not_offered_reason(case: Case) -> CaseEvent | None:
    """The latest written reason, this episode, why no contract was offered."""
    return (
        case.events.filter(
            kind=ContractEventKind.NOT_OFFERED,
            occurred_at__gte=case.episode_started_at,
        )
        .select_related("recorded_by")
        .order_by("-occurred_at", "-pk")
        .first()
    )


def contract_plans(case: Case) -> QuerySet[Plan]:
    """The case's parenting-contract plans that were not withdrawn, newest
    first: the first is the one a contract takes its targets from."""
    return (
        Plan.objects.filter(case_id=case.pk, kind=PlanKind.CONTRACT)
        .exclude(status=PlanStatus.WITHDRAWN)
        .order_by("-start_on", "-pk")
    )
