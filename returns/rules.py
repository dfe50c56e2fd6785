"""The rules that say when a school owes its LA a notification: pure functions.

They read a pupil's marks as ``{day: {session: code}}`` and the school's school
days (dates on which the school had a session that was not ``#``), and say
nothing about the database. The code table's outcomes decide what each code
counts as; no code is listed here but ``I`` (illness), which is the rule.

A session with no mark, or with a code that counts as attended or authorised,
breaks a run of absence. A day on which every mark the pupil has is not a
possible session (dual registration, ``X``, ``Q``, ``Y1``-``Y7``, ``Z``)
neither counts nor breaks, like a weekend. docs/returns.md gives the sources.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import Enum

from attendance.codes import Outcome, Session, code_for

# DOMAIN section 3: at least monthly, pupils with 10 continuous school days of
# unauthorised absence.
CONTINUOUS_ABSENCE_DAYS = 10
# Seed 003: absent for more than 20 days without reason is reported as a child
# missing education; we report from the 20th school day (see docs/returns.md).
MISSING_EDUCATION_DAYS = 20
# DOMAIN section 3: pupils who will miss 15 days through illness.
ILLNESS_DAYS_DEFAULT = 15
ILLNESS_DAYS_MIN = 1
ILLNESS_DAYS_MAX = 60
# DOMAIN section 3: a new pupil within 5 days of admission.
ROLL_CHANGE_SCHOOL_DAYS = 5

ILLNESS_CODE = "I"
SESSIONS = (Session.AM.value, Session.PM.value)
HALF_DAY = Decimal("0.5")

DayMarks = Mapping[str, str]  # session -> code
PupilMarks = Mapping[date, DayMarks]


class DayIs(Enum):
    """What one school day is for a rule: part of a run, a break, or neither."""

    IN_RUN = "in run"
    BREAK = "break"
    NEITHER = "neither"


def _outcomes(day: DayMarks) -> list[Outcome | None]:
    """The outcome of each session (None: no mark, or a code we do not know)."""
    outcomes = []
    for session in SESSIONS:
        code = code_for(day.get(session, ""))
        outcomes.append(code.outcome if code else None)
    return outcomes


def unauthorised_day(day: DayMarks) -> DayIs:
    """A day is in a run when every possible session was unauthorised absence."""
    outcomes = _outcomes(day)
    possible = [o for o in outcomes if o is not Outcome.NOT_POSSIBLE]
    if not possible:
        return DayIs.NEITHER
    if all(o is Outcome.UNAUTHORISED for o in possible):
        return DayIs.IN_RUN
    return DayIs.BREAK


def illness_sessions(day: DayMarks) -> int:
    """How many of the day's sessions were illness (``I``)."""
    return sum(1 for session in SESSIONS if day.get(session) == ILLNESS_CODE)


def whole_illness_day(day: DayMarks) -> DayIs:
    """A day continues an illness run when every possible session was ``I``."""
    outcomes = _outcomes(day)
    if all(o is Outcome.NOT_POSSIBLE for o in outcomes):
        return DayIs.NEITHER
    codes = [
        day.get(session)
        for session, outcome in zip(SESSIONS, outcomes, strict=True)
        if outcome is not Outcome.NOT_POSSIBLE
    ]
    return DayIs.IN_RUN if all(c == ILLNESS_CODE for c in codes) else DayIs.BREAK


@dataclass(frozen=True)
class Run:
    """Consecutive school days that all counted, from ``first_day`` to ``last_day``."""

    first_day: date
    last_day: date
    school_days: int
    # The day the run reached the length asked for (when it became due).
    reached_on: date


def runs(
    marks: PupilMarks,
    school_days: Sequence[date],
    *,
    minimum: int,
    judge=unauthorised_day,
) -> list[Run]:
    """The runs of ``minimum`` or more school days that ``judge`` counts.

    Only ``school_days`` are looked at, so weekends, holidays and ``#``
    closures neither count nor break a run. A school day the pupil has no
    marks for breaks it: the register cannot show an absence that is not on it.
    """
    found: list[Run] = []
    days: list[date] = []

    def close() -> None:
        if len(days) >= minimum:
            found.append(Run(days[0], days[-1], len(days), days[minimum - 1]))
        days.clear()

    for day in sorted(school_days):
        verdict = judge(marks.get(day, {}))
        if verdict is DayIs.IN_RUN:
            days.append(day)
        elif verdict is DayIs.BREAK:
            close()
    close()
    return found


def continuous_absence_runs(
    marks: PupilMarks, school_days: Sequence[date], minimum: int
) -> list[Run]:
    """Runs of ``minimum`` or more school days of unauthorised absence only."""
    return runs(marks, school_days, minimum=minimum, judge=unauthorised_day)


class IllnessCounting(Enum):
    CUMULATIVE = "cumulative"
    CONTINUOUS = "continuous"
    EITHER = "either"


@dataclass(frozen=True)
class IllnessFinding:
    """The illness the pupil has reached the threshold with."""

    days: Decimal  # school days missed through illness, half days as 0.5
    first_day: date
    last_day: date
    reached_on: date
    continuous: bool  # True: a run of whole days; False: the year's total


def illness_reached(
    marks: PupilMarks,
    school_days: Sequence[date],
    *,
    threshold: int,
    counting: IllnessCounting,
) -> list[IllnessFinding]:
    """Whether the pupil has missed ``threshold`` or more school days through
    illness, counted as the LA chose, over the marks given (the academic year).

    Cumulative: every ``I`` session is half a day. Continuous: runs of whole
    school days on which every possible session was ``I`` (a half day breaks a
    run, and counts only in the total). Either: the total, if it is reached,
    otherwise the first run that is.
    """
    findings: list[IllnessFinding] = []
    if counting in (IllnessCounting.CUMULATIVE, IllnessCounting.EITHER):
        total = Decimal(0)
        first = last = reached = None
        for day in sorted(school_days):
            sessions = illness_sessions(marks.get(day, {}))
            if not sessions:
                continue
            first = first or day
            total += HALF_DAY * sessions
            if reached is None and total >= threshold:
                reached = day
            last = day
        if reached is not None:
            days = total if total % 1 else Decimal(int(total))
            findings.append(IllnessFinding(days, first, last, reached, False))
    if counting is IllnessCounting.CONTINUOUS or (
        counting is IllnessCounting.EITHER and not findings
    ):
        for run in runs(marks, school_days, minimum=threshold, judge=whole_illness_day):
            findings.append(
                IllnessFinding(
                    Decimal(run.school_days),
                    run.first_day,
                    run.last_day,
                    run.reached_on,
                    True,
                )
            )
            if counting is IllnessCounting.EITHER:
                break
    return findings


def add_school_days(start: date, count: int) -> date:
    """The ``count``-th weekday (Monday to Friday) after ``start``.

    Future term dates are not on any register, so holidays are not skipped:
    the due date is never later than the rule allows.
    """
    day = start
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def roll_change_due(on: date) -> date:
    """A pupil added to or removed from the roll on ``on`` is due to the LA
    within 5 school days: by the fifth weekday after that day."""
    return add_school_days(on, ROLL_CHANGE_SCHOOL_DAYS)


def month_end(day: date) -> date:
    """The last day of ``day``'s month: continuous absence is returned monthly."""
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def academic_year_key(day: date) -> str:
    """The academic year (1 August to 31 July) that ``day`` falls in, as
    "2026-27": one illness notification per pupil per year."""
    start = day.year if day.month >= 8 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def school_days_from(dates: Iterable[date]) -> list[date]:
    """The school's school days, sorted and without repeats."""
    return sorted(set(dates))
