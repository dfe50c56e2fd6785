"""The "Letters" panel on the case page: the case's letters, those waiting to
be sent first, and the way to prepare one."""

from django.http import HttpRequest
from django.template.loader import render_to_string

from cases.models import Case
from cases.permissions import can_record_on_case
from letters.selectors import case_letters


def case_panel(request: HttpRequest, case: Case) -> str:
    letters = list(case_letters(case)[:10])
    return render_to_string(
        "letters/partials/case_panel.html",
        {
            "case": case,
            "letters": letters,
            "waiting": case_letters(case).filter(sent_at__isnull=True).count(),
            "can_record": can_record_on_case(request.user, case),
        },
        request=request,
    )
