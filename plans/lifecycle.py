"""The rules of each step of a plan's life, as the reasons it cannot be taken.

A plan is drafted, made active, reviewed (and kept going) until a review ends
it, successfully or not, or it is withdrawn. The steps are django-fsm-2
transitions on ``Plan`` (``Plan.activate`` and the rest), which change the
status in memory only; ``plans.services`` takes them.

``plan_blockers(plan, name)`` is the one source of each step's rules, in the
shape of ``cases.workflow.blockers``: the model's transition conditions are
derived from it, the service refuses with its reasons, and the plan page shows
them above the button. Whether the plan's status allows the step at all is
the transition's source; the user's permission is checked by the service.
"""

from collections.abc import Callable

from django.utils import timezone

from attendance.measures import pupil_measures
from cases.workflow import family_agreement_recorded
from plans.enums import PlanKind
from plans.models import Plan

STEPS = (
    "activate",
    "keep_going",
    "end_successfully",
    "end_without_success",
    "withdraw",
)


def _activation_rules(plan: Plan) -> list[str]:
    from plans.services import target_advice

    reasons = []
    targets = list(plan.targets.all())
    if not targets:
        reasons.append("Add at least one target.")
    rate = pupil_measures(
        plan.case.pupil, timezone.localdate(), school=plan.case.school
    ).attendance_rate
    for number, target in enumerate(targets, start=1):
        advice = target_advice(target, current_attendance=rate, others=targets)
        reasons += [
            f"Target {number}: {item.message}"
            for item in advice
            if item.blocks_activation
        ]
    if plan.kind == PlanKind.EARLY_HELP and not family_agreement_recorded(plan.case):
        reasons.append(
            "Record the family's agreement to early help on the case first (early "
            "help is voluntary)."
        )
    return reasons


def _no_rules(plan: Plan) -> list[str]:
    return []


_RULES: dict[str, Callable[[Plan], list[str]]] = {
    "activate": _activation_rules,
    # A review's own details (who attended, each target's result) are checked
    # by ``review_record``; the steps it takes have no further rule.
    "keep_going": _no_rules,
    "end_successfully": _no_rules,
    "end_without_success": _no_rules,
    "withdraw": _no_rules,
}


def plan_blockers(plan: Plan, name: str) -> list[str]:
    """Why step ``name`` cannot be taken on this plan now; empty when it can."""
    return _RULES[name](plan)
