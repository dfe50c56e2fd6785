"""A demo parenting contract, drafted through the contract services.

The case at the parenting contract stage gets a draft contract with the
pupil's parents who hold parental responsibility. The demo's plans are made
after its cases, so the draft names no plan yet: offering it takes the case's
parenting-contract plan and its targets.
"""

from datetime import timedelta

from django.utils import timezone

from cases.models import Case
from contracts.contract_services import contract_draft, contract_parents_choices
from demo.clock import days_ago


def demo_contract_ensure(case: Case, *, lead, day_to_day, days: int) -> None:
    """Draft a contract on ``case``, ``days`` ago, unless it has one."""
    if case.parenting_contracts.exists():
        return
    parents = [row.parent_carer for row in contract_parents_choices(case)][:2]
    if not parents:
        return
    forename = case.pupil.preferred_forename or case.pupil.legal_forename
    with days_ago(days):
        today = timezone.localdate()
        contract_draft(
            case=case,
            by=lead,
            parents=parents,
            parents_reasons="Mornings are hard since the family moved; the bus is "
            "often full by the time it reaches their stop.",
            parents_agree=f"Make sure {forename} is up by 7.30 and at the bus "
            "stop by 8.05 every school day; phone the school by 9.00 on any day "
            f"{forename} is ill; come to every review.",
            school_agrees=f"A breakfast club place from 8.00; a daily check-in "
            f"with the learning mentor; a call to the family by 9.30 if "
            f"{forename} is not in.",
            la_agrees="A family support worker visit every fortnight for the "
            "length of the contract.",
            pupil_agrees="Go to breakfast club and the morning check-in.",
            overall_responsible=lead,
            day_to_day_responsible=day_to_day,
            starts_on=today + timedelta(days=7),
            ends_on=today + timedelta(weeks=13),
            review_every_weeks=4,
            consent_to_share=True,
            consent_note="the school nurse and the family support service",
        )
