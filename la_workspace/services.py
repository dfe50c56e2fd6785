"""Writes of the LA workspace. Each checks the acting user's permission itself."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from cases.models import Case
from cases.permissions import can_record_on_case
from cases.services import case_lock, case_share_on_school_agreement, event_record
from la_workspace.enums import LaEventKind
from la_workspace.models import JointApproach, LaSettingsChange, SiblingSchoolContact
from la_workspace.selectors import open_case_of, sibling_school_ids
from schools.enums import LocalAuthorityRole
from schools.models import Pupil, School
from schools.permissions import user_has_role


@transaction.atomic
def joint_approach_record(
    *,
    by: AbstractBaseUser,
    pupil: Pupil,
    agreed: str,
    lead: str,
    lead_name: str,
    review_on: date,
    school_agreed_by: str,
    school_agreed_on: date,
    today: date,
) -> JointApproach:
    """Record the joint approach the school and the LA agreed for a pupil.

    Side effects: the record; when the pupil has an open case at a school of
    the LA, the case is shared with the LA team on the school's recorded
    agreement (if it was not already) and its chronology says what was agreed.
    """
    school = pupil.school
    if not user_has_role(
        by, school.local_authority, LocalAuthorityRole.LEAD_PRACTITIONER
    ):
        raise PermissionDenied(
            "Only a lead practitioner of the pupil's local authority records a "
            "joint approach."
        )
    errors = {}
    if not agreed.strip():
        errors["agreed"] = "Say what the school and the LA agreed."
    if not lead_name.strip():
        errors["lead_name"] = "Name the person who leads, with their role."
    if not school_agreed_by.strip():
        errors["school_agreed_by"] = "Say who at the school agreed."
    if school_agreed_on > today:
        errors["school_agreed_on"] = "The school's agreement cannot be in the future."
    if review_on <= today:
        errors["review_on"] = "The review date is after today."
    elif review_on <= school_agreed_on:
        errors["review_on"] = "The review date comes after the agreement."
    elif (review_on - today).days > 366:
        errors["review_on"] = "Review the approach within a year."
    if errors:
        raise ValidationError(errors)
    case = open_case_of(pupil)
    if case is not None and case.school.local_authority_id != school.local_authority_id:
        case = None  # run by a school of another LA: not ours to share
    approach = JointApproach.objects.create(
        pupil=pupil,
        school=school,
        case=case,
        agreed=agreed.strip(),
        lead=lead,
        lead_name=lead_name.strip(),
        review_on=review_on,
        school_agreed_by=school_agreed_by.strip(),
        school_agreed_on=school_agreed_on,
        recorded_by=by,
    )
    if case is not None:
        case_share_on_school_agreement(
            case=case,
            by=by,
            agreed_by=approach.school_agreed_by,
            agreed_on=school_agreed_on,
        )
        event_record(
            case=case,
            kind=LaEventKind.JOINT_APPROACH_AGREED,
            by=by,
            text=approach.agreed,
            details={
                "label": f"led by {approach.lead_name}; review on {review_on:%d/%m/%Y}",
                "joint_approach": approach.pk,
            },
        )
    return approach


@transaction.atomic
def sibling_school_contact_record(
    *,
    by: AbstractBaseUser,
    case: Case,
    school: School,
    contacted_on: date,
    note: str,
    today: date,
) -> SiblingSchoolContact:
    """Record a contact with the school of one of the case pupil's siblings.

    Side effects: the record and a chronology event.
    """
    case = case_lock(case)
    if not can_record_on_case(by, case):
        raise PermissionDenied("You cannot record on this case.")
    errors = {}
    if school.pk not in sibling_school_ids(case):
        errors["school"] = "None of the pupil's siblings is on roll at that school."
    if contacted_on > today:
        errors["contacted_on"] = "The contact cannot be in the future."
    if not note.strip():
        errors["note"] = "Say who you spoke to, and what about."
    if errors:
        raise ValidationError(errors)
    contact = SiblingSchoolContact.objects.create(
        case=case,
        school=school,
        contacted_on=contacted_on,
        note=note.strip(),
        recorded_by=by,
    )
    event_record(
        case=case,
        kind=LaEventKind.SIBLING_SCHOOL_CONTACTED,
        by=by,
        text=contact.note,
        details={"label": f"contacted on {contacted_on:%d/%m/%Y}"},
    )
    return contact


def _changed(form) -> list[list[str]]:
    """[label, before, after] for each field the form changed."""
    return [
        [
            str(form.fields[name].label),
            str(form.initial.get(name, "")),
            str(form.cleaned_data.get(name, "")),
        ]
        for name in form.changed_data
    ]


@transaction.atomic
def la_settings_save(*, by: AbstractBaseUser, local_authority, forms) -> int:
    """Save the LA's settings forms (each a valid ModelForm of a one-row-per-LA
    setting, its instance bound to the LA) and log what changed.

    Returns how many settings changed. Side effects: the rows, and one
    ``LaSettingsChange`` naming each change.
    """
    if not user_has_role(by, local_authority, LocalAuthorityRole.LEAD_PRACTITIONER):
        raise PermissionDenied("Only the LA's lead practitioners change its settings.")
    changes: list[list[str]] = []
    for form in forms:
        if not form.has_changed():
            continue
        changes += _changed(form)
        row = form.save(commit=False)
        row.local_authority = local_authority
        row.full_clean()
        row.save()
    if changes:
        LaSettingsChange.objects.create(
            local_authority=local_authority, changed_by=by, changes=changes
        )
    return len(changes)
