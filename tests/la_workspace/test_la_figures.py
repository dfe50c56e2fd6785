"""The LA's figures: each school's row is the sum of the attendance measures
of its pupils, the LA's total the sum of the rows, the case and legal counts
those the cases and legal apps give case by case, and the cost does not grow
with the number of schools."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from attendance.figures import figures_ensure_many, figures_refresh
from attendance.measures import rate_percent, school_measures
from attendance.models import SchoolFigures
from cases.enums import OPEN_STAGES
from cases.models import Case
from cases.selectors import case_shares, stage_counts
from la_workspace.figures import ATTENDANCE_COUNTS, la_school_figures, sort_schools
from la_workspace.figures import SchoolFigures as Row
from legal.enums import CourtOutcome
from legal.models import EducationSupervisionOrder, ProsecutionReferral
from legal.selectors import with_eso_review_due
from plans.selectors import overdue_review_plans
from schools.ages import is_compulsory_school_age
from schools.enums import YearGroup
from schools.models import LocalAuthority
from tests.attendance.conftest import TODAY
from tests.factories import LocalAuthorityFactory, PupilFactory, SchoolFactory
from tests.portal.test_overview import give_marks, school_days

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

# Each school's pupils: (year group, date of birth, codes taken in turn).
SCHOOLS = {
    "Ash": [
        (YearGroup.YEAR_7, date(2014, 1, 5), ["/"]),
        (YearGroup.YEAR_7, date(2014, 3, 1), [*"/" * 9, "N"]),  # just persistent
        (YearGroup.YEAR_8, date(2013, 6, 2), ["/", "O"]),  # severe, 10 in 10
    ],
    "Birch": [
        (YearGroup.YEAR_8, date(2013, 2, 2), [*"/" * 10, "I"]),  # neither
        (YearGroup.YEAR_11, date(2010, 2, 2), ["I", "/"]),  # severe, authorised
        # 16 on 10 July 2025: 10 in 10, but past compulsory school age.
        (YearGroup.YEAR_11, date(2009, 7, 10), ["G", "/"]),
        (YearGroup.YEAR_9, date(2012, 5, 5), ["Z"]),  # on roll, not measured
        (YearGroup.YEAR_9, date(2012, 9, 9), []),  # no marks
    ],
    "Cedar": [],  # no pupils at all
    "Damson": [(YearGroup.YEAR_10, date(2011, 4, 4), ["N", "N", "/"])],
}


def build_la(names=SCHOOLS, *, la=None):
    la = la or LocalAuthorityFactory()
    days = school_days(TODAY, 40)
    schools = []
    for name, pupils in names.items():
        school = SchoolFactory(name=name, local_authority=la)
        for year, born, codes in pupils:
            pupil = PupilFactory(school=school, year_group=year, date_of_birth=born)
            if codes:
                give_marks(pupil, days, codes)
        schools.append(school)
    return la, schools


def expected_row(school) -> dict:
    """The school's row, worked out pupil by pupil from the measures."""
    measures = school_measures(school, TODAY)
    born = dict(school.pupils.values_list("upn", "date_of_birth"))
    compulsory = {
        upn for upn, dob in born.items() if is_compulsory_school_age(dob, TODAY)
    }
    return {
        "pupils": len(measures),
        "measured": sum(m.possible > 0 for m in measures),
        "possible": sum(m.possible for m in measures),
        "attended": sum(m.attended for m in measures),
        "persistent": sum(m.persistent_absence for m in measures),
        "severe": sum(m.severe_absence for m in measures),
        "compulsory": len(compulsory),
        "ten_in_ten": sum(m.ten_in_ten and m.upn in compulsory for m in measures),
    }


def counts(row) -> dict:
    return {name: getattr(row, name) for name in ATTENDANCE_COUNTS}


def test_each_schools_row_is_the_sum_of_its_pupils_measures(db):
    la, schools = build_la()
    # Another LA's school, with marks, counts nowhere here.
    build_la({"Elm": [(YearGroup.YEAR_7, date(2014, 2, 2), ["O"])]})

    figures = la_school_figures(la, TODAY)

    assert [row.name for row in figures.schools] == ["Ash", "Birch", "Cedar", "Damson"]
    for row, school in zip(figures.schools, schools, strict=True):
        assert counts(row) == expected_row(school), school.name
        measures = school_measures(school, TODAY)
        assert row.rate == rate_percent(
            sum(m.attended for m in measures), sum(m.possible for m in measures)
        )
    ash, birch, cedar, damson = figures.schools
    assert (ash.persistent, ash.severe, ash.ten_in_ten) == (2, 1, 1)
    assert (birch.pupils, birch.measured) == (5, 3)
    assert (birch.severe, birch.ten_in_ten) == (2, 0)
    assert str(birch.severe_rate) == "66.7"  # 2 of the 3 measured, not of 5
    assert (cedar.pupils, cedar.rate, cedar.persistent_rate) == (0, None, None)
    assert damson.ten_in_ten == 1


def test_the_las_total_adds_up_the_schools_and_recomputes_its_rates(db):
    la, schools = build_la()
    figures = la_school_figures(la, TODAY)
    total = figures.total
    expected = [expected_row(school) for school in schools]
    assert counts(total) == {
        name: sum(row[name] for row in expected) for name in expected[0]
    }
    assert (total.pupils, total.measured, total.persistent, total.severe) == (
        9,
        7,
        5,
        4,
    )
    # From the summed counts, not the mean of the schools' rates.
    assert total.rate == rate_percent(total.attended, total.possible)
    assert str(total.persistent_rate) == "71.4"  # 5 of the 7 measured
    mean = sum(r.persistent_rate for r in figures.schools if r.persistent_rate) / 3
    assert total.persistent_rate != mean.quantize(total.persistent_rate)


def test_figures_are_refreshed_first_when_stale(db):
    la, schools = build_la()
    figures_refresh(school=schools[0], as_of=TODAY)
    SchoolFigures.objects.filter(school=schools[0]).update(last_import_run_id=-1)
    refreshed = figures_ensure_many(schools=schools, as_of=TODAY)
    assert refreshed == schools  # one never computed, one out of date: all
    assert figures_ensure_many(schools=schools, as_of=TODAY) == []
    give_marks(schools[3].pupils.get(), [date(2025, 11, 20)], ["N"])
    assert figures_ensure_many(schools=schools, as_of=date(2025, 11, 20)) == [
        schools[3]
    ]


def test_staleness_is_judged_in_a_fixed_number_of_queries(db):
    la, schools = build_la()
    figures_ensure_many(schools=schools, as_of=TODAY)
    more = build_la({f"S{n}": [] for n in range(6)}, la=la)[1]
    figures_ensure_many(schools=schools + more, as_of=TODAY)
    later = date(2025, 11, 21)  # a day with no marks: still current
    for group in (schools, schools + more):
        with CaptureQueriesContext(connection) as captured:
            assert figures_ensure_many(schools=group, as_of=later) == []
        assert len(captured) == 4


def query_count(la) -> int:
    la_school_figures(la, TODAY, legal=True)
    with CaptureQueriesContext(connection) as captured:
        la_school_figures(la, TODAY, legal=True)
    return len(captured)


def test_query_count_does_not_grow_with_the_schools(db):
    la, _ = build_la({"One": SCHOOLS["Ash"], "Two": SCHOOLS["Damson"]})
    two = query_count(la)
    build_la({f"More {n}": SCHOOLS["Ash"] for n in range(4)}, la=la)
    assert query_count(la) == two


def referral_awaits_court(referral) -> bool:
    decided = {
        outcome.parent_id
        for outcome in referral.outcomes.all()
        if outcome.outcome != CourtOutcome.ADJOURNED
    }
    return referral.case.is_open and any(
        parent.pk not in decided for parent in referral.parents.all()
    )


@pytest.mark.parametrize("code", ["373", "203"])
def test_case_and_legal_counts_are_those_of_each_case(code):
    """On the demo (dated from today): the counts per school equal the cases,
    plans and legal apps' own reads, case by case."""
    today = timezone.localdate()
    la = LocalAuthority.objects.get(code=code)
    figures = la_school_figures(la, today, legal=True)
    assert figures.schools
    orders = EducationSupervisionOrder.objects.filter(case__school__local_authority=la)
    referrals = ProsecutionReferral.objects.filter(case__school__local_authority=la)
    for row in figures.schools:
        cases = Case.objects.filter(school=row.school)
        stages = stage_counts(cases)
        assert row.open_by_stage == {s: stages[s] for s in OPEN_STAGES}
        open_cases = [case for case in cases if case.is_open]
        assert row.open_cases == len(open_cases)
        assert row.shared_cases == sum(bool(case_shares(c)) for c in open_cases)
        assert (
            row.plan_reviews_overdue
            == overdue_review_plans(today).filter(case__school=row.school).count()
        )
        assert row.live_esos == sum(
            o.is_live for o in orders if o.case.school_id == row.school.pk
        )
        assert (
            row.eso_reviews_due
            == with_eso_review_due(cases, today).filter(eso_review_due=True).count()
        )
        assert row.open_referrals == sum(
            referral_awaits_court(r)
            for r in referrals
            if r.case.school_id == row.school.pk
        )
    total = figures.total
    assert total.open_cases == sum(r.open_cases for r in figures.schools)
    # The demo has one of each at its secondary school: the test compares
    # something.
    assert (
        min(
            total.shared_cases,
            total.plan_reviews_overdue,
            total.live_esos,
            total.eso_reviews_due,
            total.open_referrals,
        )
        > 0
    )


def test_without_legal_the_legal_counts_are_not_read(db):
    la, _ = build_la({"One": []})
    figures = la_school_figures(la, TODAY, casework=False)
    row = figures.schools[0]
    assert (row.open_cases, row.live_esos, figures.total.live_esos) == (None,) * 3


def rows(*specs) -> list[Row]:
    return [
        Row(name=name, attended=attended, possible=possible, ten_in_ten=ten)
        for name, attended, possible, ten in specs
    ]


SORTED = [
    ("name", False, ["Ash", "birch", "Cedar", "Damson"]),
    ("name", True, ["Damson", "Cedar", "birch", "Ash"]),
    ("rate", False, ["Damson", "Ash", "Cedar", "birch"]),  # no figure: last
    ("rate", True, ["Ash", "Cedar", "Damson", "birch"]),  # ties by name
    ("ten_in_ten", True, ["Cedar", "Ash", "birch", "Damson"]),
    ("nonsense", False, ["Ash", "birch", "Cedar", "Damson"]),
]


@pytest.mark.unit
@pytest.mark.parametrize(("key", "descending", "expected"), SORTED)
def test_sort_schools(key, descending, expected):
    table = rows(
        ("Cedar", 9, 10, 5),
        ("Damson", 1, 2, 0),
        ("Ash", 90, 100, 2),
        ("birch", 0, 0, 1),
    )
    got = sort_schools(table, key, descending=descending)
    assert [row.name for row in got] == expected
