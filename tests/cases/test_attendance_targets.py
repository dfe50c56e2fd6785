"""Support-plan targets judged from hand-built registers, answers worked by hand.

The register runs on school days from Monday 1 September 2025; every window
below is two school weeks (20 sessions) unless a test says otherwise.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from attendance.models import RegisterMark
from plans.attendance_targets import (
    AttendanceGoal,
    GoalKind,
    Verdict,
    judge_goals,
)
from schools.models import Pupil
from tests.factories import PupilFactory, SchoolFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

MONDAY = date(2025, 9, 1)


def weekdays(first: date, count: int) -> list[date]:
    days, day = [], first
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


DAYS = weekdays(MONDAY, 10)  # Mon 1 Sep to Fri 12 Sep 2025
START, END = DAYS[0], DAYS[-1]
FIRST_FRIDAY = DAYS[4]  # halfway: 10 sessions into the window


def register(pupil: Pupil, sessions: list[tuple[date, str, str]]) -> None:
    """Marks for (date, session, code) triples in the pupil's school."""
    RegisterMark.objects.bulk_create(
        RegisterMark(pupil=pupil, school=pupil.school, date=d, session=s, code=c)
        for d, s, c in sessions
    )


def full_days(days: list[date], am: str = "/", pm: str = "\\") -> list[tuple]:
    return [(d, s, c) for d in days for s, c in (("AM", am), ("PM", pm))]


def goal(pupil, kind, value=None, start=START, end=END, key="t"):
    return AttendanceGoal(
        key=key,
        pupil_id=pupil.pk,
        school_id=pupil.school_id,
        kind=kind,
        value=value,
        start_on=start,
        end_on=end,
    )


def judge(target: AttendanceGoal, today: date):
    return judge_goals([target], today=today)[target.key]


@pytest.fixture
def pupil(db):
    return PupilFactory(school=SchoolFactory())


# Attendance of at least X %


@pytest.fixture
def nineteen_of_twenty(pupil):
    """One unauthorised session on the first morning: 9 of 10 in the first
    week, 19 of 20 (95.0 %) over the window."""
    register(pupil, [(START, "AM", "N"), (START, "PM", "\\")])
    register(pupil, full_days(DAYS[1:]))
    return pupil


def test_attendance_of_exactly_x_is_met(nineteen_of_twenty):
    target = goal(nineteen_of_twenty, GoalKind.ATTENDANCE_AT_LEAST, Decimal("95.0"))
    progress = judge(target, today=END)
    assert progress.verdict == Verdict.MET
    assert (progress.possible, progress.attended, progress.unauthorised) == (20, 19, 1)
    assert progress.rate == Decimal("95.0")
    assert progress.progress_percent == 100
    assert progress.summary == "95.0 % (target 95 %), 19 of 20 sessions"


def test_attendance_a_tenth_below_x_is_missed_after_the_window(nineteen_of_twenty):
    target = goal(nineteen_of_twenty, GoalKind.ATTENDANCE_AT_LEAST, Decimal("95.1"))
    progress = judge(target, today=END + timedelta(days=30))
    assert progress.verdict == Verdict.MISSED
    assert progress.rate == Decimal("95.0")
    assert progress.progress_percent == 99  # 95.0 / 95.1
    assert progress.summary == "95.0 % (target 95.1 %), 19 of 20 sessions"


@pytest.mark.parametrize(
    ("target", "verdict", "percent"),
    [
        (Decimal("90.0"), Verdict.ON_TRACK, 100),  # 9 of 10 is exactly 90 %
        (Decimal("90.1"), Verdict.OFF_TRACK, 99),
        (Decimal("100"), Verdict.OFF_TRACK, 90),
    ],
)
def test_attendance_mid_window_is_on_or_off_track(
    nineteen_of_twenty, target, verdict, percent
):
    target = goal(nineteen_of_twenty, GoalKind.ATTENDANCE_AT_LEAST, target)
    progress = judge(target, today=FIRST_FRIDAY)
    assert progress.verdict == verdict
    assert (progress.possible, progress.attended, progress.rate) == (
        10,
        9,
        Decimal("90.0"),
    )
    assert progress.progress_percent == percent
    assert progress.summary.startswith("90.0 % so far (target ")


def test_attendance_off_track_mid_window_can_still_be_met(pupil):
    """Off track on the Friday, met by the end: off track is not missed."""
    register(pupil, full_days(DAYS[:1], am="N", pm="N") + full_days(DAYS[1:]))
    target = goal(pupil, GoalKind.ATTENDANCE_AT_LEAST, 90)
    assert judge(target, today=FIRST_FRIDAY).verdict == Verdict.OFF_TRACK  # 80 %
    assert judge(target, today=END).verdict == Verdict.MET  # 90 %


def test_attendance_is_judged_exactly_not_on_the_rounded_rate(pupil):
    """189 of 199 is 94.97 %: shown as 95.0 %, but short of a 95 % target."""
    days = weekdays(MONDAY, 199)
    register(pupil, [(d, "AM", "N" if i < 10 else "/") for i, d in enumerate(days)])
    target = goal(pupil, GoalKind.ATTENDANCE_AT_LEAST, 95, end=days[-1])
    progress = judge(target, today=days[-1])
    assert (progress.possible, progress.attended) == (199, 189)
    assert progress.rate == Decimal("95.0")
    assert progress.verdict == Verdict.MISSED
    assert progress.progress_percent == 99
    assert progress.summary == (
        "95.0 %, just under the 95 % target, 189 of 199 sessions"
    )


@pytest.mark.parametrize("not_possible", ["#", "X", "Y1", "D", None])
def test_sessions_that_are_not_possible_do_not_lower_the_rate(pupil, not_possible):
    """The second week is closed ('#'), not required, unavoidable, at another
    setting, or has no marks at all: the rate is the first week's 90 %."""
    register(pupil, [(START, "AM", "N"), (START, "PM", "\\")])
    register(pupil, full_days(DAYS[1:5]))
    if not_possible:
        register(pupil, full_days(DAYS[5:], am=not_possible, pm=not_possible))
    target = goal(pupil, GoalKind.ATTENDANCE_AT_LEAST, 90)
    progress = judge(target, today=END)
    assert (progress.possible, progress.attended) == (10, 9)
    assert progress.rate == Decimal("90.0")
    assert progress.verdict == Verdict.MET


# No more than N late marks


@pytest.fixture
def three_lates(pupil):
    """L on the first three mornings, present otherwise; one U (after the
    register closed) on the last morning, which is unauthorised, not late."""
    register(pupil, [(d, "AM", "L") for d in DAYS[:3]])
    register(pupil, [(d, "PM", "\\") for d in DAYS[:3]])
    register(pupil, full_days(DAYS[3:-1]) + [(END, "AM", "U"), (END, "PM", "\\")])
    return pupil


@pytest.mark.parametrize(
    ("allowed", "today", "verdict", "percent"),
    [
        (3, END, Verdict.MET, 0),  # exactly N: met, with none of the allowance left
        (4, END, Verdict.MET, 25),
        (2, END, Verdict.MISSED, 0),
        (4, DAYS[1], Verdict.ON_TRACK, 50),  # 2 so far
        (3, DAYS[2], Verdict.ON_TRACK, 0),  # 3 so far, still within
    ],
)
def test_late_at_most(three_lates, allowed, today, verdict, percent):
    progress = judge(goal(three_lates, GoalKind.LATE_AT_MOST, allowed), today=today)
    assert progress.verdict == verdict
    assert progress.progress_percent == percent
    assert progress.late == min(3, DAYS.index(today) + 1)


def test_late_target_exceeded_mid_window_is_missed_at_once(three_lates):
    target = goal(three_lates, GoalKind.LATE_AT_MOST, 2)
    progress = judge(target, today=DAYS[2])  # the third L; a week to go
    assert progress.verdict == Verdict.MISSED
    assert (progress.late, progress.possible) == (3, 6)
    assert progress.summary == "3 late marks so far (at most 2), in 6 sessions"
    assert judge(target, today=DAYS[1]).verdict == Verdict.ON_TRACK


def test_late_after_the_register_closed_is_not_a_late_mark(three_lates):
    progress = judge(goal(three_lates, GoalKind.LATE_AT_MOST, 3), today=END)
    assert (progress.late, progress.unauthorised, progress.attended) == (3, 1, 19)


def test_no_late_target_allows_none(pupil):
    register(pupil, full_days(DAYS))
    target = goal(pupil, GoalKind.LATE_AT_MOST, 0)
    progress = judge(target, today=END)
    assert (progress.verdict, progress.progress_percent) == (Verdict.MET, 100)
    assert progress.summary == "No late marks (at most 0), in 20 sessions"


# No unauthorised absence


def test_no_unauthorised_met_with_authorised_absence(pupil):
    register(pupil, full_days(DAYS[:1], am="I", pm="M") + full_days(DAYS[1:]))
    progress = judge(goal(pupil, GoalKind.NO_UNAUTHORISED), today=END)
    assert progress.verdict == Verdict.MET
    assert (progress.possible, progress.attended, progress.unauthorised) == (20, 18, 0)
    assert progress.progress_percent == 100
    assert progress.summary == "No unauthorised absence, in 20 sessions"


def test_no_unauthorised_on_track_mid_window(pupil):
    register(pupil, full_days(DAYS[:5]) + full_days(DAYS[5:], am="G", pm="G"))
    progress = judge(goal(pupil, GoalKind.NO_UNAUTHORISED), today=FIRST_FRIDAY)
    assert progress.verdict == Verdict.ON_TRACK
    assert progress.summary == "No unauthorised absence so far, in 10 sessions"


@pytest.mark.parametrize("code", ["G", "N", "O", "U"])
def test_no_unauthorised_broken_mid_window_is_missed_at_once(pupil, code):
    register(pupil, [(DAYS[1], "AM", code)] + [(d, "PM", "\\") for d in DAYS[:2]])
    target = goal(pupil, GoalKind.NO_UNAUTHORISED)
    progress = judge(target, today=DAYS[1])
    assert progress.verdict == Verdict.MISSED
    assert (progress.unauthorised, progress.progress_percent) == (1, 0)
    assert progress.summary == (
        "1 session of unauthorised absence (target none), in 3 sessions"
    )
    assert judge(target, today=START).verdict == Verdict.ON_TRACK


def test_no_unauthorised_missed_after_the_window(pupil):
    register(pupil, full_days(DAYS[:-1]) + full_days(DAYS[-1:], am="O", pm="G"))
    progress = judge(goal(pupil, GoalKind.NO_UNAUTHORISED), today=END)
    assert (progress.verdict, progress.unauthorised) == (Verdict.MISSED, 2)


# Windows not started, empty, and marks after today


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (GoalKind.ATTENDANCE_AT_LEAST, 95),
        (GoalKind.LATE_AT_MOST, 0),
        (GoalKind.NO_UNAUTHORISED, None),
    ],
)
def test_a_window_that_has_not_started(pupil, kind, value):
    """Marks already on the register for the window's days (and before it) are
    not judged until it opens."""
    register(pupil, full_days(DAYS, am="L", pm="N"))
    target = goal(pupil, kind, value, start=DAYS[5])
    progress = judge(target, today=DAYS[4])
    assert progress.verdict == Verdict.NOT_STARTED
    assert (progress.possible, progress.late, progress.rate) == (0, 0, None)
    assert progress.progress_percent == 0
    assert progress.summary == "Starts on 8 September 2025"
    assert judge(target, today=DAYS[5]).possible == 2


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (GoalKind.ATTENDANCE_AT_LEAST, 0),
        (GoalKind.LATE_AT_MOST, 3),
        (GoalKind.NO_UNAUTHORISED, None),
    ],
)
def test_no_possible_sessions_is_not_started(pupil, kind, value):
    register(pupil, full_days(DAYS[:3], am="#", pm="#") + full_days(DAYS[3:]))
    unmarked = PupilFactory(school=pupil.school)
    for someone, today in [(pupil, DAYS[2]), (unmarked, DAYS[2]), (unmarked, END)]:
        progress = judge(goal(someone, kind, value), today=today)
        assert progress.verdict == Verdict.NOT_STARTED
        assert (progress.possible, progress.rate, progress.progress_percent) == (
            0,
            None,
            0,
        )
    assert judge(goal(pupil, kind, value), today=DAYS[2]).summary == (
        "No school sessions in this window yet"
    )
    assert judge(goal(unmarked, kind, value), today=END).summary == (
        "No school sessions in this window"
    )
    assert judge(goal(pupil, kind, value), today=DAYS[3]).verdict != (
        Verdict.NOT_STARTED
    )


def test_marks_after_today_are_ignored(pupil):
    register(pupil, [(d, "AM", "L") for d in DAYS[:5]])
    register(pupil, [(d, "PM", "\\") for d in DAYS[:5]])
    register(pupil, full_days(DAYS[5:], am="N", pm="L"))
    goals = [
        goal(pupil, GoalKind.ATTENDANCE_AT_LEAST, 100, key="rate"),
        goal(pupil, GoalKind.LATE_AT_MOST, 5, key="late"),
        goal(pupil, GoalKind.NO_UNAUTHORISED, key="unauthorised"),
    ]
    judged = judge_goals(goals, today=FIRST_FRIDAY)
    assert {key: p.verdict for key, p in judged.items()} == {
        "rate": Verdict.ON_TRACK,
        "late": Verdict.ON_TRACK,
        "unauthorised": Verdict.ON_TRACK,
    }
    assert (judged["rate"].possible, judged["late"].late) == (10, 5)
    later = judge_goals(goals, today=END)
    assert {key: p.verdict for key, p in later.items()} == {
        "rate": Verdict.MISSED,
        "late": Verdict.MISSED,
        "unauthorised": Verdict.MISSED,
    }


def test_only_the_pupils_own_schools_register_counts(pupil):
    """As in the measures: marks held by a previous school are not counted."""
    previous_school = SchoolFactory()
    RegisterMark.objects.bulk_create(
        RegisterMark(pupil=pupil, school=previous_school, date=d, session=s, code="N")
        for d, s, _c in full_days(DAYS[:5])
    )
    register(pupil, full_days(DAYS[5:]))
    progress = judge(goal(pupil, GoalKind.NO_UNAUTHORISED), today=END)
    assert (progress.verdict, progress.possible) == (Verdict.MET, 10)


# Many goals at once


def many_goals(school, count: int) -> list[AttendanceGoal]:
    """``count`` goals over a few pupils, with overlapping windows of each kind."""
    pupils = PupilFactory.create_batch(4, school=school)
    days = weekdays(MONDAY, 20)
    for n, someone in enumerate(pupils):
        codes = ["/", "L", "N", "I", "#", "U"]
        register(
            someone,
            [
                (d, "AM", codes[(i + n) % len(codes)] if i % (n + 2) == 0 else "/")
                for i, d in enumerate(days)
            ]
            + [(d, "PM", "\\" if i % 3 else "L") for i, d in enumerate(days)],
        )
    kinds = [
        (GoalKind.ATTENDANCE_AT_LEAST, Decimal("92.5")),
        (GoalKind.LATE_AT_MOST, 4),
        (GoalKind.NO_UNAUTHORISED, None),
    ]
    goals = []
    for n in range(count):
        kind, value = kinds[n % len(kinds)]
        start = days[n % 7]
        goals.append(
            goal(
                pupils[n % len(pupils)],
                kind,
                value,
                start=start,
                end=days[min(19, n % 7 + 3 + n % 11)],
                key=n,
            )
        )
    return goals


@pytest.mark.parametrize("count", [1, 20])
def test_judging_takes_one_query_however_many_goals(
    pupil, count, django_assert_num_queries
):
    goals = many_goals(pupil.school, count)
    with django_assert_num_queries(1):
        judged = judge_goals(goals, today=weekdays(MONDAY, 12)[-1])
    assert set(judged) == set(range(count))


def test_goals_judged_together_match_goals_judged_alone(pupil):
    goals = many_goals(pupil.school, 20)
    today = weekdays(MONDAY, 12)[-1]
    together = judge_goals(goals, today=today)
    alone = {g.key: judge_goals([g], today=today)[g.key] for g in goals}
    assert together == alone
    # And alone is right: recount the first goal's window from the marks.
    first = goals[0]
    marks = RegisterMark.objects.filter(
        pupil_id=first.pupil_id, date__gte=first.start_on, date__lte=first.end_on
    )
    assert together[0].possible == marks.exclude(code__in=["#"]).count()
    assert together[0].late == marks.filter(code="L").count()
    assert len({p.verdict for p in together.values()}) >= 3


def test_no_goals_or_no_started_goals_need_no_query(pupil, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert judge_goals([], today=END) == {}
        target = goal(pupil, GoalKind.NO_UNAUTHORISED, start=DAYS[5])
        assert judge_goals([target], today=START)["t"].verdict == Verdict.NOT_STARTED


# Targets that cannot be judged are refused


@pytest.mark.parametrize(
    ("kind", "value", "start", "end"),
    [
        ("attendance", 95, START, END),
        (GoalKind.ATTENDANCE_AT_LEAST, None, START, END),
        (GoalKind.ATTENDANCE_AT_LEAST, 95.5, START, END),
        (GoalKind.ATTENDANCE_AT_LEAST, Decimal("95.25"), START, END),
        (GoalKind.ATTENDANCE_AT_LEAST, Decimal("100.1"), START, END),
        (GoalKind.ATTENDANCE_AT_LEAST, 95, END, START),
        (GoalKind.LATE_AT_MOST, -1, START, END),
        (GoalKind.LATE_AT_MOST, Decimal("2.5"), START, END),
        (GoalKind.LATE_AT_MOST, True, START, END),
        (GoalKind.NO_UNAUTHORISED, 0, START, END),
    ],
)
def test_targets_that_do_not_fit_are_refused(pupil, kind, value, start, end):
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        AttendanceGoal("t", pupil.pk, pupil.school_id, kind, value, start, end)


def test_a_late_allowance_stored_as_a_whole_decimal_is_accepted(three_lates):
    """Plans keep the figure in a decimal field: 3.0 late marks is 3."""
    target = goal(three_lates, GoalKind.LATE_AT_MOST, Decimal("3.0"))
    assert target.value == 3
    assert isinstance(target.value, int)
    progress = judge(target, today=END)
    assert progress.verdict == Verdict.MET
    assert progress.summary == "3 late marks (at most 3), in 20 sessions"


def test_a_moved_pupils_target_is_judged_on_the_register_of_the_case_school():
    """After a move the old school's case keeps its own register: the new
    school's marks for the same days do not count there, and the other way
    round."""
    from schools.services import pupil_move

    old = SchoolFactory()
    new = SchoolFactory(local_authority=old.local_authority)
    pupil = PupilFactory(school=old)
    register(pupil, full_days(DAYS[:5]))  # the old school: all present
    pupil_move(pupil=pupil, to_school=new, joined_on=DAYS[5], by=None)
    register(pupil, full_days(DAYS[5:], am="N", pm="N"))  # the new: all absent
    at_old = AttendanceGoal(
        "old", pupil.pk, old.pk, GoalKind.ATTENDANCE_AT_LEAST, Decimal(90), START, END
    )
    at_new = AttendanceGoal(
        "new", pupil.pk, new.pk, GoalKind.ATTENDANCE_AT_LEAST, Decimal(90), START, END
    )
    judged = judge_goals([at_old, at_new], today=END)
    assert judged["old"].verdict == Verdict.MET
    assert judged["new"].verdict == Verdict.MISSED
