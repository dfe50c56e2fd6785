"""The "Meetings" panel on the case page: the next meeting, meetings held whose
minutes have not gone to every parent invited, and the way to arrange one."""

from django.http import HttpRequest
from django.template.loader import render_to_string

from cases.case_view import once
from cases.models import Case
from cases.permissions import can_record_on_case
from meetings.letters import minutes_outstanding
from meetings.selectors import case_meetings, next_meeting


def case_panel(request: HttpRequest, case: Case) -> str:
    meetings = once(case, "meetings", lambda: list(case_meetings(case)))
    return render_to_string(
        "meetings/partials/case_panel.html",
        {
            "case": case,
            "next_meeting": next_meeting(meetings),
            "minutes_not_sent": minutes_outstanding(case),
            "meeting_count": len(meetings),
            "can_record": can_record_on_case(request.user, case),
        },
        request=request,
    )
