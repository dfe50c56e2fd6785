"""What parenting contracts add to the case core (registered when the app is
ready): their chronology kinds, their letter kinds, the case page's
"Parenting contracts" panel, and the checklist evidence for
``parenting_contract`` ("A parenting contract, or a written reason why not"):

- met by a contract drafted this episode that was signed (whatever happened
  to it since), linking to it;
- or by a written reason, recorded this episode, why no contract was offered
  (``contract.not_offered``), linking to it on the chronology;
- a contract offered but not (yet) signed is a shortfall, not evidence.
"""

from cases.checklist import Evidence, Shortfall, register_provider
from cases.events import register_event_kinds
from cases.models import Case
from cases.panels import register_case_panel
from contracts.contract_enums import ContractEventKind
from contracts.contract_letters import register_kinds
from contracts.contract_panels import case_panel
from contracts.contract_selectors import contracts_of, not_offered_reason


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


@register_provider("parenting_contract")
def parenting_contract(case: Case) -> Evidence | Shortfall | None:
    contracts = [
        c for c in contracts_of(case) if c.created_at >= case.episode_started_at
    ]
    signed = sorted(
        (c for c in contracts if c.was_signed), key=lambda c: (c.signed_on, c.pk)
    )
    if signed:
        contract = signed[0]
        parents = " and ".join(str(p) for p in contract.parents.all())
        return Evidence(
            summary=f"A parenting contract with {parents}, signed on "
            f"{contract.signed_on:%-d %B %Y} "
            f"({contract.get_status_display().lower()}).",
            url=contract.get_absolute_url(),
        )
    event = not_offered_reason(case)
    if event is not None:
        return Evidence(
            summary=f"No contract was offered: {event.text}",
            url=f"{case.get_absolute_url()}#event-{event.pk}",
            recorded_by=_name(event.recorded_by),
            recorded_at=event.occurred_at,
        )
    if contracts:
        contract = contracts[0]
        return Shortfall(
            summary="A parenting contract is "
            f"{contract.get_status_display().lower()} but has not been signed.",
            url=contract.get_absolute_url(),
        )
    return None


register_event_kinds(ContractEventKind)
register_kinds()
register_case_panel(case_panel, place="work")
