"""Writes for notices to improve and penalty notices. Each is atomic, locks
the case (and, for a penalty notice, the parent) first, checks who is acting,
refuses with reasons in words, and writes one chronology event."""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cases.models import Case
from cases.permissions import LA_ROLES, case_roles
from cases.selectors import case_shares
from cases.services import case_lock, event_record
from cases.workflow import compulsory_school_age_reasons
from contracts import rules
from contracts.models import (
    NoticeToImprove,
    PenaltyNotice,
    code_of_conduct_for,
)
from contracts.notice_enums import (
    NoticeEventKind,
    NoticeKind,
    NoticeToImproveStatus,
    PenaltyNoticeStatus,
    ServedHow,
    WithdrawalGround,
)
from contracts.notice_rules import (
    can_decide_penalty_notice,
    can_issue_notice_to_improve,
    can_record_penalty_outcome,
    can_request_penalty_notice,
    liable_parents,
    penalty_decision,
    penalty_notice_checks,
)
from plans.attendance_targets import AttendanceGoal, GoalKind
from schools.models import ParentCarer


def _money(amount: Decimal | None) -> str:
    return "" if amount is None else f"£{amount:,.0f}"


def _parent_of_case(case: Case, parent: ParentCarer) -> ParentCarer:
    """The parent, locked, if a notice may go to them on this case."""
    if not liable_parents(case).filter(pk=parent.pk).exists():
        raise ValidationError(
            {"parent": "Choose one of the pupil's parents or carers."}
        )
    return ParentCarer.objects.select_for_update().get(pk=parent.pk)


# --- Notices to improve -------------------------------------------------------


@transaction.atomic
def notice_to_improve_issue(
    *,
    case: Case,
    parent: ParentCarer,
    by: AbstractBaseUser,
    goal_kind: str,
    goal_value: Decimal | None,
    support_so_far: str,
    further_support: str,
    issued_on: date | None = None,
) -> NoticeToImprove:
    """Issue a notice to improve to one parent, with the LA's improvement
    period and a target the register will judge at its end.

    Side effects: the notice, and a ``notice.improve_issued`` event.
    """
    case = case_lock(case)
    if not can_issue_notice_to_improve(by, case):
        raise PermissionDenied("You cannot issue a notice to improve on this case.")
    parent = _parent_of_case(case, parent)
    age = compulsory_school_age_reasons(case, "a notice to improve")
    if age:
        raise ValidationError(age)
    errors = {}
    if not support_so_far.strip():
        errors["support_so_far"] = "Say what support was offered so far."
    if not further_support.strip():
        errors["further_support"] = "Say what further support is offered now."
    issued_on = issued_on or timezone.localdate()
    weeks = code_of_conduct_for(case.school.local_authority).improvement_weeks
    ends_on = issued_on + timedelta(weeks=weeks)
    try:
        AttendanceGoal(
            key=None,
            pupil_id=case.pupil_id,
            school_id=case.school_id,
            kind=goal_kind,
            value=None if goal_kind == GoalKind.NO_UNAUTHORISED else goal_value,
            start_on=issued_on,
            end_on=ends_on,
        )
    except (ValueError, TypeError):
        errors["goal_value"] = (
            "Give the attendance (0 to 100 %, one decimal place at most) or the "
            "number of late marks this target needs."
        )
    if errors:
        raise ValidationError(errors)
    notice = NoticeToImprove.objects.create(
        case=case,
        parent=parent,
        issued_on=issued_on,
        improvement_weeks=weeks,
        ends_on=ends_on,
        goal_kind=goal_kind,
        goal_value=None if goal_kind == GoalKind.NO_UNAUTHORISED else goal_value,
        support_so_far=support_so_far.strip(),
        further_support=further_support.strip(),
        issued_by=by,
    )
    event_record(
        case=case,
        kind=NoticeEventKind.NTI_ISSUED,
        by=by,
        text=f"To {parent}: {notice.goal_text()} by {ends_on:%-d %B %Y}.",
        details={"notice": notice.pk, "parent": parent.pk, "ends_on": str(ends_on)},
    )
    return notice


@transaction.atomic
def notice_to_improve_withdraw(
    *, notice: NoticeToImprove, by: AbstractBaseUser, reason: str
) -> NoticeToImprove:
    """Withdraw a notice to improve, with the reason. Side effects: a
    ``notice.improve_withdrawn`` event."""
    case = case_lock(notice.case)
    notice = NoticeToImprove.objects.select_for_update().get(pk=notice.pk)
    if not can_issue_notice_to_improve(by, case):
        raise PermissionDenied("You cannot withdraw this notice.")
    if notice.is_withdrawn:
        raise ValidationError("This notice is already withdrawn.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the notice is withdrawn."})
    notice.status = NoticeToImproveStatus.WITHDRAWN
    notice.withdrawn_reason = reason.strip()
    notice.save(update_fields=["status", "withdrawn_reason"])
    event_record(
        case=case,
        kind=NoticeEventKind.NTI_WITHDRAWN,
        by=by,
        text=reason.strip(),
        details={"notice": notice.pk, "parent": notice.parent_id},
    )
    return notice


# --- Penalty notices ----------------------------------------------------------


@transaction.atomic
def penalty_notice_request(
    *,
    case: Case,
    parent: ParentCarer,
    by: AbstractBaseUser,
    kind: str,
    grounds: str,
    equality_note: str,
    term_time_holiday: bool = False,
) -> PenaltyNotice:
    """The school asks the LA to issue a penalty notice to one parent.

    The checks (``notice_rules.penalty_notice_checks``) are run under the
    locks and kept with the request; one that blocks refuses it.
    Side effects: the request, and a ``notice.penalty_requested`` event.
    """
    case = case_lock(case)
    if not can_request_penalty_notice(by, case):
        raise PermissionDenied("You cannot request a penalty notice on this case.")
    parent = _parent_of_case(case, parent)
    if kind not in NoticeKind.values:
        raise ValidationError({"kind": "Choose the kind of notice."})
    errors = {}
    if not grounds.strip():
        errors["grounds"] = "Say why a penalty notice is the right step now."
    if not equality_note.strip():
        errors["equality_note"] = (
            "Record the Equality Act considerations: what was weighed, even if "
            "nothing applies."
        )
    if errors:
        raise ValidationError(errors)
    if not case.school.local_authority_id or not _shared_with_la(case):
        raise ValidationError(
            f"Share the case with {case.school.local_authority} first: it decides "
            "on the request."
        )
    if PenaltyNotice.objects.filter(
        case=case, parent=parent, status=PenaltyNoticeStatus.REQUESTED
    ).exists():
        raise ValidationError(
            "A request for a penalty notice to this parent is already waiting for "
            "a decision."
        )
    today = timezone.localdate()
    checks = penalty_notice_checks(
        case=case,
        parent=parent,
        kind=kind,
        term_time_holiday=term_time_holiday,
        on=today,
    )
    blocking = [check.detail for check in checks if check.blocks]
    if blocking:
        raise ValidationError(blocking)
    notice = PenaltyNotice.objects.create(
        case=case,
        parent=parent,
        kind=kind,
        requested_by=by,
        grounds=grounds.strip(),
        equality_note=equality_note.strip(),
        term_time_holiday=term_time_holiday,
        checks=[check.as_dict() for check in checks],
    )
    event_record(
        case=case,
        kind=NoticeEventKind.PN_REQUESTED,
        by=by,
        text=f"To {parent}.",
        details={"notice": notice.pk, "parent": parent.pk, "kind": kind},
    )
    return notice


def _shared_with_la(case: Case) -> bool:
    return bool(case_shares(case))


def _locked(notice: PenaltyNotice) -> tuple[Case, PenaltyNotice]:
    case = case_lock(notice.case)
    ParentCarer.objects.select_for_update().get(pk=notice.parent_id)
    notice = PenaltyNotice.objects.select_for_update().get(pk=notice.pk)
    notice.case = case
    return case, notice


@transaction.atomic
def penalty_notice_decline(
    *, notice: PenaltyNotice, by: AbstractBaseUser, note: str
) -> PenaltyNotice:
    """Decline the school's request, with reasons. Side effects: a
    ``notice.penalty_declined`` event."""
    case, notice = _locked(notice)
    if not can_decide_penalty_notice(by, notice):
        raise PermissionDenied("You cannot decide on this request.")
    if notice.status != PenaltyNoticeStatus.REQUESTED:
        raise ValidationError("This request has already been decided.")
    if not note.strip():
        raise ValidationError({"note": "Say why the request is declined."})
    notice.decline()
    notice.decided_by, notice.decided_at = by, timezone.now()
    notice.decision_note = note.strip()
    notice.save()
    event_record(
        case=case,
        kind=NoticeEventKind.PN_DECLINED,
        by=by,
        text=note.strip(),
        details={"notice": notice.pk, "parent": notice.parent_id},
    )
    return notice


@transaction.atomic
def penalty_notice_issue(
    *,
    notice: PenaltyNotice,
    by: AbstractBaseUser,
    issued_on: date,
    served_how: str,
    received_on: date | None = None,
    note: str = "",
) -> PenaltyNotice:
    """Issue the requested notice. The cap and the amounts are decided again
    here, under the parent's lock, so two notices for one parent and pupil
    cannot both pass. A posted notice's receipt is deemed from the LA's code
    of conduct unless the day is known.

    Side effects: a ``notice.penalty_issued`` event.
    """
    case, notice = _locked(notice)
    if not can_decide_penalty_notice(by, notice):
        raise PermissionDenied("You cannot issue this notice.")
    if notice.status != PenaltyNoticeStatus.REQUESTED:
        raise ValidationError("This request has already been decided.")
    if served_how not in ServedHow.values:
        raise ValidationError({"served_how": "Say how the notice is served."})
    today = timezone.localdate()
    if issued_on > today:
        raise ValidationError({"issued_on": "The issue date cannot be in the future."})
    age = compulsory_school_age_reasons(case, "a penalty notice")
    if age and notice.kind == NoticeKind.ATTENDANCE:
        raise ValidationError(age)
    decision = penalty_decision(
        notice.parent, case, issued_on, notice.kind, excluding=notice.pk
    )
    if not decision.may_issue:
        raise ValidationError(list(decision.reasons))
    code = code_of_conduct_for(case.school.local_authority)
    deemed = False
    if received_on is None:
        if served_how == ServedHow.BY_HAND:
            received_on = issued_on
        else:
            received_on, deemed = code.deemed_received_on(issued_on), True
    if received_on < issued_on:
        raise ValidationError(
            {"received_on": "A notice cannot be received before it is issued."}
        )
    notice.issue()
    notice.decided_by, notice.decided_at = by, timezone.now()
    notice.decision_note = note.strip()
    notice.issued_on, notice.served_how = issued_on, served_how
    notice.received_on, notice.receipt_deemed = received_on, deemed
    notice.full_amount = decision.full_amount
    notice.reduced_amount = decision.reduced_amount
    notice.save()
    reduced = (
        f", reduced to {_money(decision.reduced_amount)} if paid within "
        f"{rules.REDUCED_WITHIN_DAYS} days"
        if decision.reduced_amount
        else ", no reduction"
    )
    event_record(
        case=case,
        kind=NoticeEventKind.PN_ISSUED,
        by=by,
        text=f"To {notice.parent}: {_money(decision.full_amount)}{reduced}.",
        details={
            "notice": notice.pk,
            "parent": notice.parent_id,
            "issued_on": str(issued_on),
            "received_on": str(received_on),
        },
    )
    return notice


@transaction.atomic
def penalty_notice_paid(
    *, notice: PenaltyNotice, by: AbstractBaseUser, paid_on: date
) -> PenaltyNotice:
    """Record payment: at the reduced amount when the notice has one and it
    was paid within 21 days of receipt, otherwise in full. Side effects: a
    ``notice.penalty_paid`` event."""
    case, notice = _locked(notice)
    if not can_record_penalty_outcome(by, notice):
        raise PermissionDenied("You cannot record payment of this notice.")
    if notice.status not in (PenaltyNoticeStatus.ISSUED, PenaltyNoticeStatus.UNPAID):
        raise ValidationError("Only an issued, unpaid notice can be paid.")
    if paid_on < notice.issued_on or paid_on > timezone.localdate():
        raise ValidationError(
            {"paid_on": "The payment date is between the issue date and today."}
        )
    reduced_by, _ = notice.payment_dates()
    if (
        notice.reduced_amount is not None
        and notice.status == PenaltyNoticeStatus.ISSUED
        and paid_on <= reduced_by
    ):
        notice.pay_reduced()
        amount = notice.reduced_amount
    else:
        notice.pay_full()
        amount = notice.full_amount
    notice.paid_on = paid_on
    notice.save()
    event_record(
        case=case,
        kind=NoticeEventKind.PN_PAID,
        by=by,
        text=f"{notice.parent} paid {_money(amount)} on {paid_on:%-d %B %Y}.",
        details={"notice": notice.pk, "parent": notice.parent_id},
    )
    return notice


@transaction.atomic
def penalty_notice_unpaid(
    *, notice: PenaltyNotice, by: AbstractBaseUser
) -> PenaltyNotice:
    """Record that the notice was not paid within 28 days of receipt; the LA
    then decides to prosecute or withdraw. Side effects: a
    ``notice.penalty_unpaid`` event."""
    case, notice = _locked(notice)
    if not can_record_penalty_outcome(by, notice):
        raise PermissionDenied("You cannot record the outcome of this notice.")
    if notice.status != PenaltyNoticeStatus.ISSUED:
        raise ValidationError("Only an issued notice can be recorded as unpaid.")
    _, payable_by = notice.payment_dates()
    if timezone.localdate() <= payable_by:
        raise ValidationError(
            f"The notice may still be paid until {payable_by:%-d %B %Y}."
        )
    notice.mark_unpaid()
    notice.save()
    event_record(
        case=case,
        kind=NoticeEventKind.PN_UNPAID,
        by=by,
        text=f"Not paid by {payable_by:%-d %B %Y}: the LA decides what follows.",
        details={"notice": notice.pk, "parent": notice.parent_id},
    )
    return notice


@transaction.atomic
def penalty_notice_withdraw(
    *, notice: PenaltyNotice, by: AbstractBaseUser, ground: str, note: str
) -> PenaltyNotice:
    """Withdraw the notice on one of the framework's grounds. A withdrawn
    notice no longer counts towards the cap. Side effects: a
    ``notice.penalty_withdrawn`` event."""
    case, notice = _locked(notice)
    if not can_record_penalty_outcome(by, notice):
        raise PermissionDenied("You cannot withdraw this notice.")
    if ground not in WithdrawalGround.values:
        raise ValidationError({"ground": "Choose the ground for withdrawal."})
    if (
        ground == WithdrawalGround.UNPAID_NOT_PROSECUTED
        and notice.status != PenaltyNoticeStatus.UNPAID
    ):
        raise ValidationError(
            {"ground": "Only a notice recorded as unpaid is withdrawn on that ground."}
        )
    if notice.status not in (PenaltyNoticeStatus.ISSUED, PenaltyNoticeStatus.UNPAID):
        raise ValidationError("Only an issued or unpaid notice can be withdrawn.")
    if not note.strip():
        raise ValidationError({"note": "Say what happened."})
    notice.withdraw()
    notice.withdrawal_ground, notice.outcome_note = ground, note.strip()
    notice.save()
    event_record(
        case=case,
        kind=NoticeEventKind.PN_WITHDRAWN,
        by=by,
        text=f"{WithdrawalGround(ground).label}. {note.strip()}",
        details={"notice": notice.pk, "parent": notice.parent_id, "ground": ground},
    )
    return notice


@transaction.atomic
def penalty_notice_prosecute(
    *, notice: PenaltyNotice, by: AbstractBaseUser, note: str
) -> PenaltyNotice:
    """The LA decides to prosecute for an unpaid notice. Only LA staff decide
    to prosecute. Side effects: a ``notice.penalty_prosecuted`` event."""
    case, notice = _locked(notice)
    if not case_roles(by, case) & LA_ROLES:
        raise PermissionDenied("Only the local authority decides to prosecute.")
    if notice.status != PenaltyNoticeStatus.UNPAID:
        raise ValidationError("Only an unpaid notice can lead to prosecution.")
    if not note.strip():
        raise ValidationError({"note": "Record the decision and its reasons."})
    notice.refer_for_prosecution()
    notice.outcome_note = note.strip()
    notice.save()
    event_record(
        case=case,
        kind=NoticeEventKind.PN_PROSECUTED,
        by=by,
        text=note.strip(),
        details={"notice": notice.pk, "parent": notice.parent_id},
    )
    return notice
