"""Every write to meetings, invitations and meeting records.

Each service is atomic, locks the case row (``cases.services.case_lock``),
checks the user's permission on the case itself and writes its chronology
event in the same transaction. Parents invited must be the pupil's own, and
someone the school must not contact is never invited.

Holding a meeting with the parents writes the case core's ``meeting.parents``
kind, the fact the rule for starting early help reads. Every meeting offered
to the family goes in the support-first ledger as a meeting offered, and its
answer is filled in when the meeting is recorded.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from attendance.measures import pupil_measures
from cases.enums import EventKind
from cases.models import Case
from cases.permissions import can_record_on_case
from cases.selectors import eligible_practitioners
from cases.services import case_lock, event_record
from meetings.enums import (
    InvitationReply,
    InvitationSent,
    MeetingEventKind,
    MeetingFormat,
    MeetingStatus,
)
from meetings.models import AgreedAction, Invitation, Meeting, MeetingRecord
from meetings.selectors import carers_for_invitation, meeting_type_for
from plans.enums import FamilyResponse, SupportKind
from plans.models import Plan, SupportOffer, Target
from plans.services import offer_save, target_save
from schools.models import ParentCarer

RECORD_FIELDS = (
    "others_present",
    "services_involved",
    "education_worries",
    "education_going_well",
    "education_next_steps",
    "health_worries",
    "health_going_well",
    "health_next_steps",
    "care_worries",
    "care_going_well",
    "care_next_steps",
    "parent_voice",
    "child_present",
    "child_voice",
    "impact_on_learning_discussed",
    "impact_on_learning_note",
    "additional_information",
)


@dataclass(frozen=True)
class ActionAgreed:
    """One agreed action as the person typed it."""

    action: str
    who: str = ""
    by_when: date | None = None


def _locked_for_writing(case: Case, by: AbstractBaseUser) -> Case:
    case = case_lock(case)
    if not can_record_on_case(by, case):
        raise PermissionDenied("You cannot arrange or record meetings on this case.")
    return case


def _meeting_on(case: Case, meeting: Meeting) -> Meeting:
    """The meeting read again under the case's lock, refusing another case's."""
    if meeting.case_id != case.pk:
        raise ValidationError("That meeting is not on this case.")
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _invitable(case: Case, parents: Iterable[ParentCarer]) -> list[ParentCarer]:
    parents = list(dict.fromkeys(parents))
    rows = {
        rel.parent_carer_id: (rel, reason)
        for rel, _, reason in carers_for_invitation(case.pupil)
    }
    for parent in parents:
        if parent.pk not in rows:
            raise ValidationError(
                {
                    "parents": f"{parent} is not one of {case.pupil.display_name}'s "
                    "parents or carers."
                }
            )
        relationship, _ = rows[parent.pk]
        if not relationship.may_contact:
            raise ValidationError(
                {"parents": f"{parent} must not be contacted by the school."}
            )
    return parents


@transaction.atomic
def meeting_arrange(
    *,
    case: Case,
    by: AbstractBaseUser,
    type_key: str,
    starts_at: datetime,
    place: str,
    parents: Iterable[ParentCarer],
    format: str = MeetingFormat.IN_PERSON,
    lead: AbstractBaseUser | None = None,
    second_offer_of: Meeting | None = None,
) -> Meeting:
    """Arrange a meeting and invite each chosen parent in their own right.

    Side effects: the meeting, one invitation per parent, a meeting offered in
    the support-first ledger (when parents are invited) and a
    ``meeting.invited`` event.
    """
    case = _locked_for_writing(case, by)
    if not case.is_open:
        raise ValidationError("Meetings are arranged on open cases only.")
    errors = {}
    meeting_type = meeting_type_for(case.school, type_key)
    if meeting_type is None:
        errors["type_key"] = "Choose one of this school's meeting types."
    if not place.strip():
        errors["place"] = "Say where the meeting is, or how to join it."
    if format not in MeetingFormat.values:
        errors["format"] = "Choose how the meeting happens."
    if (
        lead is not None
        and not eligible_practitioners(case).filter(pk=lead.pk).exists()
    ):
        errors["lead"] = "Choose someone who works on this case's school or LA team."
    if errors:
        raise ValidationError(errors)
    parents = _invitable(case, parents)
    if meeting_type.invites_parents and not parents:
        raise ValidationError(
            {"parents": "Choose at least one parent or carer to invite."}
        )
    if not meeting_type.invites_parents and parents:
        raise ValidationError(
            {"parents": f"Parents are not invited to a {meeting_type.name.lower()}."}
        )
    if second_offer_of is not None:
        second_offer_of = _meeting_on(case, second_offer_of)
        if second_offer_of.status != MeetingStatus.PARENTS_DID_NOT_ATTEND:
            raise ValidationError(
                "A second offer follows a meeting the parents did not attend."
            )
    ledger_entry = None
    if parents:
        ledger_entry = offer_save(
            case=case,
            by=by,
            kind=SupportKind.MEETING,
            # A meeting recorded after the fact was offered before it was held.
            offered_on=min(timezone.localdate(), timezone.localtime(starts_at).date()),
            outcome=f"{meeting_type.name} on {timezone.localtime(starts_at):%-d %B %Y}",
        )
    meeting = Meeting(
        case=case,
        type_key=meeting_type.key,
        type_name=meeting_type.name,
        type_letters=list(meeting_type.letters),
        is_inclusion_meeting=meeting_type.is_inclusion_meeting,
        starts_at=starts_at,
        format=format,
        place=place.strip(),
        lead=lead,
        second_offer_of=second_offer_of,
        ledger_entry=ledger_entry,
        arranged_by=by,
    )
    meeting.full_clean(exclude=["case", "arranged_by", "lead", "ledger_entry"])
    meeting.save()
    Invitation.objects.bulk_create(
        Invitation(meeting=meeting, parent_carer=parent) for parent in parents
    )
    event_record(
        case=case,
        kind=MeetingEventKind.INVITED,
        by=by,
        details={
            "meeting": meeting.pk,
            "label": f"{meeting.type_name} on "
            f"{timezone.localtime(starts_at):%-d %B %Y at %H:%M}"
            + (f", inviting {', '.join(str(p) for p in parents)}" if parents else ""),
        },
    )
    return meeting


@transaction.atomic
def invitation_update(
    *,
    invitation: Invitation,
    by: AbstractBaseUser,
    sent_how: str | None = None,
    sent_on: date | None = None,
    reply: str | None = None,
    reply_on: date | None = None,
    reply_note: str = "",
) -> Invitation:
    """Record how an invitation went out, or the parent's reply. A reply writes
    a ``meeting.reply`` event; the history of replies is the chronology."""
    meeting = invitation.meeting
    case = _locked_for_writing(meeting.case, by)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    meeting = _meeting_on(case, invitation.meeting)
    if not meeting.is_planned:
        raise ValidationError("This meeting is no longer planned.")
    today = timezone.localdate()
    if sent_how is not None:
        if sent_how not in InvitationSent.values:
            raise ValidationError({"sent_how": "Choose how the invitation was sent."})
        invitation.sent_how = sent_how
        invitation.sent_on = (
            None if sent_how == InvitationSent.NOT_YET else (sent_on or today)
        )
    if reply is not None:
        if reply not in InvitationReply.values:
            raise ValidationError({"reply": "Choose the parent's reply."})
        if (reply_on or today) > today:
            raise ValidationError({"reply_on": "Record a reply once it is given."})
        invitation.reply = reply
        invitation.reply_on = (
            None if reply == InvitationReply.NO_REPLY else (reply_on or today)
        )
        invitation.reply_note = reply_note.strip()
    invitation.save()
    if reply is not None:
        event_record(
            case=case,
            kind=MeetingEventKind.REPLY,
            by=by,
            text=invitation.reply_note,
            details={
                "meeting": meeting.pk,
                "label": f"{invitation.parent_carer}: "
                f"{invitation.get_reply_display().lower()} ({meeting.type_name})",
            },
        )
    return invitation


@transaction.atomic
def meeting_rearrange(
    *,
    meeting: Meeting,
    by: AbstractBaseUser,
    starts_at: datetime,
    place: str,
    format: str | None = None,
    reason: str,
) -> Meeting:
    """Move a planned meeting: the old one is kept, marked rearranged, and a new
    one invites the same parents afresh. The ledger's offer moves with it."""
    case = _locked_for_writing(meeting.case, by)
    old = _meeting_on(case, meeting)
    if not old.is_planned:
        raise ValidationError("Only a planned meeting can be rearranged.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the meeting is being moved."})
    if not place.strip():
        raise ValidationError({"place": "Say where the meeting is, or how to join it."})
    new = Meeting.objects.create(
        case=case,
        type_key=old.type_key,
        type_name=old.type_name,
        type_letters=old.type_letters,
        is_inclusion_meeting=old.is_inclusion_meeting,
        starts_at=starts_at,
        format=format or old.format,
        place=place.strip(),
        lead=old.lead,
        second_offer_of=old.second_offer_of,
        arranged_by=by,
    )
    Invitation.objects.bulk_create(
        Invitation(meeting=new, parent_carer_id=invitation.parent_carer_id)
        for invitation in old.invitations.all()
    )
    ledger_entry = old.ledger_entry
    old.status = MeetingStatus.REARRANGED
    old.replaced_by = new
    old.ledger_entry = None
    old.save(update_fields=["status", "replaced_by", "ledger_entry"])
    if ledger_entry is not None:
        new.ledger_entry = ledger_entry
        new.save(update_fields=["ledger_entry"])
    event_record(
        case=case,
        kind=MeetingEventKind.REARRANGED,
        by=by,
        text=reason.strip(),
        details={
            "meeting": new.pk,
            "label": f"{old.type_name} moved from "
            f"{timezone.localtime(old.starts_at):%-d %B %Y %H:%M} to "
            f"{timezone.localtime(starts_at):%-d %B %Y %H:%M}",
        },
    )
    return new


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: AbstractBaseUser, reason: str) -> Meeting:
    case = _locked_for_writing(meeting.case, by)
    meeting = _meeting_on(case, meeting)
    if not meeting.is_planned:
        raise ValidationError("Only a planned meeting can be cancelled.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the meeting is cancelled."})
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = reason.strip()
    meeting.save(update_fields=["status", "cancel_reason"])
    if meeting.ledger_entry_id:
        offer_save(
            case=case,
            by=by,
            offer=meeting.ledger_entry,
            outcome=f"{meeting.type_name} cancelled: {meeting.cancel_reason}",
            outcome_on=timezone.localdate(),
        )
    event_record(
        case=case,
        kind=MeetingEventKind.CANCELLED,
        by=by,
        text=meeting.cancel_reason,
        details={"meeting": meeting.pk, "label": meeting.type_name},
    )
    return meeting


def attendance_snapshot(case: Case, on: date) -> dict:
    """The pupil's figures on the case's school register, as of ``on``, as
    plain values to keep with the record."""
    measures = pupil_measures(case.pupil, on, school=case.school)
    rate = measures.attendance_rate
    return {
        "as_of": on.isoformat(),
        "possible": measures.possible,
        "attended": measures.attended,
        "absent": measures.absent,
        "authorised": measures.authorised,
        "unauthorised": measures.unauthorised,
        "late": measures.late,
        "attendance_rate": None if rate is None else str(rate),
        "persistent_absence": measures.persistent_absence,
        "severe_absence": measures.severe_absence,
    }


def _plan_dates(case: Case) -> str:
    plans = Plan.objects.filter(case_id=case.pk, activated_at__isnull=False).order_by(
        "-activated_at"
    )
    return "; ".join(
        f"{plan.get_kind_display()}: from {plan.start_on:%-d %B %Y}"
        + (
            f", next review {plan.next_review_on:%-d %B %Y}"
            if plan.next_review_on
            else ""
        )
        for plan in plans[:3]
    )


@transaction.atomic
def meeting_record(
    *,
    meeting: Meeting,
    by: AbstractBaseUser,
    attended: Mapping[int, bool],
    actions: Iterable[ActionAgreed] = (),
    **fields,
) -> MeetingRecord:
    """Record a meeting once it has taken place.

    ``attended`` says, for each invitation's pk, whether that parent came.
    Side effects: the record (with the pupil's figures, SEN status and plan
    dates as they are now), its agreed actions, the meeting's status (held, or
    held without the parents), the ledger's answer, and the events
    ``meeting.recorded`` and either ``meeting.parents`` (the parents came: the
    fact the early help rule reads) or ``meeting.did_not_attend``.
    """
    case = _locked_for_writing(meeting.case, by)
    meeting = _meeting_on(case, meeting)
    unknown = set(fields) - set(RECORD_FIELDS)
    if unknown:
        raise ValueError(f"Not meeting record fields: {sorted(unknown)}")
    if not meeting.is_planned:
        raise ValidationError(
            "This meeting is already recorded, rearranged or cancelled."
        )
    held_on = timezone.localtime(meeting.starts_at).date()
    if held_on > timezone.localdate():
        raise ValidationError("Record the meeting once it has taken place.")
    invitations = list(meeting.invitations.select_for_update())
    if set(attended) - {inv.pk for inv in invitations}:
        raise ValidationError(
            {"attended": "Those parents were not invited to this meeting."}
        )
    for invitation in invitations:
        invitation.attended = bool(attended.get(invitation.pk, False))
    Invitation.objects.bulk_update(invitations, ["attended"])
    parents_came = any(invitation.attended for invitation in invitations)

    record = MeetingRecord(
        meeting=meeting,
        parents_attended=parents_came,
        attendance_snapshot=attendance_snapshot(case, held_on),
        sen_status=case.pupil.get_sen_status_display(),
        plan_dates=_plan_dates(case),
        recorded_by=by,
        **{
            name: value.strip() if isinstance(value, str) else value
            for name, value in fields.items()
        },
    )
    errors = {}
    if record.child_voice and not record.child_present:
        errors["child_voice"] = "Record what the child said only if they were there."
    if not parents_came and (
        record.parent_voice or record.impact_on_learning_discussed
    ):
        errors["parent_voice"] = (
            "The parents were not there: record their views from another "
            "conversation as a note on the case."
        )
    actions = [a for a in actions if a.action.strip()]
    if errors:
        raise ValidationError(errors)
    record.full_clean(exclude=["meeting", "recorded_by"])
    record.save()
    AgreedAction.objects.bulk_create(
        AgreedAction(
            record=record, action=a.action.strip(), who=a.who.strip(), by_when=a.by_when
        )
        for a in actions
    )
    did_not_attend = bool(invitations) and not parents_came
    meeting.status = (
        MeetingStatus.PARENTS_DID_NOT_ATTEND if did_not_attend else MeetingStatus.HELD
    )
    meeting.save(update_fields=["status"])
    if meeting.ledger_entry_id:
        offer_save(
            case=case,
            by=by,
            offer=meeting.ledger_entry,
            response=FamilyResponse.ACCEPTED
            if parents_came
            else FamilyResponse.NO_RESPONSE,
            response_on=held_on,
            outcome="Meeting held with the parents."
            if parents_came
            else "The parents did not attend.",
            outcome_on=held_on,
        )
    label = f"{meeting.type_name} on {held_on:%-d %B %Y}"
    event_record(
        case=case,
        kind=MeetingEventKind.RECORDED,
        by=by,
        details={"meeting": meeting.pk, "label": label},
    )
    if parents_came:
        who = ", ".join(str(inv.parent_carer) for inv in invitations if inv.attended)
        event_record(
            case=case,
            kind=EventKind.PARENT_MEETING,
            by=by,
            text=f"{label}, with {who}. See the meeting record.",
            details={"held_on": held_on.isoformat(), "meeting": meeting.pk},
        )
    elif did_not_attend:
        event_record(
            case=case,
            kind=MeetingEventKind.PARENTS_DID_NOT_ATTEND,
            by=by,
            details={"meeting": meeting.pk, "label": label},
        )
    return record


@transaction.atomic
def action_to_target(
    *, action: AgreedAction, plan: Plan, by: AbstractBaseUser
) -> Target:
    """Carry an agreed action into a plan on the same case as a target."""
    meeting = action.record.meeting
    case = _locked_for_writing(meeting.case, by)
    action = AgreedAction.objects.select_for_update().get(pk=action.pk)
    if plan.case_id != case.pk:
        raise ValidationError({"plan": "That plan is not on this case."})
    if action.taken_up:
        raise ValidationError("This action is already in the plan or the ledger.")
    target = target_save(
        plan=plan,
        by=by,
        achieve=action.action,
        owner=action.who,
        end_on=action.by_when,
        review_on=action.by_when,
        comments=f"Agreed at the {meeting.type_name.lower()} on "
        f"{timezone.localtime(meeting.starts_at):%-d %B %Y}.",
    )
    action.target = target
    action.save(update_fields=["target"])
    event_record(
        case=case,
        kind=MeetingEventKind.ACTION_TAKEN_UP,
        by=by,
        details={
            "meeting": meeting.pk,
            "label": f"Target on the plan: {action.action[:80]}",
        },
    )
    return target


@transaction.atomic
def action_to_offer(
    *, action: AgreedAction, kind: str, by: AbstractBaseUser
) -> SupportOffer:
    """Carry an agreed action into the support-first ledger as support offered."""
    meeting = action.record.meeting
    case = _locked_for_writing(meeting.case, by)
    action = AgreedAction.objects.select_for_update().get(pk=action.pk)
    if action.taken_up:
        raise ValidationError("This action is already in the plan or the ledger.")
    if kind not in SupportKind.values or kind == SupportKind.MEETING:
        raise ValidationError({"kind": "Choose the kind of support offered."})
    offer = offer_save(
        case=case,
        by=by,
        kind=kind,
        kind_other=action.action[:200] if kind == SupportKind.OTHER else "",
        offered_on=min(
            timezone.localtime(meeting.starts_at).date(), timezone.localdate()
        ),
        outcome=f"Agreed at the {meeting.type_name.lower()}: {action.action}",
    )
    action.support_offer = offer
    action.save(update_fields=["support_offer"])
    event_record(
        case=case,
        kind=MeetingEventKind.ACTION_TAKEN_UP,
        by=by,
        details={
            "meeting": meeting.pk,
            "label": f"Support offered: {action.action[:80]}",
        },
    )
    return offer
