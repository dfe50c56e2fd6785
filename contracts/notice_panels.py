"""The "Notices" panel on the case page: each notice to improve with its
countdown or outcome, each penalty notice with its status and payment clock,
and the ways to issue or request one."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from cases.models import Case
from contracts.notice_rules import (
    can_issue_notice_to_improve,
    can_request_penalty_notice,
    notice_to_improve_progress,
    penalty_clock,
)
from contracts.notice_selectors import case_notices


def case_panel(request: HttpRequest, case: Case) -> str:
    improve, penalty = case_notices(case)
    can_issue = can_issue_notice_to_improve(request.user, case)
    can_request = can_request_penalty_notice(request.user, case)
    if not (improve or penalty or can_issue or can_request):
        return ""
    today = timezone.localdate()
    progress = notice_to_improve_progress(improve, today) if improve else {}
    for notice in improve:
        notice.progress = progress[notice.pk]
        notice.days_left = (notice.ends_on - today).days
    for notice in penalty:
        notice.clock = penalty_clock(notice, today)
    return render_to_string(
        "contracts/notices/partials/case_panel.html",
        {
            "case": case,
            "notices_to_improve": improve,
            "penalty_notices": penalty,
            "can_issue_nti": can_issue,
            "can_request": can_request,
        },
        request=request,
    )
