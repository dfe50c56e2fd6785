"""The attendance measures, defined once and computed in the database.

For a pupil over the academic year to date (1 August to the as-of date):
possible, attended, authorised and unauthorised sessions, late (``L``) and late
after the register closed (``U``), all counted from the code table's outcomes.
Persistent absence is an absence rate of 10 % or more; severe absence, 50 % or
more; both are judged on the pupil's own possible sessions. 10 in 10 is 10 or
more unauthorised sessions in the last 10 school weeks, where a school week is a
Monday-to-Sunday week in which the school had a session that was not ``#``, so
holidays are skipped and the window runs back across terms and school years.

Every count is one conditional COUNT in a single grouped query over the marks,
joined once; flags are exact integer comparisons, never rounded rates. For a
whole school, ``school_measures`` has the database count each pupil's marks per
code and adds the codes up by outcome here: the same sums, in fewer steps.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Count, F, FilteredRelation, Q, QuerySet

from attendance.codes import CODES, Outcome
from attendance.models import RegisterMark
from schools.models import Pupil, School

TEN_IN_TEN_WEEKS = 10
TEN_IN_TEN_SESSIONS = 10
TREND_WEEKS = 4
TREND_FALL_POINTS = 5

POSSIBLE = [c.code for c in CODES if c.counts_as_possible]
ATTENDED = [c.code for c in CODES if c.outcome is Outcome.ATTENDED]
AUTHORISED = [c.code for c in CODES if c.outcome is Outcome.AUTHORISED]
UNAUTHORISED = [c.code for c in CODES if c.outcome is Outcome.UNAUTHORISED]
TEN_IN_TEN_CODES = [c.code for c in CODES if c.counts_towards_ten_in_ten]


def academic_year_start(as_of: date) -> date:
    """1 August of the academic year that ``as_of`` falls in."""
    year = as_of.year if as_of.month >= 8 else as_of.year - 1
    return date(year, 8, 1)


def _school_mondays(school: School, *, as_of: date, weeks: int) -> list[date]:
    """The Mondays of the last ``weeks`` school weeks up to ``as_of``, latest first.

    One recursive query steps back from ``as_of`` through the school's dates
    with a session that is not ``#``, one index probe of mark_school_date_idx
    per date, so the cost does not grow with the marks held; a week has at
    most seven dates, so ``7 * weeks`` of them cover ``weeks`` school weeks.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH RECURSIVE days (day) AS ("
            "  SELECT MAX(date) FROM attendance_registermark "
            "  WHERE school_id = %s AND date <= %s AND code <> '#' "
            "UNION ALL "
            "  SELECT (SELECT MAX(m.date) FROM attendance_registermark m "
            "    WHERE m.school_id = %s AND m.date < days.day AND m.code <> '#') "
            "  FROM days WHERE days.day IS NOT NULL"
            ") SELECT day FROM days WHERE day IS NOT NULL LIMIT %s",
            [school.pk, as_of, school.pk, 7 * weeks],
        )
        days = [row[0] for row in cursor.fetchall()]
    mondays: list[date] = []
    for day in days:
        day = date.fromisoformat(day) if isinstance(day, str) else day  # SQLite
        monday = day - timedelta(days=day.weekday())
        if not mondays or mondays[-1] != monday:
            mondays.append(monday)
    return mondays[:weeks]


@dataclass(frozen=True)
class Period:
    """The school whose register is measured, and the dates the measures cover.

    Only the school's own register counts: a pupil who joined from another
    school is measured on the sessions they were on this school's roll.
    """

    school_id: int
    as_of: date
    year_start: date
    ten_weeks_start: date
    trend_start: date

    @classmethod
    def for_school(cls, school: School, as_of: date) -> "Period":
        weeks = max(TEN_IN_TEN_WEEKS, TREND_WEEKS)
        mondays = _school_mondays(school, as_of=as_of, weeks=weeks)
        this_monday = as_of - timedelta(days=as_of.weekday())

        def start(count: int) -> date:
            """The Monday starting the last ``count`` school weeks; with fewer
            on record, the first of them; with none, this week's Monday."""
            return mondays[:count][-1] if mondays else this_monday

        return cls(
            school_id=school.pk,
            as_of=as_of,
            year_start=academic_year_start(as_of),
            ten_weeks_start=start(TEN_IN_TEN_WEEKS),
            trend_start=start(TREND_WEEKS),
        )


def with_measures(pupils: QuerySet[Pupil], period: Period) -> QuerySet[Pupil]:
    """``pupils`` annotated with every count the measures need, in one query.

    Annotations: possible, attended, authorised, unauthorised, late,
    late_after_close, unauthorised_in_10_weeks, recent_possible and
    recent_attended (the last 4 school weeks), absent (possible - attended).
    """
    earliest = min(period.year_start, period.ten_weeks_start)
    in_year = Q(marks__date__gte=period.year_start)
    recent = Q(marks__date__gte=max(period.trend_start, period.year_start))

    def count(condition: Q) -> Count:
        return Count("marks", filter=condition)

    return (
        pupils.alias(
            marks=FilteredRelation(
                "register_marks",
                condition=Q(
                    register_marks__school_id=period.school_id,
                    register_marks__date__gte=earliest,
                    register_marks__date__lte=period.as_of,
                ),
            )
        )
        .annotate(
            possible=count(in_year & Q(marks__code__in=POSSIBLE)),
            attended=count(in_year & Q(marks__code__in=ATTENDED)),
            authorised=count(in_year & Q(marks__code__in=AUTHORISED)),
            unauthorised=count(in_year & Q(marks__code__in=UNAUTHORISED)),
            late=count(in_year & Q(marks__code="L")),
            late_after_close=count(in_year & Q(marks__code="U")),
            unauthorised_in_10_weeks=count(
                Q(marks__date__gte=period.ten_weeks_start)
                & Q(marks__code__in=TEN_IN_TEN_CODES)
            ),
            recent_possible=count(recent & Q(marks__code__in=POSSIBLE)),
            recent_attended=count(recent & Q(marks__code__in=ATTENDED)),
        )
        .annotate(absent=F("possible") - F("attended"))
    )


# The thresholds as conditions on pupils annotated with the measures' figures,
# for a filter or a conditional count (the school overview counts with them).
PERSISTENT_ABSENCE = Q(possible__gt=0, possible__lte=F("absent") * 10)
SEVERE_ABSENCE = Q(possible__gt=0, possible__lte=F("absent") * 2)
TEN_IN_TEN = Q(unauthorised_in_10_weeks__gte=TEN_IN_TEN_SESSIONS)


def persistently_absent(pupils: QuerySet[Pupil]) -> QuerySet[Pupil]:
    """Absence of 10 % or more of possible sessions (annotated pupils)."""
    return pupils.filter(PERSISTENT_ABSENCE)


def severely_absent(pupils: QuerySet[Pupil]) -> QuerySet[Pupil]:
    """Absence of 50 % or more of possible sessions (annotated pupils)."""
    return pupils.filter(SEVERE_ABSENCE)


def at_risk(pupils: QuerySet[Pupil], *, upper_percent: Decimal) -> QuerySet[Pupil]:
    """Attendance above 90 % and at most ``upper_percent`` (annotated pupils).

    Exact: absent * 10 < possible (above 90 %), and attended * 1000 <=
    possible * upper in tenths of a percent (95.0 % is 950).
    """
    upper_tenths = int(Decimal(upper_percent) * 10)
    return (
        pupils.filter(possible__gt=F("absent") * 10)
        .alias(attended_thousandths=F("attended") * 1000)
        .filter(attended_thousandths__lte=F("possible") * upper_tenths)
    )


def ten_in_ten_met(pupils: QuerySet[Pupil]) -> QuerySet[Pupil]:
    """10 or more unauthorised sessions in the last 10 school weeks."""
    return pupils.filter(TEN_IN_TEN)


def falling_trend(pupils: QuerySet[Pupil]) -> QuerySet[Pupil]:
    """Attendance over the last 4 school weeks at least 5 points below the year's.

    attended/possible - recent_attended/recent_possible >= 5/100, multiplied out
    so that it is exact: 100 (attended * recent_possible - recent_attended *
    possible) >= 5 * possible * recent_possible.
    """
    return (
        pupils.filter(possible__gt=0, recent_possible__gt=0)
        .alias(
            fall=(
                F("attended") * F("recent_possible")
                - F("recent_attended") * F("possible")
            )
            * 100,
            threshold=F("possible") * F("recent_possible") * TREND_FALL_POINTS,
        )
        .filter(fall__gte=F("threshold"))
    )


def rate_percent(attended: int, possible: int) -> Decimal | None:
    """A percentage to one decimal place (half up); None when nothing was possible."""
    if possible == 0:
        return None
    rate = Decimal(attended * 100) / Decimal(possible)
    return rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Measures:
    """One pupil's figures as of a date."""

    upn: str
    possible: int
    attended: int
    authorised: int
    unauthorised: int
    late: int
    late_after_close: int
    unauthorised_in_10_weeks: int

    @classmethod
    def of(cls, pupil: Pupil) -> "Measures":
        """From a pupil annotated by ``with_measures``."""
        return cls(
            upn=pupil.upn,
            possible=pupil.possible,
            attended=pupil.attended,
            authorised=pupil.authorised,
            unauthorised=pupil.unauthorised,
            late=pupil.late,
            late_after_close=pupil.late_after_close,
            unauthorised_in_10_weeks=pupil.unauthorised_in_10_weeks,
        )

    @property
    def absent(self) -> int:
        return self.possible - self.attended

    @property
    def attendance_rate(self) -> Decimal | None:
        return rate_percent(self.attended, self.possible)

    @property
    def persistent_absence(self) -> bool:
        return self.possible > 0 and self.absent * 10 >= self.possible

    @property
    def severe_absence(self) -> bool:
        return self.possible > 0 and self.absent * 2 >= self.possible

    @property
    def ten_in_ten(self) -> bool:
        return self.unauthorised_in_10_weeks >= TEN_IN_TEN_SESSIONS

    def as_report_row(self) -> dict:
        rate = self.attendance_rate
        return {
            "upn": self.upn,
            "possible": self.possible,
            "attended": self.attended,
            "authorised": self.authorised,
            "unauthorised": self.unauthorised,
            "late": self.late,
            "late_after_close": self.late_after_close,
            "attendance_rate": None if rate is None else float(rate),
            "persistent_absence": self.persistent_absence,
            "severe_absence": self.severe_absence,
            "unauthorised_in_10_weeks": self.unauthorised_in_10_weeks,
            "ten_in_ten": self.ten_in_ten,
        }


# The figures ``school_counts`` gives each pupil, in this order.
FIGURES = (
    "possible",
    "attended",
    "authorised",
    "unauthorised",
    "late",
    "late_after_close",
    "unauthorised_in_10_weeks",
    "recent_possible",
    "recent_attended",
)


def school_counts(
    school: School, period: "Period", *, pupil_ids: list[int] | None = None
) -> dict[int, list[int]]:
    """The ``FIGURES`` of each pupil on the school's roll who has marks on its
    register in the period (a pupil left out has none: zeros); only those of
    ``pupil_ids`` when given.

    The same counts as ``with_measures``, taken in two steps because a whole
    school's marks are many: the database counts each pupil's marks per code
    (in the year, in the ten school weeks and in the last four), a few rows
    per pupil, and they are added up here by the code table's outcomes.
    """
    recent_start = max(period.trend_start, period.year_start)
    marks = RegisterMark.objects.filter(
        school_id=period.school_id,
        pupil__school=school,
        date__gte=min(period.year_start, period.ten_weeks_start),
        date__lte=period.as_of,
    )
    if pupil_ids is not None:
        marks = marks.filter(pupil_id__in=pupil_ids)
    counts = (
        marks.values_list("pupil_id", "code")
        .annotate(
            in_year=Count("pk", filter=Q(date__gte=period.year_start)),
            in_ten_weeks=Count("pk", filter=Q(date__gte=period.ten_weeks_start)),
            recent=Count("pk", filter=Q(date__gte=recent_start)),
        )
        .order_by()
    )
    totals: dict[int, list[int]] = {}
    for pupil_id, code, in_year, in_ten_weeks, recent in counts:
        figures = totals.setdefault(pupil_id, [0] * len(FIGURES))
        if code in POSSIBLE:
            figures[0] += in_year
            figures[7] += recent
        if code in ATTENDED:
            figures[1] += in_year
            figures[8] += recent
        if code in AUTHORISED:
            figures[2] += in_year
        if code in UNAUTHORISED:
            figures[3] += in_year
        if code == "L":
            figures[4] += in_year
        if code == "U":
            figures[5] += in_year
        if code in TEN_IN_TEN_CODES:
            figures[6] += in_ten_weeks
    return totals


def school_measures(school: School, as_of: date) -> list[Measures]:
    """Every pupil on the school's roll, by UPN, with their figures."""
    totals = school_counts(school, Period.for_school(school, as_of))
    pupils = Pupil.objects.filter(school=school).order_by("upn")
    return [
        Measures(upn, *totals.get(pupil_id, [0] * len(FIGURES))[:7])
        for pupil_id, upn in pupils.values_list("pk", "upn")
    ]


def pupil_measures(
    pupil: Pupil, as_of: date, *, school: School | None = None
) -> Measures:
    """One pupil's measures on one school's register: by default the pupil's
    school; a case passes its own school, which keeps a moved pupil's case on
    the register of the school running it."""
    period = Period.for_school(school or pupil.school, as_of)
    return Measures.of(with_measures(Pupil.objects.filter(pk=pupil.pk), period).get())
