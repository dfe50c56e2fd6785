"""The "Letters" panel on the case page: the case's letters, those waiting to
be sent first, and the way to prepare one."""

from django.http import HttpRequest
from django.template.loader import render_to_string

from cases.models import Case
from cases.permissions import can_record_on_case
from letters.models import SentLetter

# The panel shows this many; the case's letters page has them all.
SHOWN = 10


def case_panel(request: HttpRequest, case: Case) -> str:
    # One query: a case has tens of letters at most, so all their few columns
    # are read to count those waiting and show the latest.
    letters = list(
        SentLetter.objects.filter(case=case)
        .only(
            "pk",
            "case_id",
            "kind",
            "recipient_name",
            "prepared_at",
            "sent_at",
            "sent_how",
        )
        .order_by("-prepared_at", "-pk")
    )
    return render_to_string(
        "letters/partials/case_panel.html",
        {
            "case": case,
            "letters": letters[:SHOWN],
            "more": len(letters) > SHOWN,
            "waiting": sum(1 for letter in letters if letter.waiting),
            "can_record": can_record_on_case(request.user, case),
        },
        request=request,
    )
