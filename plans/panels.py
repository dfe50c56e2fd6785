"""The "Plans and support" panel on the case page: the case's plans, each with
its next review (and whether it is overdue), and the way to the ledger."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from cases.models import Case
from cases.permissions import can_record_on_case
from plans.selectors import case_plans


def case_panel(request: HttpRequest, case: Case) -> str:
    return render_to_string(
        "plans/partials/case_panel.html",
        {
            "case": case,
            "plans": case_plans(case, timezone.localdate()),
            "ledger_count": case.support_offers.count(),
            "can_record": can_record_on_case(request.user, case),
        },
        request=request,
    )
