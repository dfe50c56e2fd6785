"""A school's attendance at a glance: the figures of the headteacher's overview.

Everything here is read from the measures, never counted another way:

* the whole-school and per-group figures add up the school's list figures
  (``PupilFigures``, kept equal to the measures by ``figures_ensure``, which the
  caller runs first), in one grouped query over the pupils on roll;
* the week-by-week rates count the school's register marks per day and code,
  one query a year, and add them up into weeks and outcomes here: the
  register's school-date-code index answers that alone, where truncating every
  mark to its week, or testing each mark's code, would read every row.

Rates of sessions are attended / possible over the group's pupils; rates of
pupils (persistent, severe) are of the pupils with a possible session, the
same pupils the measures can judge.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum

from attendance.measures import (
    ATTENDED,
    PERSISTENT_ABSENCE,
    POSSIBLE,
    SEVERE_ABSENCE,
    TEN_IN_TEN,
    academic_year_start,
    rate_percent,
)
from attendance.models import RegisterMark
from attendance.selectors import with_list_figures
from schools.enums import SenStatus, YearGroup
from schools.models import Pupil, School
from schools.selectors import of_compulsory_school_age


@dataclass
class GroupFigures:
    """The measures added up over a group of pupils."""

    label: str
    pupils: int = 0
    measured: int = 0  # pupils with at least one possible session
    possible: int = 0
    attended: int = 0
    persistent: int = 0
    severe: int = 0

    COUNTS = ("pupils", "measured", "possible", "attended", "persistent", "severe")

    def add(self, row: dict) -> None:
        for name in self.COUNTS:
            setattr(self, name, getattr(self, name) + row[name])

    @property
    def rate(self) -> Decimal | None:
        return rate_percent(self.attended, self.possible)

    @property
    def persistent_rate(self) -> Decimal | None:
        return rate_percent(self.persistent, self.measured)

    @property
    def severe_rate(self) -> Decimal | None:
        return rate_percent(self.severe, self.measured)


@dataclass
class Breakdown:
    key: str
    title: str
    groups: list[GroupFigures]


@dataclass
class SchoolOverview:
    school: School
    as_of: date
    year_start: date
    whole: GroupFigures
    ten_in_ten: int  # pupils of compulsory school age meeting 10 in 10
    compulsory_age_pupils: int
    breakdowns: list[Breakdown] = field(default_factory=list)


def grouped_counts(pupils, group_by: list[str], *, as_of: date) -> list[dict]:
    """The measures' counts over ``pupils`` (annotated with their list
    figures) in one query grouped by ``group_by``: each row holds the group's
    values and pupils, measured, possible, attended, persistent, severe,
    compulsory (of compulsory school age) and ten_in_ten (of them)."""
    compulsory = of_compulsory_school_age(as_of)
    rows = (
        pupils.order_by()
        .values(*group_by)
        .annotate(
            pupils_n=Count("pk"),
            measured_n=Count("pk", filter=Q(possible__gt=0)),
            possible_n=Sum("possible"),
            attended_n=Sum("attended"),
            persistent_n=Count("pk", filter=PERSISTENT_ABSENCE),
            severe_n=Count("pk", filter=SEVERE_ABSENCE),
            compulsory_n=Count("pk", filter=compulsory),
            ten_in_ten_n=Count("pk", filter=compulsory & TEN_IN_TEN),
        )
    )
    # The counts carry a suffix: the pupils' own annotations hold the bare names.
    return [
        {
            key.removesuffix("_n"): (value or 0) if key.endswith("_n") else value
            for key, value in row.items()
        }
        for row in rows
    ]


def school_overview(*, school: School, as_of: date) -> SchoolOverview:
    """The school's figures and their breakdowns, from one query.

    The list figures must be current: call ``figures_ensure(school=…,
    as_of=…)`` first. The database groups the pupils on roll by every
    combination of year group, SEN status, pupil premium and social worker (a
    few dozen rows at most), and each breakdown adds those rows up here.
    """
    rows = grouped_counts(
        with_list_figures(Pupil.objects.filter(school=school), school),
        ["year_group", "sen_status", "pupil_premium", "has_social_worker"],
        as_of=as_of,
    )
    whole = GroupFigures("Whole school")
    for row in rows:
        whole.add(row)

    def breakdown(key, title, labels) -> Breakdown:
        groups = {value: GroupFigures(label) for value, label in labels}
        for row in rows:
            groups[row[key]].add(row)
        return Breakdown(key, title, [g for g in groups.values() if g.pupils])

    yes_no = [(True, "Yes"), (False, "No")]
    return SchoolOverview(
        school=school,
        as_of=as_of,
        year_start=academic_year_start(as_of),
        whole=whole,
        ten_in_ten=sum(row["ten_in_ten"] for row in rows),
        compulsory_age_pupils=sum(row["compulsory"] for row in rows),
        breakdowns=[
            breakdown("year_group", "Year group", YearGroup.choices),
            breakdown("sen_status", "SEN status", SenStatus.choices),
            breakdown("pupil_premium", "Pupil premium", yes_no),
            breakdown("has_social_worker", "Social worker", yes_no),
        ],
    )


@dataclass(frozen=True)
class WeekRate:
    possible: int
    attended: int

    @property
    def rate(self) -> Decimal | None:
        return rate_percent(self.attended, self.possible)


@dataclass(frozen=True)
class ComparedWeek:
    """One week of the school year, this year and the same week a year before."""

    number: int  # 1 for the week holding 1 August
    monday: date
    last_year_monday: date
    this_year: WeekRate | None
    last_year: WeekRate | None


def _first_monday(year_start: date) -> date:
    return year_start - timedelta(days=year_start.weekday())


def _marks_per_day_and_code(school: School, start: date, end: date):
    """(date, code, marks) over the dates: counted from the index alone."""
    rows = (
        RegisterMark.objects.filter(school=school, date__gte=start, date__lte=end)
        .values_list("date", "code")
        .annotate(marks=Count("pk"))
        .order_by()
    )
    for day, code, marks in rows:
        yield (date.fromisoformat(day) if isinstance(day, str) else day), code, marks


def weekly_comparison(*, school: School, as_of: date) -> list[ComparedWeek]:
    """Attendance per school week this year, beside the same week of last year.

    Weeks are numbered within the school year (1 August's week is week 1), so
    week 6 this year is set beside week 6 last year whatever their dates. Last
    year runs only as far as this year's current week. Every mark on the
    school's register counts, the roll as it was that week; a week shows only
    where a year has a possible session in it. Two queries, one a year, each
    reading a date range of the register's school-and-date index.
    """
    this_start = academic_year_start(as_of)
    last_start = academic_year_start(this_start - timedelta(days=1))
    this_monday, last_monday = _first_monday(this_start), _first_monday(last_start)
    weeks_so_far = (as_of - this_monday).days // 7 + 1
    last_end = min(
        last_monday + timedelta(weeks=weeks_so_far, days=-1),
        this_start - timedelta(days=1),
    )
    totals: dict[tuple[bool, int], list[int]] = {}
    for this_year, start, end, monday in (
        (True, this_start, as_of, this_monday),
        (False, last_start, last_end, last_monday),
    ):
        for day, code, marks in _marks_per_day_and_code(school, start, end):
            number = (day - monday).days // 7 + 1
            counts = totals.setdefault((this_year, number), [0, 0])
            if code in POSSIBLE:
                counts[0] += marks
            if code in ATTENDED:
                counts[1] += marks

    def week(this_year: bool, number: int) -> WeekRate | None:
        counts = totals.get((this_year, number))
        return WeekRate(*counts) if counts and counts[0] else None

    compared = []
    for number in range(1, weeks_so_far + 1):
        this, last = week(True, number), week(False, number)
        if this or last:
            compared.append(
                ComparedWeek(
                    number=number,
                    monday=this_monday + timedelta(weeks=number - 1),
                    last_year_monday=last_monday + timedelta(weeks=number - 1),
                    this_year=this,
                    last_year=last,
                )
            )
    return compared
