"""The safeguarding panel on the case page.

Everyone who sees the case sees the neutral "consult the DSL" flag. A DSL on
the case also gets the flag controls and a link to the pupil's restricted
records; a person an item was shared with gets a link to what they may read.
Nobody else sees anything, and nothing here shows restricted content, so it
writes no access-log row.
"""

from django.http import HttpRequest
from django.template.loader import render_to_string

from cases.models import Case
from safeguarding.forms import ConsultationForm
from safeguarding.permissions import can_manage_case_flag, is_dsl_for
from safeguarding.selectors import case_consultation, readable_item_ids


def case_panel(request: HttpRequest, case: Case) -> str:
    """Reads what the page's steps and chronology have read already
    (``case_consultation``, ``readable_item_ids``: once per view of the case)."""
    user = request.user
    flag, consulted = case_consultation(case)
    manage = can_manage_case_flag(user, case)
    dsl = is_dsl_for(user, case.pupil)
    readable = 0 if dsl else len(readable_item_ids(user, case))
    if flag is None and not manage and not dsl and not readable:
        return ""
    return render_to_string(
        "safeguarding/partials/case_panel.html",
        {
            "case": case,
            "flag": flag,
            "consulted": consulted,
            "can_manage": manage,
            "is_dsl": dsl,
            "shared_count": readable,
            "consultation_form": ConsultationForm(),
        },
        request=request,
    )
