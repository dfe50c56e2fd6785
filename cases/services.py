"""Writes for cases. Each is atomic, locks the case row, and writes the chronology.

Every function here checks the acting user's permission itself, so a view, a
management command and the demo all obey the same rules.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django_fsm import can_proceed, has_transition_perm
from guardian.shortcuts import assign_perm, remove_perm

from cases.checklist import ITEMS_BY_KEY, is_evidence_only
from cases.enums import RECORDABLE_KINDS, ClosureReason, EventKind, Stage
from cases.events import recorded_handlers
from cases.models import Case, CaseEvent, ChecklistTick
from cases.permissions import (
    TRANSITION_ROLES,
    VIEW_CASE,
    can_assign,
    can_hand_over,
    can_open_case,
    can_record_on_case,
    can_share,
    recordable_kinds,
    role_names,
)
from cases.selectors import case_shares, eligible_practitioners, la_practitioners
from cases.workflow import TRANSITIONS, blockers
from schools.enums import LocalAuthorityRole
from schools.models import Pupil
from schools.permissions import user_has_role
from schools.services import role_group_ensure


class TransitionRefused(Exception):
    """A step that cannot be taken, with every reason why."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


class CaseChanged(Exception):
    """Someone else changed the case since the user loaded it."""

    message = (
        "This case has changed since you opened it. Reload the page and try again."
    )


def event_record(
    *,
    case: Case,
    kind: str,
    by: AbstractBaseUser | None,
    text: str = "",
    details: dict | None = None,
    restricted: bool = False,
) -> CaseEvent:
    """Add one event to a case's chronology. Call it inside the write it records.

    A restricted event names a safeguarding item in ``details["item"]`` and is
    shown only to the item's readers (``cases.selectors.visible_events``).
    """
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        recorded_by=by,
        text=text,
        details=details or {},
        restricted=restricted,
    )


def case_lock(case: Case) -> Case:
    """The case read again under a row lock, for a write to it: call it first
    inside the write's transaction, so two writes to one case happen one after
    the other and each sees the other's result. Part of the case core's write
    API for the apps above it (with ``event_record``)."""
    return (
        Case.objects.select_for_update()
        .select_related("school__local_authority")
        .get(pk=case.pk)
    )


@transaction.atomic
def case_open(
    *,
    pupil: Pupil,
    by: AbstractBaseUser,
    reason: str,
) -> Case:
    """Open a case for a pupil at the concern stage.

    Side effects: creates the case and its ``case.opened`` event. Refuses a
    second open case for the pupil (the database enforces it too).
    """
    if not can_open_case(by, pupil):
        raise PermissionDenied("Only the school's case workers can open a case.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the case is being opened."})
    try:
        with transaction.atomic():
            case = Case.objects.create(pupil=pupil, school=pupil.school, opened_by=by)
    except IntegrityError as error:
        held_here = Case.objects.filter(pupil=pupil, school=pupil.school)
        if held_here.exclude(stage=Stage.CLOSED).exists():
            raise ValidationError(
                f"{pupil.display_name} already has an open case."
            ) from error
        raise ValidationError(
            f"{pupil.display_name} has an open case at the school they left. It "
            "stays there until that school closes it or hands it over to you."
        ) from error
    event_record(case=case, kind=EventKind.OPENED, by=by, text=reason.strip())
    return case


@transaction.atomic
def case_transition(
    *,
    case: Case,
    name: str,
    by: AbstractBaseUser,
    expected_stage: str,
    reason: str = "",
    closure_reason: str = "",
) -> Case:
    """Take one transition, or refuse with every reason why not.

    Locks the case row, so the rules are checked against what is saved and no
    concurrent change can slip between the check and the write. Side effects:
    saves the new stage and writes exactly one ``case.transition`` event.
    Raises CaseChanged when the stage is no longer ``expected_stage``.
    """
    if name not in TRANSITIONS:
        raise TransitionRefused([f"{name!r} is not a step a case can take."])
    case = case_lock(case)
    if case.stage != expected_stage:
        raise CaseChanged(CaseChanged.message)
    info = TRANSITIONS[name]
    method = getattr(case, name)
    if not can_proceed(method, check_conditions=False):
        raise TransitionRefused(
            [f"“{info.label}” is not a step from {case.get_stage_display()}."]
        )
    reasons = blockers(case, name)
    if reasons:
        raise TransitionRefused(reasons)
    if not has_transition_perm(method, by):
        raise TransitionRefused(
            [f"Only the {role_names(TRANSITION_ROLES[name])} can take this step."]
        )
    reason = reason.strip()
    errors = {}
    if info.needs_reason and not reason:
        errors["reason"] = f"{info.reason_label} is required."
    if name == "close":
        if closure_reason not in ClosureReason.values:
            errors["closure_reason"] = "Choose why the case is closing."
        elif closure_reason == ClosureReason.OTHER and not reason:
            errors["reason"] = "Say why the case is closing."
    if errors:
        raise ValidationError(errors)
    from_stage = case.stage
    if name == "close":
        method(closure_reason=closure_reason)
    else:
        method()
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError as error:  # reopening beside another open case
        raise TransitionRefused(
            ["This pupil already has another open case."]
        ) from error
    details = {"transition": name, "from": from_stage, "to": case.stage}
    if closure_reason:
        details["closure_reason"] = closure_reason
    event_record(
        case=case, kind=EventKind.TRANSITION, by=by, text=reason, details=details
    )
    return case


def _set_lead(
    *, case: Case, by: AbstractBaseUser, lead_practitioner: AbstractBaseUser | None
) -> None:
    if (
        lead_practitioner is not None
        and not eligible_practitioners(case).filter(pk=lead_practitioner.pk).exists()
    ):
        raise ValidationError(
            {
                "lead_practitioner": (
                    f"{lead_practitioner.get_full_name()} cannot lead this case: a "
                    "lead practitioner works at the school or at its LA with the "
                    "case shared."
                )
            }
        )
    if case.lead_practitioner_id == (lead_practitioner and lead_practitioner.pk):
        return
    previous = case.lead_practitioner
    case.lead_practitioner = lead_practitioner
    case.save(update_fields=["lead_practitioner"])
    event_record(
        case=case,
        kind=EventKind.LEAD_ASSIGNED,
        by=by,
        details={
            "from": previous.get_full_name() if previous else "",
            "to": lead_practitioner.get_full_name() if lead_practitioner else "",
        },
    )


@transaction.atomic
def case_assign(
    *,
    case: Case,
    by: AbstractBaseUser,
    lead_practitioner: AbstractBaseUser | None,
    co_workers: list[AbstractBaseUser],
) -> Case:
    """Set the lead practitioner and co-workers.

    Side effects: one event for a new lead, one for changed co-workers.
    Everyone named must be eligible (``eligible_practitioners``).
    """
    case = case_lock(case)
    if not can_assign(by, case):
        raise PermissionDenied("Only the attendance lead, DSL or LA lead can assign.")
    eligible = set(eligible_practitioners(case).values_list("pk", flat=True))
    outside = [user for user in co_workers if user.pk not in eligible]
    if outside:
        names = ", ".join(user.get_full_name() for user in outside)
        raise ValidationError({"co_workers": f"Not eligible for this case: {names}."})
    _set_lead(case=case, by=by, lead_practitioner=lead_practitioner)
    wanted = {user.pk for user in co_workers} - {case.lead_practitioner_id}
    current = set(case.co_workers.values_list("pk", flat=True))
    if wanted != current:
        case.co_workers.set(wanted)
        names = (
            get_user_model()
            .objects.filter(pk__in=wanted)
            .order_by("last_name", "first_name")
        )
        event_record(
            case=case,
            kind=EventKind.CO_WORKERS_CHANGED,
            by=by,
            details={"co_workers": [user.get_full_name() for user in names]},
        )
    return case


@transaction.atomic
def case_record(
    *,
    case: Case,
    by: AbstractBaseUser,
    kind: str,
    text: str,
    held_on: date | None = None,
) -> CaseEvent:
    """Record a note, a meeting with the parents or a decision on the case.

    Side effects: one chronology event. Decisions recorded here are the facts
    the transitions rely on (agreement to early help, reasons, ESO considered).
    """
    case = case_lock(case)
    if not can_record_on_case(by, case):
        raise PermissionDenied("You cannot record on this case.")
    if kind not in RECORDABLE_KINDS:
        raise ValidationError({"kind": "Choose what you are recording."})
    if kind not in recordable_kinds(by, case):
        raise ValidationError(
            {
                "kind": "Only the local authority's staff, on a case shared with "
                "them, record that an ESO was considered: the decision is the LA's."
            }
        )
    text = text.strip()
    errors = {}
    if not text:
        errors["text"] = "Write what happened or what was decided, and why."
    if kind == EventKind.PARENT_MEETING and held_on is None:
        errors["held_on"] = "Give the date of the meeting."
    if errors:
        raise ValidationError(errors)
    details = {"held_on": held_on.isoformat()} if held_on else {}
    event = event_record(case=case, kind=kind, by=by, text=text, details=details)
    # Apps above the core act on what was recorded (the plans app puts a
    # meeting with the parents in the support-first ledger).
    for handler in recorded_handlers(kind):
        handler(event)
    return event


@transaction.atomic
def checklist_tick(*, case: Case, item: str, by: AbstractBaseUser, note: str) -> None:
    """Tick a legal-readiness item with an evidence note.

    Side effects: the tick, and a ``checklist.ticked`` event.
    """
    case = case_lock(case)
    if not can_record_on_case(by, case):
        raise PermissionDenied("You cannot change this case's checklist.")
    if item not in ITEMS_BY_KEY:
        raise ValidationError({"item": "Not an item of the checklist."})
    if is_evidence_only(item):
        raise ValidationError(
            {"item": "This item is met from the records, not by a tick."}
        )
    if not note.strip():
        raise ValidationError({"note": "Say what shows this item is met, and where."})
    if ChecklistTick.objects.filter(case=case, item=item).exists():
        raise ValidationError({"item": "This item is already ticked."})
    ChecklistTick.objects.create(case=case, item=item, note=note.strip(), ticked_by=by)
    event_record(
        case=case,
        kind=EventKind.CHECKLIST_TICKED,
        by=by,
        text=note.strip(),
        details={"item": item, "label": ITEMS_BY_KEY[item].label},
    )


@transaction.atomic
def checklist_untick(
    *, case: Case, item: str, by: AbstractBaseUser, reason: str
) -> None:
    """Withdraw a tick, with a reason. The chronology keeps the original tick.

    Holds the case row lock, so a legal transition checking the list at the same
    moment sees the list either before or after, never half-way.
    """
    case = case_lock(case)
    if not can_record_on_case(by, case):
        raise PermissionDenied("You cannot change this case's checklist.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the tick is withdrawn."})
    deleted, _ = ChecklistTick.objects.filter(case=case, item=item).delete()
    if not deleted:
        raise ValidationError({"item": "This item is not ticked."})
    event_record(
        case=case,
        kind=EventKind.CHECKLIST_UNTICKED,
        by=by,
        text=reason.strip(),
        details={"item": item, "label": ITEMS_BY_KEY[item].label},
    )


@transaction.atomic
def case_share(
    *,
    case: Case,
    by: AbstractBaseUser,
    with_la_team: bool = False,
    practitioner: AbstractBaseUser | None = None,
) -> None:
    """Share the case with the pupil's LA team, or with one LA practitioner.

    Side effects: a django-guardian grant of ``cases.view_case`` (on the LA's
    role groups, or on the user) and a ``case.shared`` event.
    """
    case = case_lock(case)
    if not can_share(by, case):
        raise PermissionDenied("Only the attendance lead or DSL can share a case.")
    la = case.school.local_authority
    if with_la_team == (practitioner is not None):
        raise ValidationError("Share with the LA team or with one practitioner.")
    if practitioner is not None:
        if not la_practitioners(case).filter(pk=practitioner.pk).exists():
            raise ValidationError(
                {"practitioner": f"{practitioner.get_full_name()} is not at {la}."}
            )
        if case_shares(case).practitioners.count(practitioner):
            raise ValidationError(
                {"practitioner": f"The case is already shared with {practitioner}."}
            )
        assign_perm(VIEW_CASE, practitioner, case)
        details = {"with": "practitioner", "name": practitioner.get_full_name()}
    else:
        if case_shares(case).la_team:
            raise ValidationError(f"The case is already shared with the {la} team.")
        for role in LocalAuthorityRole.values:
            assign_perm(VIEW_CASE, role_group_ensure(organisation=la, role=role), case)
        details = {"with": "la_team", "name": la.name}
    event_record(case=case, kind=EventKind.SHARED, by=by, details=details)


@transaction.atomic
def case_share_on_school_agreement(
    *, case: Case, by: AbstractBaseUser, agreed_by: str, agreed_on: date
) -> bool:
    """Share the case with the LA team on the school's agreement, recorded by
    one of the LA's lead practitioners (a severe-absence joint approach).

    Sharing is otherwise the school's act (``case_share``); here the LA records
    who at the school agreed and when, and the chronology says so. Returns
    whether it shared (False when the LA team already had the case).
    Side effects: the grants of ``case_share`` and a ``case.shared`` event
    naming the school's agreement.
    """
    case = case_lock(case)
    la = case.school.local_authority
    if not user_has_role(by, la, LocalAuthorityRole.LEAD_PRACTITIONER):
        raise PermissionDenied(
            "Only a lead practitioner of the school's local authority records "
            "the school's agreement to share."
        )
    if not agreed_by.strip():
        raise ValidationError({"agreed_by": "Say who at the school agreed."})
    if case_shares(case).la_team:
        return False
    for role in LocalAuthorityRole.values:
        assign_perm(VIEW_CASE, role_group_ensure(organisation=la, role=role), case)
    event_record(
        case=case,
        kind=EventKind.SHARED,
        by=by,
        details={
            "with": "la_team",
            "name": la.name,
            "agreed_by": agreed_by.strip(),
            "agreed_on": agreed_on.isoformat(),
        },
    )
    return True


@transaction.atomic
def case_hand_over(*, case: Case, by: AbstractBaseUser) -> Case:
    """Give an open case to the school the pupil has joined.

    Until then a moved pupil's open case stays with the school that ran it.
    Side effects: the case's school becomes the pupil's school; shares with
    the old LA end when the new school is in another LA; the lead
    practitioner and co-workers who cannot work on it there are taken off; a
    ``case.handed_over`` event. The old school no longer sees the case.
    """
    case = case_lock(case)
    if not can_hand_over(by, case):
        raise PermissionDenied(
            "Only the attendance lead or DSL hands over an open case of a pupil "
            "who has moved."
        )
    old, new = case.school, case.pupil.school
    changes_la = old.local_authority_id != new.local_authority_id
    if changes_la and case.stage in (Stage.ESO, Stage.PROSECUTION_REFERRAL):
        raise ValidationError(
            f"{old.local_authority} is taking legal action on this case: it "
            "cannot be handed to a school in another local authority."
        )
    if changes_la:
        for role in LocalAuthorityRole.values:
            remove_perm(
                VIEW_CASE,
                role_group_ensure(organisation=old.local_authority, role=role),
                case,
            )
        for practitioner in case_shares(case).practitioners:
            remove_perm(VIEW_CASE, practitioner, case)
    case.school = new
    eligible = set(eligible_practitioners(case).values_list("pk", flat=True))
    if case.lead_practitioner_id not in eligible:
        case.lead_practitioner = None
    case.save(update_fields=["school", "lead_practitioner"])
    case.co_workers.set(case.co_workers.filter(pk__in=eligible))
    event_record(
        case=case,
        kind=EventKind.HANDED_OVER,
        by=by,
        details={"from": old.name, "to": new.name},
    )
    return case


@transaction.atomic
def case_unshare(
    *,
    case: Case,
    by: AbstractBaseUser,
    with_la_team: bool = False,
    practitioner: AbstractBaseUser | None = None,
) -> None:
    """End a share at once.

    Refused while someone who would lose access leads or co-works the case.
    Side effects: removes the grant and writes a ``case.unshared`` event.
    """
    case = case_lock(case)
    if not can_share(by, case):
        raise PermissionDenied("Only the attendance lead or DSL can end a share.")
    la = case.school.local_authority
    before = set(eligible_practitioners(case).values_list("pk", flat=True))
    if practitioner is not None:
        remove_perm(VIEW_CASE, practitioner, case)
        details = {"with": "practitioner", "name": practitioner.get_full_name()}
    elif with_la_team:
        for role in LocalAuthorityRole.values:
            remove_perm(VIEW_CASE, role_group_ensure(organisation=la, role=role), case)
        details = {"with": "la_team", "name": la.name}
    else:
        raise ValidationError("Say which share to end.")
    after = set(eligible_practitioners(case).values_list("pk", flat=True))
    losing = before - after
    assigned = {
        case.lead_practitioner_id,
        *case.co_workers.values_list("pk", flat=True),
    }
    if losing & assigned:
        names = ", ".join(
            user.get_full_name()
            for user in get_user_model().objects.filter(pk__in=losing & assigned)
        )
        raise ValidationError(
            f"{names} would lose access but still works on this case. Change the "
            "lead practitioner and co-workers first."
        )
    if not case_shares(case) and case.stage in (Stage.ESO, Stage.PROSECUTION_REFERRAL):
        raise ValidationError(
            "The LA is taking legal action on this case, so it stays shared with "
            "the LA."
        )
    event_record(case=case, kind=EventKind.UNSHARED, by=by, details=details)
