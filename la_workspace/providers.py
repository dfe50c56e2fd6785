"""What the LA workspace adds to the case core: its chronology kinds, the
evidence for the siblings item of the legal-readiness checklist (met from the
family records and the recorded contacts, never by a hand tick), and the
siblings panel on the case page."""

from cases.checklist import Evidence, Shortfall, register_provider
from cases.events import register_event_kinds
from cases.models import Case
from cases.panels import register_case_panel
from la_workspace.enums import LaEventKind
from la_workspace.panels import siblings_panel
from la_workspace.rules import siblings_check
from la_workspace.selectors import (
    case_siblings,
    sibling_school_contacts,
    sibling_school_ids,
)

register_event_kinds(LaEventKind)


@register_provider("siblings", evidence_only=True)
def siblings_contacted(case: Case) -> Evidence | Shortfall:
    schools = sibling_school_ids(case)
    contacts = sibling_school_contacts(case)
    check = siblings_check(
        family_recorded=case_siblings(case).family_recorded,
        sibling_schools=schools,
        contacted_schools={contact.school_id for contact in contacts},
    )
    if not check.met:
        return Shortfall(check.summary, url="#siblings")
    latest = contacts[0] if contacts else None
    return Evidence(
        summary=check.summary,
        url="#siblings",
        recorded_by=latest.recorded_by.get_full_name() if latest else "",
        recorded_at=latest.recorded_at if latest else None,
    )


register_case_panel(siblings_panel, place="work")
