"""The "Parenting contracts" panel on the case page: each contract with its
status, parents and next review, and the ways to draft one (at the parenting
contract stage) or to record why none was offered (from that stage on)."""

from django.http import HttpRequest
from django.template.loader import render_to_string

from cases.enums import Stage
from cases.models import Case
from contracts.contract_permissions import can_manage_contracts
from contracts.contract_selectors import contracts_of

# Where a contract, or the written reason why not, is part of the work: the
# parenting contract stage and the legal stages after it.
CONTRACT_STAGES = (Stage.PARENTING_CONTRACT, Stage.ESO, Stage.PROSECUTION_REFERRAL)


def case_panel(request: HttpRequest, case: Case) -> str:
    contracts = contracts_of(case)
    if not contracts and case.stage not in CONTRACT_STAGES:
        return ""
    return render_to_string(
        "contracts/contract/partials/case_panel.html",
        {
            "case": case,
            "contracts": contracts,
            "can_manage": can_manage_contracts(request.user, case),
            "can_draft": case.stage == Stage.PARENTING_CONTRACT,
        },
        request=request,
    )
