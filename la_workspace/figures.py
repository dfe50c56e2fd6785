"""An LA's figures across its schools: one row per school, and the LA's total.

Aggregate figures only: counts and rates, never a pupil. Every attendance
figure adds up the schools' list figures (``PupilFigures``, kept equal to the
measures; ``figures_ensure_many`` makes them current first) in one query
grouped by school, with the same conditions the headteacher's overview counts
with (``attendance.measures``). The case and legal figures are one grouped
query each. So the number of queries stays the same however many schools
the LA has (once the figures are current).

Rates of sessions are attended / possible; rates of pupils (persistent,
severe) are of the pupils with a possible session. The LA's total adds up
the schools' counts and works its rates out again from them: a rate is
never an average of rates.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import (
    Count,
    Exists,
    OuterRef,
)

from attendance.figures import figures_ensure_many
from attendance.measures import (
    rate_percent,
)
from attendance.overview import grouped_counts
from attendance.selectors import with_own_school_figures
from cases.enums import OPEN_STAGES
from cases.models import Case, CaseGroupObjectPermission, CaseUserObjectPermission
from cases.permissions import VIEW_CASE
from cases.selectors import la_team_groups
from legal.enums import LIVE_ESO_STATUSES, CourtOutcome
from legal.models import (
    EducationSupervisionOrder,
    ProsecutionOutcome,
    ProsecutionReferral,
)
from legal.selectors import orders_in_force
from plans.selectors import overdue_review_plans
from schools.models import LocalAuthority, Pupil, School

# The counts each row holds, added up as they are for the LA's total.
ATTENDANCE_COUNTS = (
    "pupils",
    "measured",
    "possible",
    "attended",
    "persistent",
    "severe",
    "compulsory",
    "ten_in_ten",
)
CASEWORK_COUNTS = ("open_cases", "shared_cases", "plan_reviews_overdue")
LEGAL_COUNTS = ("live_esos", "open_referrals", "eso_reviews_due")


@dataclass
class SchoolFigures:
    """One school's figures (or the LA's total, with ``school`` None).

    ``open_by_stage`` holds the open cases per stage, in the order of the
    escalation. The case and legal counts are None when not asked for.
    """

    name: str
    school: School | None = None
    pupils: int = 0  # on roll
    measured: int = 0  # with at least one possible session
    possible: int = 0
    attended: int = 0
    persistent: int = 0
    severe: int = 0
    compulsory: int = 0  # of compulsory school age
    ten_in_ten: int = 0  # of compulsory school age, meeting 10 in 10
    open_by_stage: dict[str, int] = field(default_factory=dict)
    open_cases: int | None = None
    shared_cases: int | None = None
    plan_reviews_overdue: int | None = None
    live_esos: int | None = None
    open_referrals: int | None = None
    eso_reviews_due: int | None = None

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
class LaFigures:
    local_authority: LocalAuthority
    as_of: date
    schools: list[SchoolFigures]
    total: SchoolFigures
    casework: bool
    legal: bool
    stages: list[tuple[str, str]]  # (value, label) of the open stages


def _attendance_rows(la: LocalAuthority, as_of: date) -> dict[int, dict]:
    """The attendance counts of each school, one query grouped by school;
    each pupil counted on their own school's figures."""
    rows = grouped_counts(
        with_own_school_figures(Pupil.objects.filter(school__local_authority=la)),
        ["school_id"],
        as_of=as_of,
    )
    return {row.pop("school_id"): row for row in rows}


def _grouped(queryset, school_field: str) -> dict[int, int]:
    """Rows of ``queryset`` counted per school, one query."""
    return dict(queryset.order_by().values_list(school_field).annotate(n=Count("pk")))


def _open_cases(la: LocalAuthority):
    return Case.objects.filter(school__local_authority=la, stage__in=OPEN_STAGES)


def _shared_open_cases(la: LocalAuthority):
    """Open cases shared with the LA: with its team (its role groups) or with
    one of its staff by name (the grants ``cases.selectors.case_shares`` reads)."""
    team = CaseGroupObjectPermission.objects.filter(
        content_object=OuterRef("pk"),
        permission__codename=VIEW_CASE.split(".")[-1],
        group__in=la_team_groups(la),
    )
    named = CaseUserObjectPermission.objects.filter(
        content_object=OuterRef("pk"),
        permission__codename=VIEW_CASE.split(".")[-1],
        user__memberships__local_authority=la,
    )
    return _open_cases(la).filter(Exists(team) | Exists(named))


def _open_referrals(la: LocalAuthority):
    """Prosecution referrals on open cases where a parent named on the referral
    has no decision of the court yet (nothing, or only adjournments)."""
    parents = ProsecutionReferral.parents.through.objects.filter(
        prosecutionreferral_id=OuterRef("pk")
    )
    decided = ProsecutionOutcome.objects.filter(
        referral_id=OuterRef("prosecutionreferral_id"),
        parent_id=OuterRef("parentcarer_id"),
    ).exclude(outcome=CourtOutcome.ADJOURNED)
    return ProsecutionReferral.objects.filter(
        case__school__local_authority=la, case__stage__in=OPEN_STAGES
    ).filter(Exists(parents.filter(~Exists(decided))))


def _add_casework(rows: dict[int, SchoolFigures], la: LocalAuthority, as_of: date):
    by_stage: dict[int, dict[str, int]] = defaultdict(dict)
    for school_id, stage, count in (
        _open_cases(la)
        .order_by()
        .values_list("school_id", "stage")
        .annotate(n=Count("pk"))
    ):
        by_stage[school_id][stage] = count
    shared = _grouped(_shared_open_cases(la), "school_id")
    overdue = _grouped(
        overdue_review_plans(as_of).filter(case__school__local_authority=la),
        "case__school_id",
    )
    for school_id, row in rows.items():
        counts = by_stage.get(school_id, {})
        row.open_by_stage = {stage: counts.get(stage, 0) for stage in OPEN_STAGES}
        row.open_cases = sum(row.open_by_stage.values())
        row.shared_cases = shared.get(school_id, 0)
        row.plan_reviews_overdue = overdue.get(school_id, 0)


def _add_legal(rows: dict[int, SchoolFigures], la: LocalAuthority, as_of: date):
    live = _grouped(
        EducationSupervisionOrder.objects.filter(
            case__school__local_authority=la, status__in=LIVE_ESO_STATUSES
        ),
        "case__school_id",
    )
    referrals = _grouped(_open_referrals(la), "case__school_id")
    reviews_due: dict[int, int] = defaultdict(int)
    # Review dates are month arithmetic done in Python (legal.rules): three
    # queries for every order in force at the LA's schools.
    for order in orders_in_force(
        Case.objects.filter(school__local_authority=la), as_of
    ):
        if order.state.review_due_soon:
            reviews_due[order.case.school_id] += 1
    for school_id, row in rows.items():
        row.live_esos = live.get(school_id, 0)
        row.open_referrals = referrals.get(school_id, 0)
        row.eso_reviews_due = reviews_due.get(school_id, 0)


def la_total(rows: list[SchoolFigures], *, casework: bool, legal: bool):
    """The LA's row: every count the sum of the schools', rates worked out
    again from the summed counts."""
    total = SchoolFigures(name="All schools")
    names = list(ATTENDANCE_COUNTS)
    if casework:
        names += CASEWORK_COUNTS
        total.open_by_stage = dict.fromkeys(OPEN_STAGES, 0)
        for row in rows:
            for stage, count in row.open_by_stage.items():
                total.open_by_stage[stage] += count
    if legal:
        names += LEGAL_COUNTS
    for name in names:
        setattr(total, name, sum(getattr(row, name) or 0 for row in rows))
    return total


def la_school_figures(
    local_authority: LocalAuthority,
    as_of: date,
    *,
    legal: bool = False,
    casework: bool = True,
) -> LaFigures:
    """Every school of the LA with its figures as of ``as_of``, by name, and
    the LA's total.

    ``casework`` adds the open cases per stage, the open cases shared with
    the LA and the plan reviews overdue; ``legal`` adds the live education
    supervision orders, the open prosecution referrals and the ESO reviews
    due. Side effects: refreshes the list figures of any school whose figures
    are not current (``figures_ensure_many``).
    """
    schools = list(School.objects.filter(local_authority=local_authority))
    schools.sort(key=lambda school: (school.name.casefold(), school.pk))
    figures_ensure_many(schools=schools, as_of=as_of)
    counts = _attendance_rows(local_authority, as_of)
    rows = {
        school.pk: SchoolFigures(
            name=school.name, school=school, **counts.get(school.pk, {})
        )
        for school in schools
    }
    if casework:
        _add_casework(rows, local_authority, as_of)
    if legal:
        _add_legal(rows, local_authority, as_of)
    ordered = list(rows.values())
    return LaFigures(
        local_authority=local_authority,
        as_of=as_of,
        schools=ordered,
        total=la_total(ordered, casework=casework, legal=legal),
        casework=casework,
        legal=legal,
        stages=[(stage.value, stage.label) for stage in OPEN_STAGES],
    )


# How the dashboard's table may be sorted: the query's word, and the figure.
SORT_KEYS = {
    "name": "name",
    "rate": "rate",
    "persistent_rate": "persistent_rate",
    "severe_rate": "severe_rate",
    "ten_in_ten": "ten_in_ten",
    "open_cases": "open_cases",
}
DEFAULT_SORT = "name"


def sort_schools(
    rows: list[SchoolFigures], key: str, *, descending: bool = False
) -> list[SchoolFigures]:
    """The rows sorted by one figure; a school with no figure to show (no
    possible session yet) goes last whichever way; ties in name order. An
    unknown key sorts by name."""
    attribute = SORT_KEYS.get(key, DEFAULT_SORT)
    by_name = sorted(rows, key=lambda row: (row.name.casefold(), row.name))
    if attribute == "name":
        return by_name[::-1] if descending else by_name
    present = [row for row in by_name if getattr(row, attribute) is not None]
    missing = [row for row in by_name if getattr(row, attribute) is None]
    present.sort(key=lambda row: getattr(row, attribute), reverse=descending)
    return present + missing
