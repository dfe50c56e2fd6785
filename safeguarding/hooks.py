"""What the safeguarding app adds to cases, registered when the app is ready.

* A rule: while "consult the DSL" is set on a case, its formal and legal steps
  wait for a DSL consultation recorded since the flag was set.
* The reader of restricted chronology events: an item's event is shown to
  the item's readers only.
* The case page panel (``safeguarding.panels``).
"""

from cases.enums import EventKind
from cases.models import Case, CaseEvent
from safeguarding.models import ConsultDslFlag
from safeguarding.permissions import readable_items

# The steps "consult the DSL before any formal or legal step" holds back.
FORMAL_STEPS = ["start_parenting_contract", "apply_for_eso", "refer_for_prosecution"]

CONSULT_REASON = (
    "The DSL has asked to be consulted before any formal or legal step: record "
    "the DSL's consultation first (a DSL records it on this page)."
)


def consult_dsl_rule(case: Case) -> list[str]:
    flag = ConsultDslFlag.objects.filter(case_id=case.pk).first()
    if flag is None:
        return []
    consulted = CaseEvent.objects.filter(
        case_id=case.pk, kind=EventKind.DSL_CONSULTED, occurred_at__gte=flag.set_at
    ).exists()
    return [] if consulted else [CONSULT_REASON]


def readable_item_ids(user, case: Case) -> list[int]:
    """Items about the case's pupil that the user may read."""
    return list(
        readable_items(user).filter(pupil_id=case.pupil_id).values_list("pk", flat=True)
    )


def register() -> None:
    from cases.panels import register_case_panel
    from cases.selectors import register_restricted_event_reader
    from cases.workflow import add_rule
    from safeguarding.panels import case_panel

    add_rule(FORMAL_STEPS, consult_dsl_rule)
    register_restricted_event_reader(readable_item_ids)
    register_case_panel(case_panel)
