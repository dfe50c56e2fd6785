"""Writes for education supervision orders and prosecution referrals. Each is
atomic and keyword-only, locks the case first, checks who is acting, refuses
with reasons in words (nothing written), and writes one chronology event."""

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cases.enums import Stage
from cases.models import Case
from cases.selectors import la_practitioners
from cases.services import case_lock, event_record
from cases.workflow import eso_eligibility_reasons
from contracts.models import PenaltyNotice
from contracts.notice_enums import PenaltyNoticeStatus
from contracts.notice_rules import liable_parents
from legal import rules
from legal.enums import (
    CourtOutcome,
    EsoStatus,
    ExtensionStatus,
    LegalStepEventKind,
    Offence,
)
from legal.models import (
    EducationSupervisionOrder,
    EsoExtension,
    EsoNonCompliance,
    ProsecutionOutcome,
    ProsecutionReferral,
)
from legal.permissions import can_prepare_referral, can_record_eso
from schools.models import ParentCarer

ESO_REFUSAL = "Only the LA's staff on the shared case record an ESO."
REFERRAL_REFUSAL = "Only the LA legal officer on the shared case prepares a referral."


def _day(value: date) -> str:
    return f"{value:%-d %B %Y}"


def _not_future(field: str, value: date, what: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: f"{what} cannot be in the future."})


def _locked(record, by: AbstractBaseUser, may, refusal: str):
    """The record's case and the record, both read again under row locks,
    once ``may(by, case)`` allows ``by`` to change them."""
    case = case_lock(record.case)
    if not may(by, case):
        raise PermissionDenied(refusal)
    record = type(record).objects.select_for_update().get(pk=record.pk)
    record.case = case
    return case, record


def _locked_order(
    order: EducationSupervisionOrder, by: AbstractBaseUser
) -> tuple[Case, EducationSupervisionOrder]:
    return _locked(order, by, can_record_eso, ESO_REFUSAL)


def _officer_problem(case: Case, officer: AbstractBaseUser) -> str:
    if not la_practitioners(case).filter(pk=officer.pk).exists():
        return (
            "The supervising officer must be on the staff of "
            f"{case.school.local_authority}."
        )
    return ""


@transaction.atomic
def eso_application_record(
    *,
    case: Case,
    by: AbstractBaseUser,
    applied_on: date,
    supervising_officer: AbstractBaseUser,
    court: str,
    hearing_on: date | None = None,
) -> EducationSupervisionOrder:
    """Record the LA's application to the Family Court, on a case at the ESO
    stage. Refused for a child not of compulsory school age or subject to a
    care order, and while another application or order is live."""
    case = case_lock(case)
    if not can_record_eso(by, case):
        raise PermissionDenied(ESO_REFUSAL)
    if case.stage != Stage.ESO:
        raise ValidationError(
            "Take the step “Apply for an education supervision order” on the case "
            "first."
        )
    reasons = eso_eligibility_reasons(case)
    if reasons:
        raise ValidationError(reasons)
    if case.supervision_orders.filter(
        status__in=[EsoStatus.APPLIED, EsoStatus.MADE]
    ).exists():
        raise ValidationError("This case already has an ESO applied for or in force.")
    _not_future("applied_on", applied_on, "The date of the application")
    if problem := _officer_problem(case, supervising_officer):
        raise ValidationError({"supervising_officer": problem})
    if hearing_on is not None and hearing_on < applied_on:
        raise ValidationError(
            {"hearing_on": "The hearing cannot be before the application."}
        )
    if not court.strip():
        raise ValidationError({"court": "Name the court."})
    order = EducationSupervisionOrder.objects.create(
        case=case,
        applied_on=applied_on,
        supervising_officer=supervising_officer,
        court=court.strip(),
        hearing_on=hearing_on,
        recorded_by=by,
    )
    event_record(
        case=case,
        kind=LegalStepEventKind.ESO_APPLIED,
        by=by,
        text=f"Applied on {_day(applied_on)} to {order.court}. Supervising officer: "
        f"{supervising_officer.get_full_name() or supervising_officer.get_username()}.",
        details={"order": order.pk},
    )
    return order


@transaction.atomic
def eso_hearing_set(
    *, order: EducationSupervisionOrder, by: AbstractBaseUser, hearing_on: date
) -> EducationSupervisionOrder:
    case, order = _locked_order(order, by)
    if order.status != EsoStatus.APPLIED:
        raise ValidationError("The court has already decided this application.")
    if hearing_on < order.applied_on:
        raise ValidationError(
            {"hearing_on": "The hearing cannot be before the application."}
        )
    order.hearing_on = hearing_on
    order.save(update_fields=["hearing_on"])
    event_record(
        case=case,
        kind=LegalStepEventKind.ESO_HEARING,
        by=by,
        text=f"Hearing on {_day(hearing_on)} at {order.court}.",
        details={"order": order.pk},
    )
    return order


DECISIONS = {
    EsoStatus.MADE: ("make", LegalStepEventKind.ESO_MADE),
    EsoStatus.REFUSED: ("refuse", LegalStepEventKind.ESO_REFUSED),
    EsoStatus.WITHDRAWN: ("withdraw", LegalStepEventKind.ESO_WITHDRAWN),
}


@transaction.atomic
def eso_decision_record(
    *,
    order: EducationSupervisionOrder,
    by: AbstractBaseUser,
    decision: str,
    decided_on: date,
    court_reference: str = "",
    note: str = "",
) -> EducationSupervisionOrder:
    """The court makes or refuses the order, or the LA withdraws its
    application. An order made is re-checked against the pupil's eligibility
    on the day it is recorded."""
    case, order = _locked_order(order, by)
    if decision not in DECISIONS:
        raise ValidationError({"decision": "Choose what the court decided."})
    if order.status != EsoStatus.APPLIED:
        raise ValidationError("This application has already been decided.")
    _not_future("decided_on", decided_on, "The date of the decision")
    if decided_on < order.applied_on:
        raise ValidationError(
            {"decided_on": "The decision cannot be before the application."}
        )
    if decision == EsoStatus.MADE:
        if reasons := eso_eligibility_reasons(case):
            raise ValidationError(reasons)
        if not court_reference.strip():
            raise ValidationError(
                {"court_reference": "Give the court's reference for the order."}
            )
    method, kind = DECISIONS[decision]
    getattr(order, method)()
    order.decided_on = decided_on
    order.court_reference = court_reference.strip()
    order.decision_note = note.strip()
    order.save()
    text = f"{EsoStatus(decision).label} on {_day(decided_on)}."
    if decision == EsoStatus.MADE:
        period = order.period(granted_years=())
        text += (
            f" In force until {_day(period.last_day)}; first review due "
            f"{_day(period.reviews_due[0])}."
        )
    event_record(
        case=case,
        kind=kind,
        by=by,
        text=" ".join(filter(None, [text, note.strip()])),
        details={"order": order.pk},
    )
    return order


@transaction.atomic
def eso_officer_change(
    *,
    order: EducationSupervisionOrder,
    by: AbstractBaseUser,
    supervising_officer: AbstractBaseUser,
) -> EducationSupervisionOrder:
    case, order = _locked_order(order, by)
    if order.status not in (EsoStatus.APPLIED, EsoStatus.MADE):
        raise ValidationError("This order is no longer live.")
    if problem := _officer_problem(case, supervising_officer):
        raise ValidationError({"supervising_officer": problem})
    order.supervising_officer = supervising_officer
    order.save(update_fields=["supervising_officer"])
    event_record(
        case=case,
        kind=LegalStepEventKind.ESO_OFFICER,
        by=by,
        text=supervising_officer.get_full_name() or supervising_officer.get_username(),
        details={"order": order.pk},
    )
    return order


def _live_period(order: EducationSupervisionOrder, today: date) -> rules.OrderPeriod:
    period = order.period()
    if period is None or not order.in_force_on(today, period):
        raise ValidationError("The order is not in force.")
    return period


@transaction.atomic
def eso_extension_apply(
    *,
    order: EducationSupervisionOrder,
    by: AbstractBaseUser,
    applied_on: date,
    years: int,
) -> EsoExtension:
    """An application to extend the order, made in its last three months, for
    one to three years. One application at a time."""
    case, order = _locked_order(order, by)
    if order.status != EsoStatus.MADE:
        raise ValidationError("Only an order that was made can be extended.")
    _not_future("applied_on", applied_on, "The date of the application")
    if not 1 <= years <= rules.MAX_EXTENSION_YEARS:
        raise ValidationError({"years": "An extension is for one to three years."})
    if order.extensions.filter(status=ExtensionStatus.APPLIED).exists():
        raise ValidationError("An extension is already waiting for the court.")
    if problem := rules.extension_application_problem(order.period(), applied_on):
        raise ValidationError({"applied_on": problem})
    extension = EsoExtension.objects.create(
        order=order, applied_on=applied_on, years=years, recorded_by=by
    )
    event_record(
        case=case,
        kind=LegalStepEventKind.ESO_EXTENSION_APPLIED,
        by=by,
        text=f"Applied on {_day(applied_on)} to extend the order by {years} "
        f"year{'s' if years > 1 else ''}.",
        details={"order": order.pk, "extension": extension.pk},
    )
    return extension


@transaction.atomic
def eso_extension_decide(
    *,
    extension: EsoExtension,
    by: AbstractBaseUser,
    granted: bool,
    decided_on: date,
) -> EsoExtension:
    case, order = _locked_order(extension.order, by)
    extension = EsoExtension.objects.select_for_update().get(pk=extension.pk)
    if extension.status != ExtensionStatus.APPLIED:
        raise ValidationError("The court has already decided this extension.")
    _not_future("decided_on", decided_on, "The date of the decision")
    if decided_on < extension.applied_on:
        raise ValidationError(
            {"decided_on": "The decision cannot be before the application."}
        )
    extension.status = ExtensionStatus.GRANTED if granted else ExtensionStatus.REFUSED
    extension.decided_on = decided_on
    extension.save(update_fields=["status", "decided_on"])
    text = f"{extension.get_status_display()} on {_day(decided_on)}."
    if granted:
        text += f" The order is now in force until {_day(order.period().last_day)}."
    event_record(
        case=case,
        kind=LegalStepEventKind.ESO_EXTENSION_DECIDED,
        by=by,
        text=text,
        details={"order": order.pk, "extension": extension.pk, "granted": granted},
    )
    return extension


@transaction.atomic
def eso_non_compliance_record(
    *,
    order: EducationSupervisionOrder,
    by: AbstractBaseUser,
    noted_on: date,
    what_happened: str,
    action_taken: str,
) -> EsoNonCompliance:
    case, order = _locked_order(order, by)
    if order.status != EsoStatus.MADE:
        raise ValidationError("Non-compliance is recorded against an order in force.")
    _not_future("noted_on", noted_on, "The date")
    if noted_on < order.decided_on:
        raise ValidationError({"noted_on": "The date is before the order was made."})
    errors = {}
    if not what_happened.strip():
        errors["what_happened"] = "Say what the parents persistently failed to do."
    if not action_taken.strip():
        errors["action_taken"] = "Say what the LA did about it."
    if errors:
        raise ValidationError(errors)
    record = EsoNonCompliance.objects.create(
        order=order,
        noted_on=noted_on,
        what_happened=what_happened.strip(),
        action_taken=action_taken.strip(),
        recorded_by=by,
    )
    event_record(
        case=case,
        kind=LegalStepEventKind.ESO_NON_COMPLIANCE,
        by=by,
        text=f"{record.what_happened} Action: {record.action_taken}",
        details={"order": order.pk, "non_compliance": record.pk},
    )
    return record


@transaction.atomic
def eso_discharge(
    *,
    order: EducationSupervisionOrder,
    by: AbstractBaseUser,
    discharged_on: date,
    note: str,
) -> EducationSupervisionOrder:
    case, order = _locked_order(order, by)
    if order.status != EsoStatus.MADE:
        raise ValidationError("Only an order in force can be discharged.")
    _not_future("discharged_on", discharged_on, "The date of the discharge")
    if discharged_on < order.decided_on:
        raise ValidationError(
            {"discharged_on": "The date is before the order was made."}
        )
    if not note.strip():
        raise ValidationError({"note": "Say why the court discharged the order."})
    order.discharge()
    order.discharged_on = discharged_on
    order.decision_note = "\n\n".join(filter(None, [order.decision_note, note.strip()]))
    order.save()
    event_record(
        case=case,
        kind=LegalStepEventKind.ESO_DISCHARGED,
        by=by,
        text=f"Discharged on {_day(discharged_on)}. {note.strip()}",
        details={"order": order.pk},
    )
    return order


# Prosecution.


@transaction.atomic
def referral_prepare(
    *,
    case: Case,
    by: AbstractBaseUser,
    offence: str,
    parents: list[ParentCarer],
    support_summary: str,
    eso_consideration: str,
    court: str,
    knowledge_evidence: str = "",
    penalty_notice: PenaltyNotice | None = None,
    hearing_on: date | None = None,
) -> ProsecutionReferral:
    """The LA legal officer's referral, on a case referred for prosecution."""
    case = case_lock(case)
    if not can_prepare_referral(by, case):
        raise PermissionDenied(REFERRAL_REFUSAL)
    if case.stage != Stage.PROSECUTION_REFERRAL:
        raise ValidationError(
            "Take the step “Refer for prosecution” on the case first."
        )
    errors = {}
    if offence not in Offence.values:
        errors["offence"] = "Choose the offence."
    elif offence == Offence.S444_1A and not knowledge_evidence.strip():
        errors["knowledge_evidence"] = (
            "Section 444(1A) needs evidence that the parent knew of the absence and "
            "failed to act."
        )
    liable = {parent.pk for parent in liable_parents(case)}
    if not parents:
        errors["parents"] = "Choose the parent or parents to be prosecuted."
    elif any(parent.pk not in liable for parent in parents):
        errors["parents"] = (
            "Only a parent of this pupil with parental responsibility or "
            "day-to-day care can be prosecuted."
        )
    if not support_summary.strip():
        errors["support_summary"] = "Summarise the support offered and refused."
    if not eso_consideration.strip():
        errors["eso_consideration"] = (
            "Record how an ESO was considered, or the ESO's history."
        )
    if not court.strip():
        errors["court"] = "Name the court."
    if penalty_notice is not None:
        # Read afresh: the caller's copy may predate the LA's decision.
        penalty_notice = (
            PenaltyNotice.objects.filter(
                pk=penalty_notice.pk, case=case, status=PenaltyNoticeStatus.PROSECUTED
            ).first()
            or penalty_notice
        )
        if (
            penalty_notice.case_id != case.pk
            or penalty_notice.status != PenaltyNoticeStatus.PROSECUTED
        ):
            errors["penalty_notice"] = (
                "Choose a penalty notice on this case that the LA decided to prosecute."
            )
        elif penalty_notice.parent_id not in {parent.pk for parent in parents}:
            errors["penalty_notice"] = (
                "The parent the penalty notice was issued to must be among the "
                "parents prosecuted."
            )
    if errors:
        raise ValidationError(errors)
    referral = ProsecutionReferral.objects.create(
        case=case,
        offence=offence,
        knowledge_evidence=knowledge_evidence.strip(),
        support_summary=support_summary.strip(),
        eso_consideration=eso_consideration.strip(),
        penalty_notice=penalty_notice,
        court=court.strip(),
        hearing_on=hearing_on,
        prepared_by=by,
    )
    referral.parents.set(parents)
    names = ", ".join(str(parent) for parent in parents)
    event_record(
        case=case,
        kind=LegalStepEventKind.REFERRAL_PREPARED,
        by=by,
        text=f"{Offence(offence).label}. Parents: {names}. Court: {referral.court}.",
        details={"referral": referral.pk},
    )
    return referral


def _locked_referral(
    referral: ProsecutionReferral, by: AbstractBaseUser
) -> tuple[Case, ProsecutionReferral]:
    return _locked(referral, by, can_prepare_referral, REFERRAL_REFUSAL)


@transaction.atomic
def referral_hearing_set(
    *, referral: ProsecutionReferral, by: AbstractBaseUser, hearing_on: date
) -> ProsecutionReferral:
    case, referral = _locked_referral(referral, by)
    referral.hearing_on = hearing_on
    referral.save(update_fields=["hearing_on"])
    event_record(
        case=case,
        kind=LegalStepEventKind.REFERRAL_HEARING,
        by=by,
        text=f"Hearing on {_day(hearing_on)} at {referral.court}.",
        details={"referral": referral.pk},
    )
    return referral


@transaction.atomic
def outcome_record(
    *,
    referral: ProsecutionReferral,
    by: AbstractBaseUser,
    parent: ParentCarer,
    outcome: str,
    decided_on: date,
    court_reference: str,
    fine: Decimal | None = None,
    with_parenting_order: bool = False,
    next_hearing_on: date | None = None,
    note: str = "",
) -> ProsecutionOutcome:
    """One decision of the court for one parent, checked against what the
    court could give for the offence (``legal.rules.outcome_problems``)."""
    case, referral = _locked_referral(referral, by)
    errors = {}
    if not referral.parents.filter(pk=parent.pk).exists():
        errors["parent"] = "This parent is not part of the referral."
    if outcome not in CourtOutcome.values:
        errors["outcome"] = "Choose the court's decision."
    else:
        errors.update(rules.outcome_problems(referral.offence, outcome, fine))
    if decided_on > timezone.localdate():
        errors["decided_on"] = "The date of the decision cannot be in the future."
    elif decided_on < timezone.localdate(referral.prepared_at):
        errors["decided_on"] = "The decision cannot be before the referral."
    if not court_reference.strip():
        errors["court_reference"] = "Give the court's reference."
    if outcome == CourtOutcome.ADJOURNED:
        if next_hearing_on is None:
            errors["next_hearing_on"] = "Give the date of the next hearing."
        elif next_hearing_on <= decided_on:
            errors["next_hearing_on"] = "The next hearing is after the adjournment."
    elif next_hearing_on is not None:
        errors["next_hearing_on"] = "A next hearing goes only with an adjournment."
    if with_parenting_order and outcome in (
        CourtOutcome.PARENTING_ORDER,
        CourtOutcome.WITHDRAWN,
        CourtOutcome.NOT_GUILTY,
        CourtOutcome.ADJOURNED,
    ):
        errors["with_parenting_order"] = (
            "A parenting order is added only to a conviction's sentence."
        )
    if errors:
        raise ValidationError(errors)
    recorded = ProsecutionOutcome.objects.create(
        referral=referral,
        parent=parent,
        outcome=outcome,
        decided_on=decided_on,
        court_reference=court_reference.strip(),
        fine=fine if outcome == CourtOutcome.FINE else None,
        with_parenting_order=with_parenting_order,
        next_hearing_on=next_hearing_on,
        note=note.strip(),
        recorded_by=by,
    )
    if next_hearing_on is not None:
        referral.hearing_on = next_hearing_on
        referral.save(update_fields=["hearing_on"])
    text = f"{str(parent)}: {recorded.get_outcome_display()}"
    if recorded.fine is not None:
        text += f" (£{recorded.fine:,.2f})"
    if with_parenting_order:
        text += " with a parenting order"
    text += f", {_day(decided_on)}, ref. {recorded.court_reference}."
    if next_hearing_on is not None:
        text += f" Next hearing {_day(next_hearing_on)}."
    event_record(
        case=case,
        kind=LegalStepEventKind.OUTCOME_RECORDED,
        by=by,
        text=" ".join(filter(None, [text, note.strip()])),
        details={"referral": referral.pk, "outcome": recorded.pk, "parent": parent.pk},
    )
    return recorded
