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
from safeguarding.enums import SafeguardingEventKind
from safeguarding.forms import ConsultationForm
from safeguarding.models import ConsultDslFlag
from safeguarding.permissions import can_manage_case_flag, is_dsl_for, readable_items


def case_panel(request: HttpRequest, case: Case) -> str:
    user = request.user
    flag = (
        ConsultDslFlag.objects.filter(case_id=case.pk).select_related("set_by").first()
    )
    consulted = None
    if flag is not None:
        consulted = (
            case.events.filter(
                kind=SafeguardingEventKind.DSL_CONSULTED, occurred_at__gte=flag.set_at
            )
            .select_related("recorded_by")
            .order_by("-occurred_at", "-pk")
            .first()
        )
    manage = can_manage_case_flag(user, case)
    dsl = is_dsl_for(user, case.pupil)
    readable = 0 if dsl else readable_items(user).filter(pupil_id=case.pupil_id).count()
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
