"""The rules of each step of a parenting contract's life, as the reasons it
cannot be taken, in the shape of ``cases.workflow.blockers``.

``contract_blockers(contract, name)`` is the one source of the rules: the
model's transition conditions are derived from it, ``contract_services``
refuses with its reasons, and the contract page shows them by each button.
Whether the status allows the step at all is the transition's source; who may
take it is ``contract_permissions``.
"""

from collections.abc import Callable

from django.utils import timezone

from contracts.contract_enums import ContractReviewDecision
from contracts.contract_selectors import contract_plans
from contracts.models import ParentingContract

STEPS = (
    "offer",
    "sign",
    "decline",
    "activate",
    "review",
    "complete",
    "mark_not_kept",
    "withdraw",
)
STEP_LABELS = {
    "offer": "Offer the contract to the parents",
    "sign": "Record the signing",
    "decline": "The parents declined",
    "activate": "Make the contract active",
    "review": "Record a review",
    "complete": "Complete the contract",
    "mark_not_kept": "The contract is not being kept",
    "withdraw": "Withdraw the contract",
}


def _offer_rules(contract: ParentingContract) -> list[str]:
    reasons = []
    if not contract.parents.exists():
        reasons.append("Choose the parent or parents the contract is with.")
    # A draft without a plan takes the case's when it is offered.
    plan = contract.plan if contract.plan_id else contract_plans(contract.case).first()
    if plan is None:
        reasons.append(
            "Add a parenting-contract plan with its targets to the case: the "
            "contract holds its targets."
        )
    elif not plan.targets.exists():
        reasons.append("Add at least one target to the parenting-contract plan.")
    if not contract.parents_agree.strip():
        reasons.append("Say what the parents agree to do.")
    if not contract.school_agrees.strip():
        reasons.append("Say what the school agrees to do.")
    if contract.overall_responsible_id is None:
        reasons.append("Name the staff member with overall responsibility.")
    if contract.day_to_day_responsible_id is None:
        reasons.append("Name the staff member responsible day to day.")
    return reasons


def _signing_rules(contract: ParentingContract) -> list[str]:
    reasons = []
    if not contract.signed_on:
        reasons.append("Record the date the contract was signed.")
    if not contract.signing_present.strip():
        reasons.append("Record who was present at the signing.")
    if not contract.signing_witness.strip():
        reasons.append("Record who witnessed the signing.")
    if not contract.signing_recorded:
        reasons.append(
            "Keep the signed copy: upload a scan, or capture the signatures on screen."
        )
    return reasons


def _activation_rules(contract: ParentingContract) -> list[str]:
    reasons = _signing_rules(contract)
    if reasons:
        return ["A contract becomes active only once its signing is recorded."]
    return []


def _completion_rules(contract: ParentingContract) -> list[str]:
    today = timezone.localdate()
    if today >= contract.ends_on:
        return []
    last = contract.reviews.order_by("-held_on", "-pk").first()
    if last is not None and last.decision == ContractReviewDecision.END:
        return []
    return [
        f"The contract runs until {contract.ends_on:%-d %B %Y}: complete it then, "
        "or record a review that decides to end it."
    ]


def _not_kept_rules(contract: ParentingContract) -> list[str]:
    from contracts.contract_letters import warning_letters_missing

    reasons = []
    if not contract.breach_contacted_on:
        reasons.append("Contact the parents and record what they said.")
    if not contract.breach_amendment_note.strip():
        reasons.append("Record whether amending the contract was considered.")
    missing = warning_letters_missing(contract)
    if missing:
        reasons.append(
            "Prepare the warning letter for "
            + " and ".join(str(parent) for parent in missing)
            + "."
        )
    return reasons


def _no_rules(contract: ParentingContract) -> list[str]:
    return []


_RULES: dict[str, Callable[[ParentingContract], list[str]]] = {
    "offer": _offer_rules,
    "sign": _signing_rules,
    "decline": _no_rules,
    "activate": _activation_rules,
    # The review's own details (each target's result, the decision) are
    # checked by ``contract_review_record``.
    "review": _no_rules,
    "complete": _completion_rules,
    "mark_not_kept": _not_kept_rules,
    "withdraw": _no_rules,
}


def contract_blockers(contract: ParentingContract, name: str) -> list[str]:
    """Why step ``name`` cannot be taken on this contract now; empty when it can."""
    return _RULES[name](contract)
