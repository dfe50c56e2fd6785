"""The values of the merge fields every letter has, from saved data only.

``base_values(case, recipient)`` returns plain strings, one per field of the
``ALWAYS`` groups in ``letters.fields``: never a model object, so a template
reaches nothing but these.
"""

from datetime import date

from django.utils import timezone

from attendance.measures import academic_year_start, pupil_measures
from cases.models import Case
from schools.models import ParentCarer
from schools.permissions import position_at


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def parent_name(carer: ParentCarer) -> str:
    return str(carer)


def parent_salutation(carer: ParentCarer) -> str:
    if carer.title:
        return f"Dear {carer.title} {carer.surname}"
    return f"Dear {carer.forename} {carer.surname}"


def base_values(case: Case, recipient: ParentCarer, *, today: date | None = None):
    """Every always-available field's value for a letter on ``case`` to
    ``recipient``, as text. Attendance is the pupil's figures this school year
    on the register of the school running the case; the case lead is its lead
    practitioner, or whoever opened it while it has none."""
    today = today or timezone.localdate()
    pupil, school = case.pupil, case.school
    measures = pupil_measures(pupil, today, school=school)
    rate = measures.attendance_rate
    lead = case.lead_practitioner or case.opened_by
    role = (position_at(lead, school) if lead else "") or (
        "Lead practitioner" if case.lead_practitioner_id else "School staff"
    )
    return {
        "pupil_forename": pupil.preferred_forename or pupil.legal_forename,
        "pupil_surname": pupil.preferred_surname or pupil.legal_surname,
        "pupil_full_name": f"{pupil.legal_forename} {pupil.legal_surname}",
        "pupil_date_of_birth": long_date(pupil.date_of_birth),
        "pupil_year_group": pupil.get_year_group_display(),
        "parent_name": parent_name(recipient),
        "parent_salutation": parent_salutation(recipient),
        "parent_address": recipient.address.strip(),
        "school_name": school.name,
        "school_address": school.address.strip(),
        "school_phone": school.phone,
        "school_email": school.email,
        "attendance_percentage": "no sessions recorded yet"
        if rate is None
        else f"{rate}%",
        "sessions_missed": str(measures.absent),
        "unauthorised_sessions": str(measures.unauthorised),
        "attendance_period": f"{long_date(academic_year_start(today))} to "
        f"{long_date(today)}",
        "case_lead_name": _name(lead),
        "case_lead_role": role,
        "case_lead_email": (lead.email if lead else "") or school.email,
        "letter_date": long_date(today),
    }
