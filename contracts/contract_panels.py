"""The "Parenting contracts" panel on the case page: each contract with its
status, parents and next review, and the ways to draft one or to record why
none was offered."""

from django.http import HttpRequest
from django.template.loader import render_to_string

from cases.enums import Stage
from cases.models import Case
from contracts.contract_permissions import can_manage_contracts
from contracts.contract_selectors import contracts_of


def case_panel(request: HttpRequest, case: Case) -> str:
    contracts = contracts_of(case)
    if not contracts and case.stage != Stage.PARENTING_CONTRACT:
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
