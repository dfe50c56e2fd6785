"""Support-plan targets that judge themselves from the register.

A target is one of three kinds, over a window of dates (both inclusive):
attendance of at least X %, no more than N late marks, or no unauthorised
absence. ``judge_goals`` reads the register for the window so far (from the
start to the earlier of the end and today; later marks are ignored) and gives
each target a verdict:

- NOT_STARTED before the window opens, or while it has no possible session;
- while the window is open (today before the end date): ON_TRACK when the
  measure so far meets the target, else OFF_TRACK; but a late target already
  exceeded, or a no-unauthorised target already broken, cannot recover, so it
  is MISSED at once;
- once the window has closed (today on or after the end date): MET or MISSED.

The counts are the project's own measures (``attendance.measures``): possible
sessions, attended sessions, late (``L``) and unauthorised absence, from the
code table, so holidays, closures and other sessions that are not possible are
left out and do not lower a rate. Only the register of one school counts: the
school running the case (for a pupil who has moved, the case's school keeps
its own register), and an attendance target is judged by an exact integer
comparison (exactly X % is met), never by the rounded rate.

All the targets are judged together in a single grouped query over the
register, however many there are.
"""

import operator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import reduce

from django.db import models
from django.db.models import Case, Count, Q, Value, When

from attendance.measures import ATTENDED, POSSIBLE, UNAUTHORISED, rate_percent
from attendance.models import RegisterMark

# ``late`` in the measures: the count of L (arrived before the register
# closed). U, arrived after it closed, is unauthorised absence.
LATE = ["L"]


class GoalKind(models.TextChoices):
    ATTENDANCE_AT_LEAST = "attendance_at_least", "Attendance of at least X %"
    LATE_AT_MOST = "late_at_most", "No more than N late marks"
    NO_UNAUTHORISED = "no_unauthorised", "No unauthorised absence"


class Verdict(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    OFF_TRACK = "off_track", "Off track"
    MET = "met", "Met"
    MISSED = "missed", "Missed"


@dataclass(frozen=True)
class AttendanceGoal:
    """A structured target for one pupil over ``start_on``..``end_on`` inclusive,
    judged on ``school_id``'s register.

    ``value`` is X (a percentage with at most one decimal place, 0 to 100) for
    an attendance target, N (a whole number, 0 or more, as an int or a whole
    Decimal such as 3.0, kept as the int) for a late target, and
    None for a no-unauthorised target. A target that does not fit is refused
    with ValueError rather than judged on a guess.
    """

    key: object
    pupil_id: int
    school_id: int
    kind: str
    value: Decimal | int | None
    start_on: date
    end_on: date

    def __post_init__(self) -> None:
        if self.kind not in GoalKind.values:
            raise ValueError(f"Unknown target kind: {self.kind!r}")
        if self.end_on < self.start_on:
            raise ValueError(
                f"The target ends ({self.end_on}) before it starts ({self.start_on})"
            )
        value = self.value
        if self.kind == GoalKind.ATTENDANCE_AT_LEAST:
            if isinstance(value, bool) or not isinstance(value, Decimal | int):
                raise ValueError("An attendance target needs X as a Decimal or int")
            if isinstance(value, Decimal) and not value.is_finite():
                raise ValueError("An attendance target needs a finite X")
            if not 0 <= value <= 100:
                raise ValueError(f"Attendance of {value} % is not between 0 and 100")
            if Decimal(value) != Decimal(value).quantize(Decimal("0.1")):
                raise ValueError(f"{value} % has more than one decimal place")
        elif self.kind == GoalKind.LATE_AT_MOST:
            whole = isinstance(value, int) or (
                isinstance(value, Decimal)
                and value.is_finite()
                and value == value.to_integral_value()
            )
            if isinstance(value, bool) or not whole or value < 0:
                raise ValueError("A late target needs N as a whole number, 0 or more")
            # A plan stores N in a decimal field (3.0): judge it as the int 3.
            object.__setattr__(self, "value", int(value))
        elif value is not None:
            raise ValueError("A no-unauthorised-absence target takes no value")


@dataclass(frozen=True)
class Progress:
    """How a target stands on the judging date.

    ``progress_percent`` (0 to 100, for a progress bar) is, per kind:

    - attendance of at least X %: how far the rate so far is toward X, that is
      rate / X, rounded down and capped at 100; so it is 100 exactly when the
      target is met (and always 100 for a target of 0 %);
    - no more than N late marks: the share of the allowance still unused,
      (N - late) / N rounded down, and 0 once the allowance is exceeded; for
      N = 0, 100 with no late mark and 0 with one;
    - no unauthorised absence: 100 while there is none, 0 once there is any.

    It is 0 for every kind while the target is NOT_STARTED: there is nothing
    yet to measure.
    """

    verdict: str
    possible: int
    attended: int
    late: int
    unauthorised: int
    rate: Decimal | None
    summary: str
    progress_percent: int

    @property
    def is_met(self) -> bool:
        return self.verdict == Verdict.MET

    @property
    def is_missed(self) -> bool:
        return self.verdict == Verdict.MISSED


@dataclass(frozen=True)
class _Counts:
    possible: int = 0
    attended: int = 0
    late: int = 0
    unauthorised: int = 0

    def __add__(self, other: "_Counts") -> "_Counts":
        return _Counts(
            self.possible + other.possible,
            self.attended + other.attended,
            self.late + other.late,
            self.unauthorised + other.unauthorised,
        )


def judge_goals(goals: list[AttendanceGoal], *, today: date) -> dict[object, Progress]:
    """Each goal's progress as of ``today``, by the goal's key.

    One query whatever the number of goals (none when no goal's window has
    opened yet).
    """
    counts = _window_counts(goals, today=today)
    return {
        goal.key: _judge(goal, counts.get(index), today=today)
        for index, goal in enumerate(goals)
    }


def _window_end(goal: AttendanceGoal, today: date) -> date:
    return min(goal.end_on, today)


def _window_counts(goals: list[AttendanceGoal], *, today: date) -> dict[int, _Counts]:
    """The counts in the window so far of each goal that has started, by its
    index in ``goals``, in one query.

    The windows' edges cut the calendar into segments: the database counts each
    pupil's marks per segment (a few rows per pupil), and each window adds up
    the segments it covers. Only each pupil's own date range is read.
    """
    started = [(i, goal) for i, goal in enumerate(goals) if goal.start_on <= today]
    if not started:
        return {}
    # Segment i runs from edges[i] up to the day before edges[i + 1].
    edges = sorted(
        {goal.start_on for _, goal in started}
        | {_window_end(goal, today) + timedelta(days=1) for _, goal in started}
    )
    position = {edge: index for index, edge in enumerate(edges)}
    segment = Case(
        *(
            When(date__lt=edge, then=Value(index))
            for index, edge in enumerate(edges[1:-1])
        ),
        default=Value(len(edges) - 2),
        output_field=models.IntegerField(),
    )
    spans: dict[tuple[int, int], tuple[date, date]] = {}
    for _, goal in started:
        register = (goal.pupil_id, goal.school_id)
        first, last = spans.get(register, (goal.start_on, goal.start_on))
        spans[register] = (
            min(first, goal.start_on),
            max(last, _window_end(goal, today)),
        )
    in_spans = reduce(
        operator.or_,
        (
            Q(pupil_id=pupil_id, school_id=school_id, date__gte=first, date__lte=last)
            for (pupil_id, school_id), (first, last) in spans.items()
        ),
    )
    rows = (
        RegisterMark.objects.filter(in_spans)
        .annotate(segment=segment)
        .values_list("pupil_id", "school_id", "segment")
        .annotate(
            possible=Count("pk", filter=Q(code__in=POSSIBLE)),
            attended=Count("pk", filter=Q(code__in=ATTENDED)),
            late=Count("pk", filter=Q(code__in=LATE)),
            unauthorised=Count("pk", filter=Q(code__in=UNAUTHORISED)),
        )
        .order_by()
    )
    by_segment = {
        (pupil_id, school_id, index): _Counts(*figures)
        for pupil_id, school_id, index, *figures in rows
    }
    counts = {}
    for index, goal in started:
        first = position[goal.start_on]
        stop = position[_window_end(goal, today) + timedelta(days=1)]
        counts[index] = sum(
            (
                by_segment.get((goal.pupil_id, goal.school_id, i), _Counts())
                for i in range(first, stop)
            ),
            _Counts(),
        )
    return counts


def _judge(goal: AttendanceGoal, counts: _Counts | None, *, today: date) -> Progress:
    if counts is None:  # the window has not opened
        return Progress(
            verdict=Verdict.NOT_STARTED,
            possible=0,
            attended=0,
            late=0,
            unauthorised=0,
            rate=None,
            summary=f"Starts on {_day(goal.start_on)}",
            progress_percent=0,
        )
    closed = today >= goal.end_on
    rate = rate_percent(counts.attended, counts.possible)

    def progress(verdict: str, summary: str, percent: int) -> Progress:
        return Progress(
            verdict=verdict,
            possible=counts.possible,
            attended=counts.attended,
            late=counts.late,
            unauthorised=counts.unauthorised,
            rate=rate,
            summary=summary,
            progress_percent=max(0, min(100, percent)),
        )

    if counts.possible == 0:
        words = "No school sessions in this window" + ("" if closed else " yet")
        return progress(Verdict.NOT_STARTED, words, 0)

    so_far = "" if closed else " so far"
    sessions = _plural(counts.possible, "session")
    if goal.kind == GoalKind.ATTENDANCE_AT_LEAST:
        target = Decimal(goal.value)
        tenths = int(target * 10)
        # attended / possible >= X / 100, in whole numbers: exact at the edge.
        meets = counts.attended * 1000 >= counts.possible * tenths
        percent = (
            100
            if tenths == 0
            else counts.attended * 100_000 // (counts.possible * tenths)
        )
        shown = _percent(target)
        if not meets and rate >= target:  # the rounding hides a shortfall
            summary = f"{rate} %{so_far}, just under the {shown} % target"
        else:
            summary = f"{rate} %{so_far} (target {shown} %)"
        summary += f", {counts.attended} of {sessions}"
    elif goal.kind == GoalKind.LATE_AT_MOST:
        allowed = goal.value
        meets = counts.late <= allowed
        if not meets:
            percent = 0
        elif allowed == 0:
            percent = 100
        else:
            percent = (allowed - counts.late) * 100 // allowed
        lates = _plural(counts.late, "late mark") if counts.late else "No late marks"
        summary = f"{lates}{so_far} (at most {allowed}), in {sessions}"
    else:
        meets = counts.unauthorised == 0
        percent = 100 if meets else 0
        if meets:
            summary = f"No unauthorised absence{so_far}, in {sessions}"
        else:
            missed = _plural(counts.unauthorised, "session")
            summary = f"{missed} of unauthorised absence (target none), in {sessions}"

    if closed:
        verdict = Verdict.MET if meets else Verdict.MISSED
    elif meets:
        verdict = Verdict.ON_TRACK
    elif goal.kind == GoalKind.ATTENDANCE_AT_LEAST:
        verdict = Verdict.OFF_TRACK
    else:  # a limit already broken cannot be unbroken by later sessions
        verdict = Verdict.MISSED
    return progress(verdict, summary, percent)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _percent(value: Decimal) -> str:
    """95 for 95.0, 95.5 for 95.5."""
    return f"{value:.0f}" if value == value.to_integral_value() else f"{value:.1f}"


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
