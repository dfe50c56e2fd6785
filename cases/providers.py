"""Checklist evidence the cases app finds in its own records."""

from cases.checklist import Evidence, register_provider
from cases.enums import EventKind, Stage
from cases.models import Case


@register_provider("parenting_contract")
def parenting_contract_stage_reached(case: Case) -> Evidence | None:
    """The case moved to a parenting contract since it was (re)opened."""
    event = (
        case.events.filter(
            kind=EventKind.TRANSITION,
            details__to=Stage.PARENTING_CONTRACT,
            occurred_at__gte=case.episode_started_at,
        )
        .select_related("recorded_by")
        .order_by("occurred_at")
        .first()
    )
    if event is None:
        return None
    by = event.recorded_by
    return Evidence(
        summary="The case moved to a parenting contract.",
        url=f"{case.get_absolute_url()}#event-{event.pk}",
        recorded_by=(by.get_full_name() or by.get_username()) if by else "",
        recorded_at=event.occurred_at,
    )
