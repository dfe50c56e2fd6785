"""The "Pupil voice" panel on the case page: the latest thing the child said,
and the way to every record and to recording a new one."""

from django.http import HttpRequest
from django.template.loader import render_to_string

from cases.models import Case
from cases.permissions import can_record_on_case
from voice.selectors import latest_voice


def case_panel(request: HttpRequest, case: Case) -> str:
    return render_to_string(
        "voice/partials/case_panel.html",
        {
            "case": case,
            "latest_voice": latest_voice(case),
            "can_record": can_record_on_case(request.user, case),
        },
        request=request,
    )
