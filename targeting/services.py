"""Every write of targeting support: arranging a meeting, putting a pupil or
case forward to discuss, recording the meeting with its actions, updating an
action, and logging a pack download.

Each is atomic and keyword-only, checks the user's permission itself, and
refuses bad input with a ``ValidationError`` in the users' words, naming the
field where there is one.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.enums import OPEN_STAGES
from cases.models import Case
from cases.selectors import visible_cases
from schools.models import Pupil, School
from targeting.enums import ActionStatus, PackFormat, Review
from targeting.models import (
    PackDownload,
    PupilToDiscuss,
    TargetingAction,
    TargetingMeeting,
)
from targeting.permissions import can_manage, can_see, side_of
from targeting.rules import (
    TermRef,
    due_date_problem,
    held_date_problem,
    planned_date_problem,
)
from targeting.selectors import earlier_actions

NOT_YOURS = "You cannot do this for this school's meetings."


def _lock(meeting: TargetingMeeting) -> TargetingMeeting:
    locked = TargetingMeeting.objects.select_for_update().get(pk=meeting.pk)
    locked.school = meeting.school
    return locked


@transaction.atomic
def meeting_arrange(
    *,
    school: School,
    term: TermRef,
    planned_for: date,
    by: AbstractBaseUser,
    today: date | None = None,
) -> TargetingMeeting:
    """Arrange the school's meeting for ``term`` on ``planned_for``.

    Side effects: creates the planned meeting. Only the school's LA lead
    practitioners may; one meeting per school per term.
    """
    if not can_manage(by, school):
        raise PermissionDenied(NOT_YOURS)
    problem = planned_date_problem(planned_for, term, today or timezone.localdate())
    if problem:
        raise ValidationError({"planned_for": problem})
    School.objects.select_for_update().filter(pk=school.pk).first()
    exists = TargetingMeeting.objects.filter(
        school=school, year_start=term.year_start, term=term.term
    ).exists()
    if exists:
        raise ValidationError(
            {"term": f"{school.name} already has a meeting for the {term}."}
        )
    try:
        with transaction.atomic():
            return TargetingMeeting.objects.create(
                school=school,
                year_start=term.year_start,
                term=term.term,
                planned_for=planned_for,
                created_by=by,
            )
    except IntegrityError as error:  # arranged by someone else a moment ago
        raise ValidationError(
            {"term": f"{school.name} already has a meeting for the {term}."}
        ) from error


@transaction.atomic
def pupil_to_discuss_add(
    *,
    meeting: TargetingMeeting,
    by: AbstractBaseUser,
    reason: str,
    pupil: Pupil | None = None,
    case: Case | None = None,
) -> PupilToDiscuss:
    """Put a pupil, or the pupil of an open case, on the meeting's list.

    Side effects: adds one row, marked as put forward by the school or the LA.
    The school's staff and its LA's lead practitioners may, until the meeting
    is recorded; a case must be one of the school's open cases the user sees.
    """
    side = side_of(by, meeting.school)
    if side is None:
        raise PermissionDenied(NOT_YOURS)
    meeting = _lock(meeting)
    if meeting.is_held:
        raise ValidationError(
            "The meeting has been recorded: pupils can no longer be added to it."
        )
    if not reason.strip():
        raise ValidationError({"reason": "Say why the pupil should be discussed."})
    if case is not None:
        allowed = (
            visible_cases(by)
            .filter(pk=case.pk, school_id=meeting.school_id, stage__in=OPEN_STAGES)
            .exists()
        )
        if not allowed:
            raise ValidationError({"case": "Choose one of the school's open cases."})
        if pupil is not None and pupil.pk != case.pupil_id:
            raise ValidationError(
                {"pupil": "Choose the case's pupil, or leave the pupil empty."}
            )
        pupil = case.pupil
    if pupil is None:
        raise ValidationError({"pupil": "Choose a pupil or a case."})
    if pupil.school_id != meeting.school_id:
        raise ValidationError({"pupil": "Choose a pupil of this school."})
    if PupilToDiscuss.objects.filter(meeting=meeting, pupil=pupil).exists():
        raise ValidationError({"pupil": f"{pupil} is already on the list."})
    return PupilToDiscuss.objects.create(
        meeting=meeting,
        pupil=pupil,
        case=case,
        added_by=by,
        added_by_side=side,
        reason=reason.strip(),
    )


@dataclass(frozen=True)
class ReviewDecision:
    """What the meeting decided about an earlier, still open action."""

    decision: Review | str
    note: str = ""
    due_on: date | None = None  # the new due date when carried


@dataclass(frozen=True)
class NewAction:
    what: str
    owner: str
    due_on: date | None


def _action_problems(index: int, action: NewAction, held_on: date) -> dict:
    problems = {}
    if not action.what.strip():
        problems["what"] = "Say what the action is."
    if not action.owner.strip():
        problems["owner"] = "Give the action's owner: their name and organisation."
    if action.due_on is None:
        problems["due_on"] = "Give the action's due date."
    elif problem := due_date_problem(action.due_on, held_on):
        problems["due_on"] = problem
    return {f"action-{index}-{name}": text for name, text in problems.items()}


@transaction.atomic
def meeting_record(  # noqa: PLR0913 - one record holds all of these
    *,
    meeting: TargetingMeeting,
    by: AbstractBaseUser,
    held_on: date,
    attendees: str,
    notes: str,
    discussed: dict[int, str],
    reviews: dict[int, ReviewDecision],
    actions: list[NewAction],
    today: date | None = None,
) -> TargetingMeeting:
    """Record the meeting as held.

    ``discussed`` is what was said about each pupil on the list (by the row's
    id); ``reviews`` decides each open action of an earlier term (by its id):
    done, dropped, or carried into this term with a new due date; ``actions``
    are the actions agreed. Side effects: saves the meeting's record, the
    notes on its pupils, closes or carries each earlier action (a carried one
    becomes a new action of this meeting, linked to it), and creates the new
    actions. Only the school's LA lead practitioners may, once.
    """
    if not can_manage(by, meeting.school):
        raise PermissionDenied(NOT_YOURS)
    meeting = _lock(meeting)
    if meeting.is_held:
        raise ValidationError("This meeting has already been recorded.")
    today = today or timezone.localdate()
    problems: dict[str, str] = {}
    if problem := held_date_problem(held_on, meeting.term_ref, today):
        problems["held_on"] = problem
    if not attendees.strip():
        problems["attendees"] = (
            "Say who attended: one person a line, with their role and organisation."
        )
    to_review = {
        row.action.pk: row.action for row in earlier_actions(meeting) if row.to_review
    }
    for pk in to_review:
        decision = reviews.get(pk)
        if decision is None or decision.decision not in Review.values:
            problems[f"review-{pk}-decision"] = (
                "Say whether this action is done, dropped or carried into this term."
            )
        elif decision.decision == Review.CARRY:
            if decision.due_on is None:
                problems[f"review-{pk}-due_on"] = "Give the carried action a due date."
            elif problem := due_date_problem(decision.due_on, held_on):
                problems[f"review-{pk}-due_on"] = problem
    for index, action in enumerate(actions):
        problems.update(_action_problems(index, action, held_on))
    if problems:
        raise ValidationError(problems)

    now = timezone.now()
    items = {i.pk: i for i in PupilToDiscuss.objects.filter(meeting=meeting)}
    for pk, said in discussed.items():
        if pk in items and said.strip():
            items[pk].discussion = said.strip()
            items[pk].save(update_fields=["discussion"])
    for pk, action in to_review.items():
        decision = reviews[pk]
        if decision.decision == Review.CARRY:
            TargetingAction.objects.create(
                meeting=meeting,
                what=action.what,
                owner=action.owner,
                due_on=decision.due_on,
                status_note=decision.note.strip(),
                carried_from=action,
                updated_by=by,
                updated_at=now,
            )
        else:
            action.status = decision.decision
            action.status_note = decision.note.strip()
            action.updated_by = by
            action.updated_at = now
            action.save(
                update_fields=["status", "status_note", "updated_by", "updated_at"]
            )
    TargetingAction.objects.bulk_create(
        TargetingAction(
            meeting=meeting,
            what=action.what.strip(),
            owner=action.owner.strip(),
            due_on=action.due_on,
            updated_by=by,
            updated_at=now,
        )
        for action in actions
    )
    meeting.held_on = held_on
    meeting.attendees = attendees.strip()
    meeting.notes = notes.strip()
    meeting.recorded_by = by
    meeting.recorded_at = now
    meeting.save(
        update_fields=["held_on", "attendees", "notes", "recorded_by", "recorded_at"]
    )
    return meeting


@transaction.atomic
def action_update(
    *,
    action: TargetingAction,
    by: AbstractBaseUser,
    status: ActionStatus | str,
    note: str,
) -> TargetingAction:
    """Change an action's status between meetings, with a note.

    Side effects: saves the action. Only the school's LA lead practitioners
    may; an action carried into a later term is updated there, not here.
    """
    if not can_manage(by, action.meeting.school):
        raise PermissionDenied(NOT_YOURS)
    locked = TargetingAction.objects.select_for_update().get(pk=action.pk)
    if status not in ActionStatus.values:
        raise ValidationError({"status": "Choose open, done or dropped."})
    if TargetingAction.objects.filter(carried_from=locked).exists():
        raise ValidationError(
            "This action was carried into a later term: update it there."
        )
    if status != ActionStatus.OPEN and not note.strip():
        raise ValidationError(
            {"note": "Say what happened: a short note on why it is done or dropped."}
        )
    locked.status = status
    locked.status_note = note.strip()
    locked.updated_by = by
    locked.updated_at = timezone.now()
    locked.save(update_fields=["status", "status_note", "updated_by", "updated_at"])
    return locked


def pack_download_log(
    *, meeting: TargetingMeeting, by: AbstractBaseUser, format: PackFormat | str
) -> PackDownload:
    """Log a download of the meeting's pack (who, when, which meeting, which
    format). Side effects: one append-only row."""
    if not can_see(by, meeting.school):
        raise PermissionDenied(NOT_YOURS)
    return PackDownload.objects.create(meeting=meeting, by=by, format=format)
