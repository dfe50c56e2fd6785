"""The "Siblings" panel on the case page: the pupil's siblings at the LA's
schools as the user may see them, the contacts with their schools recorded on
the case, and the form to record one."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from cases.models import Case
from cases.permissions import can_record_on_case
from la_workspace.forms import SiblingSchoolContactForm
from la_workspace.rules import siblings_check
from la_workspace.selectors import (
    case_siblings,
    sibling_school_contacts,
    sibling_school_ids,
    siblings_for,
)


def contact_schools(siblings, case: Case) -> list:
    """The siblings' other schools this user can see, for the contact form."""
    schools = {}
    for sibling in siblings:
        if sibling.visible and sibling.school_id != case.school_id:
            schools[sibling.school_id] = sibling.pupil.school
    return sorted(schools.values(), key=lambda school: school.name)


def siblings_panel(request: HttpRequest, case: Case, form=None) -> str:
    siblings = siblings_for(
        user=request.user,
        pupil=case.pupil,
        as_of=timezone.localdate(),
        rows=case_siblings(case).rows,
    )
    contacts = sibling_school_contacts(case)
    schools = sibling_school_ids(case)
    check = siblings_check(
        family_recorded=case_siblings(case).family_recorded,
        sibling_schools=schools,
        contacted_schools={contact.school_id for contact in contacts},
    )
    can_record = can_record_on_case(request.user, case)
    choices = contact_schools(siblings, case)
    if form is None and can_record and choices:
        form = SiblingSchoolContactForm(
            schools=choices, initial={"contacted_on": timezone.localdate()}
        )
    visible_school_ids = {s.school_id for s in siblings if s.visible}
    return render_to_string(
        "la_workspace/partials/siblings_panel.html",
        {
            "case": case,
            "siblings": siblings,
            "contacts": [c for c in contacts if c.school_id in visible_school_ids],
            "hidden_contacts": sum(
                1 for c in contacts if c.school_id not in visible_school_ids
            ),
            "check": check,
            "can_record": can_record,
            "form": form if can_record and choices else None,
            "hidden_siblings": any(not s.visible for s in siblings),
        },
        request=request,
    )
