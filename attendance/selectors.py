"""Reads for the attendance pages: whose registers a user may see, the lists
staff work from, and one pupil's weekly figures, calendar and amendments."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import (
    Count,
    F,
    FilteredRelation,
    FloatField,
    Max,
    Min,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.functions import Cast, Coalesce, NullIf, TruncWeek

from attendance.codes import BY_CODE, AttendanceCode
from attendance.measures import (
    ATTENDED,
    FIGURES,
    POSSIBLE,
    at_risk,
    falling_trend,
    persistently_absent,
    rate_percent,
    severely_absent,
    ten_in_ten_met,
)
from attendance.models import (
    AbsenceContact,
    AmendmentForMis,
    MisState,
    RegisterAmendment,
    RegisterMark,
    SchoolAttendanceSettings,
)
from schools.models import CarerRelationship, Pupil, School
from schools.permissions import schools_with_permission
from schools.retention import REGISTER_YEARS, latest_due_start
from schools.roles import IMPORT_REGISTERS, VIEW_ATTENDANCE
from schools.selectors import of_compulsory_school_age

DEFAULT_AT_RISK_UPPER = Decimal(95)


def attendance_schools(user: AbstractBaseUser) -> QuerySet[School]:
    """Schools whose registers and figures the user may see."""
    return schools_with_permission(user, VIEW_ATTENDANCE)


def import_schools(user: AbstractBaseUser) -> QuerySet[School]:
    """Schools the user may import pupils and register marks into."""
    return schools_with_permission(user, IMPORT_REGISTERS)


def at_risk_upper(school: School) -> Decimal:
    found = SchoolAttendanceSettings.objects.filter(school=school).first()
    return found.at_risk_upper_percent if found else DEFAULT_AT_RISK_UPPER


@dataclass(frozen=True)
class StaffList:
    key: str
    title: str
    description: str


STAFF_LISTS = (
    StaffList(
        "persistent",
        "Persistently absent",
        "Absent from 10 % or more of their possible sessions this year.",
    ),
    StaffList(
        "severe",
        "Severely absent",
        "Absent from 50 % or more of their possible sessions this year.",
    ),
    StaffList(
        "at-risk",
        "At risk of persistent absence",
        "Attending more than 90 % and no more than the school's upper band.",
    ),
    StaffList(
        "ten-in-ten",
        "10 in 10 threshold met",
        "Pupils of compulsory school age with 10 or more unauthorised sessions "
        "in the last 10 school weeks: a penalty notice must be considered (not "
        "necessarily issued).",
    ),
    StaffList(
        "unexplained-today",
        "Unexplained absence today",
        "An N (no reason yet) mark for one of today's sessions.",
    ),
    StaffList(
        "falling",
        "Falling attendance",
        "Attendance over the last 4 school weeks at least 5 points below the year's.",
    ),
)
STAFF_LISTS_BY_KEY = {staff_list.key: staff_list for staff_list in STAFF_LISTS}

SORTS = {
    "rate": ("attendance_ratio", "legal_surname", "legal_forename", "pk"),
    "-rate": ("-attendance_ratio", "legal_surname", "legal_forename", "pk"),
    "name": ("legal_surname", "legal_forename", "pk"),
    "year": ("year_group", "legal_surname", "legal_forename", "pk"),
    "-unauthorised": ("-unauthorised", "legal_surname", "legal_forename", "pk"),
}


def with_list_figures(pupils: QuerySet[Pupil], school: School) -> QuerySet[Pupil]:
    """``pupils`` annotated as ``measures.with_measures`` does, read from the
    school's list figures: one row per pupil, joined once (a pupil with no row
    has no marks counted: zeros)."""
    figures = {name: Coalesce(F(f"list_figures__{name}"), 0) for name in FIGURES}
    return (
        pupils.alias(
            list_figures=FilteredRelation(
                "figures", condition=Q(figures__school=school)
            )
        )
        .annotate(**figures)
        .annotate(absent=F("possible") - F("attended"))
    )


def with_own_school_figures(pupils: QuerySet[Pupil]) -> QuerySet[Pupil]:
    """``pupils`` of any schools annotated as ``with_list_figures`` does, each
    from their own school's list figures (a moved pupil's old row at another
    school is not counted). Each school's figures must be current
    (``figures_ensure_many``)."""
    figures = {name: Coalesce(F(f"own_figures__{name}"), 0) for name in FIGURES}
    return (
        pupils.alias(
            own_figures=FilteredRelation(
                "figures", condition=Q(figures__school_id=F("school_id"))
            )
        )
        .annotate(**figures)
        .annotate(absent=F("possible") - F("attended"))
    )


def staff_list(
    *,
    school: School,
    key: str,
    as_of: date,
    filters: dict,
    sort: str = "rate",
    at_risk_upper_percent: Decimal | None = None,
) -> QuerySet[Pupil]:
    """The pupils on one of the lists, annotated with their measures.

    The figures are the school's list figures (``attendance.figures``): call
    ``figures_ensure(school=…, as_of=…)`` first, which makes them those of the
    measures as of ``as_of``. ``at_risk_upper_percent`` is the school's band,
    needed for the at-risk list (the caller reads it once with
    ``at_risk_upper`` and also shows it).
    """
    if key == "at-risk" and at_risk_upper_percent is None:
        raise ValueError("The at-risk list needs the school's upper band.")
    pupils = Pupil.objects.filter(school=school)
    if filters.get("year_group") is not None:
        pupils = pupils.filter(year_group=filters["year_group"])
    if filters.get("sen_status"):
        pupils = pupils.filter(sen_status=filters["sen_status"])
    for flag in ("pupil_premium", "has_social_worker"):
        if filters.get(flag):
            pupils = pupils.filter(**{flag: True})
    if key == "unexplained-today":
        pupils = pupils.filter(
            pk__in=RegisterMark.objects.filter(
                school=school, date=as_of, code="N"
            ).values("pupil")
        )
    annotated = with_list_figures(pupils, school).annotate(
        attendance_ratio=Cast(F("attended"), FloatField())
        / NullIf(Cast(F("possible"), FloatField()), 0.0)
    )
    narrowed = {
        "persistent": persistently_absent,
        "severe": severely_absent,
        "at-risk": lambda q: at_risk(q, upper_percent=at_risk_upper_percent),
        "ten-in-ten": lambda q: ten_in_ten_met(q).filter(
            of_compulsory_school_age(as_of)
        ),
        "falling": falling_trend,
        "unexplained-today": lambda q: q,
    }[key](annotated)
    return narrowed.order_by(*SORTS.get(sort, SORTS["rate"]))


def ten_in_ten_outside_compulsory_age(*, school: School, as_of: date) -> int:
    """How many of the school's pupils meet the 10 in 10 threshold but are not
    of compulsory school age on ``as_of`` (nursery and reception children
    before their prescribed day, and those past the school leaving date), for
    whom a penalty notice cannot be issued. Reads the list figures, as
    ``staff_list`` does."""
    pupils = with_list_figures(Pupil.objects.filter(school=school), school)
    return ten_in_ten_met(pupils).exclude(of_compulsory_school_age(as_of)).count()


def _school_register(pupil: Pupil) -> QuerySet[RegisterMark]:
    """The pupil's marks on their current school's register: the marks the
    measures count, and the only ones that school's staff may read."""
    return RegisterMark.objects.filter(pupil=pupil, school_id=pupil.school_id)


@dataclass(frozen=True)
class WeekFigures:
    monday: date
    possible: int
    attended: int

    @property
    def rate(self) -> Decimal | None:
        return rate_percent(self.attended, self.possible)


def weekly_figures(pupil: Pupil, *, start: date, as_of: date) -> list[WeekFigures]:
    """Possible and attended sessions per week with any possible session."""
    rows = (
        _school_register(pupil)
        .filter(date__gte=start, date__lte=as_of)
        .annotate(week=TruncWeek("date"))
        .values("week")
        .annotate(
            possible=Count("pk", filter=Q(code__in=POSSIBLE)),
            attended=Count("pk", filter=Q(code__in=ATTENDED)),
        )
        .filter(possible__gt=0)
        .order_by("week")
    )
    return [
        WeekFigures(_as_date(row["week"]), row["possible"], row["attended"])
        for row in rows
    ]


def _as_date(value) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


@dataclass(frozen=True)
class CalendarWeek:
    monday: date
    days: list[tuple[date, str, str]]  # (date, AM code, PM code) for Mon-Fri


def register_calendar(pupil: Pupil, *, start: date, as_of: date) -> list[CalendarWeek]:
    """The register as weeks of Monday-to-Friday cells, weeks with marks only."""
    marks = (
        _school_register(pupil)
        .filter(date__gte=start, date__lte=as_of)
        .values_list("date", "session", "code")
    )
    by_day: dict[date, dict[str, str]] = {}
    for day, session, code in marks:
        by_day.setdefault(day, {})[session] = code
    mondays = sorted({day - timedelta(days=day.weekday()) for day in by_day})
    weeks = []
    for monday in mondays:
        days = []
        for offset in range(5):
            day = monday + timedelta(days=offset)
            codes = by_day.get(day, {})
            days.append((day, codes.get("AM", ""), codes.get("PM", "")))
        weeks.append(CalendarWeek(monday, days))
    return weeks


def codes_used(weeks: list[CalendarWeek]) -> list[AttendanceCode]:
    """The key for a calendar: each code it shows, in code-table order."""
    used = {code for week in weeks for _day, am, pm in week.days for code in (am, pm)}
    return [code for key, code in BY_CODE.items() if key in used]


def pupil_amendments(pupil: Pupil) -> QuerySet[RegisterAmendment]:
    return (
        RegisterAmendment.objects.filter(mark__in=_school_register(pupil))
        .select_related("mark", "for_mis")
        .order_by("-amended_at", "-pk")
    )


def with_first_day(pupils: QuerySet[Pupil], *, school: School, day: date):
    """``pupils`` with what the first-day response needs, fetched in three
    queries whatever their number: ``marks_on_day`` (the school's marks that
    day), ``carers`` (relationships with their parent or carer, in contact
    order) and ``contacts_on_day`` (attempts about that day's absence)."""
    return pupils.prefetch_related(
        Prefetch(
            "register_marks",
            queryset=RegisterMark.objects.filter(school=school, date=day),
            to_attr="marks_on_day",
        ),
        Prefetch(
            "carer_relationships",
            queryset=CarerRelationship.objects.select_related("parent_carer"),
            to_attr="carers",
        ),
        Prefetch(
            "absence_contacts",
            queryset=AbsenceContact.objects.filter(absence_date=day),
            to_attr="contacts_on_day",
        ),
    )


def absence_contacts(pupil: Pupil) -> QuerySet[AbsenceContact]:
    """Every contact attempt about the pupil's absences, latest first."""
    return AbsenceContact.objects.filter(pupil=pupil).order_by(
        "-absence_date", "-attempted_at", "-pk"
    )


def amendments_to_enter(school: School) -> QuerySet[AmendmentForMis]:
    """Portal amendments the school's MIS does not show yet, oldest session
    first, with what the last import that disagreed brought."""
    return (
        AmendmentForMis.objects.filter(school=school, state=MisState.TO_ENTER)
        .select_related("amendment", "mark__pupil", "conflict_run")
        .order_by("mark__date", "mark__session", "mark__pupil__legal_surname", "pk")
    )


@dataclass(frozen=True)
class RegisterDue:
    """A school's register marks past their retention period, counted."""

    school: School
    marks: int
    amendments: int
    mis_entries: int
    earliest: date
    latest: date


def register_marks_due(*, today: date) -> QuerySet[RegisterMark]:
    """Every school's marks kept their 6 years by ``today`` (schools.retention)."""
    cutoff = latest_due_start(today=today, years=REGISTER_YEARS)
    return RegisterMark.objects.filter(date__lte=cutoff)


def register_retention_due(*, today: date) -> list[RegisterDue]:
    """Per school, in name order, the marks due for removal on ``today`` with
    the amendments and MIS entries that would go with them. Four queries."""
    due = register_marks_due(today=today)
    by_school = {
        row["school"]: row
        for row in due.values("school").annotate(
            marks=Count("pk"), earliest=Min("date"), latest=Max("date")
        )
    }
    amendments = dict(
        RegisterAmendment.objects.filter(mark__in=due.values("pk"))
        .values_list("mark__school")
        .annotate(Count("pk"))
    )
    mis_entries = dict(
        AmendmentForMis.objects.filter(mark__in=due.values("pk"))
        .values_list("mark__school")
        .annotate(Count("pk"))
    )
    return [
        RegisterDue(
            school=school,
            marks=by_school[school.pk]["marks"],
            amendments=amendments.get(school.pk, 0),
            mis_entries=mis_entries.get(school.pk, 0),
            earliest=by_school[school.pk]["earliest"],
            latest=by_school[school.pk]["latest"],
        )
        for school in School.objects.filter(pk__in=by_school).order_by("name", "pk")
    ]
