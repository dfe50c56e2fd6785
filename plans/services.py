"""Every write to plans, targets, reviews and the support-first ledger.

Each service is atomic, locks the case row, checks the user's permission on the
case itself (``can_record_on_case``) and writes its chronology event in the
same transaction. Family members must be the pupil's own parents and carers.
"""

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from cases.enums import Stage
from cases.models import Case, CaseEvent
from cases.permissions import can_record_on_case
from cases.services import case_lock, event_record
from plans.enums import (
    Achieved,
    FamilyResponse,
    PlanEventKind,
    PlanKind,
    ReviewDecision,
    SupportKind,
)
from plans.lifecycle import plan_blockers
from plans.models import (
    Plan,
    Review,
    ReviewTargetOutcome,
    SupportOffer,
    Target,
)
from plans.selectors import draft_of
from plans.smart import blocks_activation, smart_advice
from schools.models import ParentCarer

# Which plans belong at which stages of a case.
PLAN_STAGES: dict[str, tuple[str, ...]] = {
    PlanKind.SUPPORT: (Stage.CONCERN, Stage.EARLY_HELP),
    PlanKind.EARLY_HELP: (Stage.CONCERN, Stage.EARLY_HELP),
    PlanKind.CONTRACT: (
        Stage.EARLY_HELP,
        Stage.PARENTING_CONTRACT,
        Stage.ESO,
        Stage.PROSECUTION_REFERRAL,
    ),
}


def _check_recorder(case: Case, by: AbstractBaseUser) -> Case:
    case = case_lock(case)
    if not can_record_on_case(by, case):
        raise PermissionDenied("You cannot change this case's plans.")
    return case


def _check_family(case: Case, family_members: Iterable[ParentCarer]) -> list:
    members = list(family_members)
    own = set(case.pupil.carer_relationships.values_list("parent_carer_id", flat=True))
    strangers = [member for member in members if member.pk not in own]
    if strangers:
        raise ValidationError(
            {
                "family_members": f"{strangers[0]} is not one of "
                f"{case.pupil.display_name}'s parents or carers."
            }
        )
    return members


@transaction.atomic
def plan_create(
    *,
    case: Case,
    by: AbstractBaseUser,
    kind: str,
    start_on: date,
    lead_practitioner: AbstractBaseUser | None = None,
    involves_pupil: bool = True,
    family_members: Iterable[ParentCarer] = (),
    review_every_weeks: int = 6,
) -> Plan:
    """Draft a plan. It becomes active with ``plan_activate``."""
    case = _check_recorder(case, by)
    if case.stage not in PLAN_STAGES.get(kind, ()):
        stages = ", ".join(
            str(Stage(stage).label).lower() for stage in PLAN_STAGES.get(kind, ())
        )
        raise ValidationError(
            {
                "kind": f"A {PlanKind(kind).label.lower()} belongs at the {stages} "
                "stages."
            }
        )
    members = _check_family(case, family_members)
    plan = Plan(
        case=case,
        kind=kind,
        start_on=start_on,
        lead_practitioner=lead_practitioner,
        involves_pupil=involves_pupil,
        review_every_weeks=review_every_weeks,
        created_by=by,
    )
    # The status is the life cycle's (a protected field): a new plan is a draft.
    plan.full_clean(exclude=["status"])
    plan.save()
    plan.family_members.set(members)
    event_record(
        case=case,
        kind=PlanEventKind.PLAN_CREATED,
        by=by,
        details={"plan": plan.pk, "label": plan.get_kind_display()},
    )
    return plan


def _editable(plan: Plan, by: AbstractBaseUser) -> Plan:
    _check_recorder(plan.case, by)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_editable:
        raise ValidationError(
            f"This plan is {plan.get_status_display().lower()}: it can no longer "
            "be changed."
        )
    return plan


TARGET_FIELDS = (
    "achieve",
    "applies_to_pupil",
    "outcomes",
    "actions",
    "owner",
    "intervention",
    "start_on",
    "review_on",
    "end_on",
    "comments",
    "goal_kind",
    "goal_value",
)


@transaction.atomic
def target_save(
    *,
    plan: Plan,
    by: AbstractBaseUser,
    target: Target | None = None,
    family_members: Iterable[ParentCarer] = (),
    **fields,
) -> Target:
    """Add a target to a plan, or change one. SMART advice is shown, not enforced
    here: only making the plan active requires a measure and a date."""
    plan = _editable(plan, by)
    unknown = set(fields) - set(TARGET_FIELDS)
    if unknown:
        raise ValueError(f"Not target fields: {sorted(unknown)}")
    if target is not None and target.plan_id != plan.pk:
        raise ValidationError("That target is not on this plan.")
    members = _check_family(plan.case, family_members)
    target = target or Target(plan=plan)
    for name, value in fields.items():
        setattr(target, name, value)
    target.full_clean()
    if plan.is_live and target_advice_blocks(target):
        raise ValidationError(
            "An active plan's targets need a measure and a date: add them before "
            "saving."
        )
    target.save()
    target.family_members.set(members)
    return target


def target_advice(target: Target, *, current_attendance=None, today=None, others=None):
    """The SMART advice for a saved or unsaved target.

    ``others`` are the plan's targets when the caller has them already (so a
    loop over a plan's targets reads them once); otherwise they are read here.
    """
    if others is None:
        others = (
            list(Target.objects.filter(plan_id=target.plan_id))
            if target.plan_id
            else []
        )
    return smart_advice(
        draft_of(target, current_attendance=current_attendance, others=others),
        today=today or timezone.localdate(),
    )


def target_advice_blocks(target: Target) -> bool:
    return blocks_activation(target_advice(target))


@transaction.atomic
def plan_activate(*, plan: Plan, by: AbstractBaseUser) -> Plan:
    """Make a draft plan active: its targets are measured and dated, and an early
    help plan has the family's agreement. Schedules the first review and puts
    each target's intervention in the support-first ledger."""
    plan = _editable(plan, by)
    if not can_proceed(plan.activate, check_conditions=False):
        raise ValidationError("Only a draft plan can be made active.")
    reasons = plan_blockers(plan, "activate")
    if reasons:
        raise ValidationError(reasons)
    targets = list(plan.targets.all())
    today = timezone.localdate()
    plan.activate()
    plan.activated_at = timezone.now()
    plan.next_review_on = plan.review_due_after(max(plan.start_on, today))
    plan.save()
    offered_on = max(plan.start_on, today)
    family = list(plan.family_members.all())
    for target in targets:
        if target.intervention:
            SupportOffer.objects.create(
                case=plan.case,
                kind=target.intervention,
                kind_other=target.actions[:200]
                if target.intervention == "other"
                else "",
                to_pupil=target.applies_to_pupil or not family,
                to_carer=None if target.applies_to_pupil or not family else family[0],
                offered_by=plan.lead_practitioner or by,
                offered_on=target.start_on or offered_on,
                response=FamilyResponse.ACCEPTED
                if plan.kind == PlanKind.EARLY_HELP
                else FamilyResponse.NOT_KNOWN,
                response_on=offered_on if plan.kind == PlanKind.EARLY_HELP else None,
                outcome="",
                target=target,
                recorded_by=by,
            )
    event_record(
        case=plan.case,
        kind=PlanEventKind.PLAN_ACTIVATED,
        by=by,
        details={
            "plan": plan.pk,
            "label": f"{plan.get_kind_display()}, first review by "
            f"{plan.next_review_on:%-d %B %Y}",
        },
    )
    return plan


@transaction.atomic
def review_record(
    *,
    plan: Plan,
    by: AbstractBaseUser,
    held_on: date,
    attended: str,
    decision: str,
    outcomes: dict[int, tuple[str, str]],
    notes: str = "",
    next_review_on: date | None = None,
    ended_successfully: bool | None = None,
) -> Review:
    """Record a review: closes this cycle, schedules the next (or ends the plan),
    records each target's result, and writes one chronology event."""
    plan = _editable(plan, by)
    errors = {}
    if not can_proceed(plan.keep_going, check_conditions=False):
        raise ValidationError("Only an active plan is reviewed.")
    today = timezone.localdate()
    if held_on > today:
        errors["held_on"] = "A review is recorded once it has happened."
    if held_on < plan.start_on:
        errors["held_on"] = "The review cannot be before the plan started."
    if not attended.strip():
        errors["attended"] = "Say who attended, including the family."
    targets = {target.pk: target for target in plan.targets.all()}
    stray = set(outcomes) - set(targets)
    if stray:
        raise ValidationError("A result was given for a target not on this plan.")
    missing = [pk for pk in targets if pk not in outcomes]
    if missing:
        errors["outcomes"] = "Say how every target went."
    if any(achieved not in Achieved.values for achieved, _ in outcomes.values()):
        errors["outcomes"] = "Choose a result for every target."
    ending = decision == ReviewDecision.END
    if ending and ended_successfully is None:
        errors["ended_successfully"] = "Say whether the plan ended successfully."
    if not ending:
        next_review_on = next_review_on or plan.review_due_after(held_on)
        if next_review_on <= held_on:
            errors["next_review_on"] = "The next review comes after this one."
    if errors:
        raise ValidationError(errors)
    review = Review.objects.create(
        plan=plan,
        held_on=held_on,
        attended=attended.strip(),
        decision=decision,
        notes=notes.strip(),
        next_review_on=None if ending else next_review_on,
        recorded_by=by,
    )
    ReviewTargetOutcome.objects.bulk_create(
        ReviewTargetOutcome(review=review, target_id=pk, achieved=achieved, note=note)
        for pk, (achieved, note) in outcomes.items()
    )
    for pk, (achieved, note) in outcomes.items():
        Target.objects.filter(pk=pk).update(achieved=achieved, achieved_note=note)
    kind = PlanEventKind.PLAN_REVIEWED
    step = (
        ("end_successfully" if ended_successfully else "end_without_success")
        if ending
        else "keep_going"
    )
    reasons = plan_blockers(plan, step)
    if reasons:
        raise ValidationError(reasons)
    getattr(plan, step)()
    if ending:
        plan.ended_at = timezone.now()
        plan.next_review_on = None
        plan.outcome_note = notes.strip()
        if not ended_successfully:
            kind = PlanEventKind.PLAN_ENDED_WITHOUT_SUCCESS
        else:
            kind = PlanEventKind.PLAN_ENDED
    else:
        plan.next_review_on = next_review_on
    plan.save()
    met = sum(1 for achieved, _ in outcomes.values() if achieved == Achieved.YES)
    event_record(
        case=plan.case,
        kind=kind,
        by=by,
        text=notes.strip(),
        details={
            "plan": plan.pk,
            "review": review.pk,
            "held_on": held_on.isoformat(),
            "label": f"{plan.get_kind_display()} reviewed on {held_on:%-d %B %Y}: "
            f"{ReviewDecision(decision).label.lower()}; {met} of {len(outcomes)} "
            "targets achieved",
        },
    )
    return review


@transaction.atomic
def plan_withdraw(*, plan: Plan, by: AbstractBaseUser, reason: str) -> Plan:
    plan = _editable(plan, by)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the plan is withdrawn."})
    reasons = plan_blockers(plan, "withdraw")
    if reasons:
        raise ValidationError(reasons)
    plan.withdraw()
    plan.ended_at = timezone.now()
    plan.next_review_on = None
    plan.outcome_note = reason.strip()
    plan.save()
    event_record(
        case=plan.case,
        kind=PlanEventKind.PLAN_ENDED,
        by=by,
        text=reason.strip(),
        details={"plan": plan.pk, "label": f"{plan.get_kind_display()} withdrawn"},
    )
    return plan


OFFER_FIELDS = (
    "kind",
    "kind_other",
    "to_pupil",
    "to_carer",
    "offered_on",
    "response",
    "response_on",
    "outcome",
    "outcome_on",
)


@transaction.atomic
def offer_save(
    *, case: Case, by: AbstractBaseUser, offer: SupportOffer | None = None, **fields
) -> SupportOffer:
    """Add an offer of support to the ledger, or record the family's answer and
    the outcome. One chronology event each time."""
    case = _check_recorder(case, by)
    unknown = set(fields) - set(OFFER_FIELDS)
    if unknown:
        raise ValueError(f"Not ledger fields: {sorted(unknown)}")
    if offer is not None and offer.case_id != case.pk:
        raise ValidationError("That entry is not on this case's ledger.")
    carer = fields.get("to_carer")
    if carer is not None:
        _check_family(case, [carer])
    creating = offer is None
    offer = offer or SupportOffer(case=case, offered_by=by, recorded_by=by)
    for name, value in fields.items():
        setattr(offer, name, value)
    if offer.offered_on and offer.offered_on > timezone.localdate():
        raise ValidationError({"offered_on": "Record an offer once it is made."})
    offer.full_clean()
    offer.save()
    event_record(
        case=case,
        kind=PlanEventKind.SUPPORT_OFFERED
        if creating
        else PlanEventKind.SUPPORT_ANSWERED,
        by=by,
        text=offer.outcome if not creating else "",
        details={
            "offer": offer.pk,
            "label": f"{offer.what}, offered to {offer.offered_to}: "
            f"{offer.get_response_display().lower()}",
        },
    )
    return offer


def meeting_held_record(event: CaseEvent) -> SupportOffer:
    """A meeting held with the family, recorded on the case, is support offered
    and taken up: it goes in the support-first ledger, pointing at its event.

    Registered with the case core (``cases.events.on_recorded``) for
    ``meeting.parents``; runs inside ``case_record``'s transaction.
    """
    held_on = date.fromisoformat(event.details["held_on"])
    return SupportOffer.objects.create(
        case_id=event.case_id,
        kind=SupportKind.MEETING,
        offered_by=event.recorded_by,
        offered_on=held_on,
        response=FamilyResponse.ACCEPTED,
        response_on=held_on,
        outcome="Meeting held: see the chronology.",
        event=event,
        recorded_by=event.recorded_by,
    )
