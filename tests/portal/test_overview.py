"""The school overview: its figures are the measures' sums, only the school's
headteachers and attendance leads see it, and its cost does not grow with the
roll."""

from collections import defaultdict
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from attendance.figures import figures_refresh
from attendance.measures import school_measures
from attendance.models import RegisterMark
from attendance.overview import school_overview, weekly_comparison
from schools.ages import is_compulsory_school_age
from schools.enums import SchoolRole, SenStatus, YearGroup
from schools.models import School
from schools.services import membership_add
from tests.attendance.conftest import TODAY
from tests.factories import PupilFactory, SchoolFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PAGES = ("portal:overview", "portal:overview_governors")


def school_days(end: date, count: int) -> list[date]:
    days, day = [], end
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return sorted(days)


def give_marks(pupil, days, codes) -> None:
    """One mark per session, the codes taken in turn (AM, PM, next day...)."""
    marks = []
    sessions = [(day, session) for day in days for session in ("AM", "PM")]
    for index, (day, session) in enumerate(sessions):
        marks.append(
            RegisterMark(
                pupil=pupil,
                school=pupil.school,
                date=day,
                session=session,
                code=codes[index % len(codes)],
            )
        )
    RegisterMark.objects.bulk_create(marks)


@pytest.fixture
def hand_built(db):
    """Eight pupils with different registers and groups, as of TODAY."""
    school = SchoolFactory()
    days = school_days(TODAY, 40)
    y, sen = YearGroup, SenStatus
    # (year group, SEN, pupil premium, social worker, date of birth, codes)
    specs = [
        (y.YEAR_7, sen.NONE, False, False, date(2014, 1, 5), ["/"]),
        # 1 in 10 sessions absent: exactly persistent.
        (y.YEAR_7, sen.SEN_SUPPORT, True, False, date(2014, 3, 1), [*"/" * 9, "N"]),
        # Half absent, all unauthorised: severe and 10 in 10.
        (y.YEAR_8, sen.EHC_PLAN, True, True, date(2013, 6, 2), ["/", "O"]),
        # Absent just under 10 %: neither.
        (y.YEAR_8, sen.NONE, False, True, date(2013, 2, 2), [*"/" * 10, "I"]),
        # Illness, authorised: severe, not 10 in 10.
        (y.YEAR_11, sen.NONE, False, False, date(2010, 2, 2), ["I", "/"]),
        # Turned 16 on 10 July 2025 yet back in Year 11 with 10 in 10: not of
        # compulsory school age, so left out of the 10 in 10 count.
        (y.YEAR_11, sen.NONE, True, False, date(2009, 7, 10), ["G", "/"]),
        # Not a possible session all term: on roll, not measured.
        (y.YEAR_9, sen.NONE, False, False, date(2012, 5, 5), ["Z"]),
        # No marks at all.
        (y.YEAR_9, sen.SEN_SUPPORT, False, False, date(2012, 9, 9), []),
    ]
    pupils = []
    for year, status, premium, social, born, codes in specs:
        pupil = PupilFactory(
            school=school,
            year_group=year,
            sen_status=status,
            pupil_premium=premium,
            has_social_worker=social,
            date_of_birth=born,
        )
        if codes:
            give_marks(pupil, days, codes)
        pupils.append(pupil)
    figures_refresh(school=school, as_of=TODAY)
    return school, pupils


def expected_groups(measures, pupils, attribute) -> dict:
    by_upn = {pupil.upn: pupil for pupil in pupils}
    groups = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
    for m in measures:
        g = groups[getattr(by_upn[m.upn], attribute)]
        g[0] += 1
        g[1] += m.possible > 0
        g[2] += m.possible
        g[3] += m.attended
        g[4] += m.persistent_absence
        g[5] += m.severe_absence
    return dict(groups)


def test_overview_figures_equal_the_measures_sums_on_a_hand_built_school(hand_built):
    school, pupils = hand_built
    measures = school_measures(school, TODAY)
    overview = school_overview(school=school, as_of=TODAY)

    whole = overview.whole
    assert (whole.pupils, whole.measured) == (8, 6)
    assert whole.possible == sum(m.possible for m in measures)
    assert whole.attended == sum(m.attended for m in measures)
    assert whole.persistent == sum(m.persistent_absence for m in measures) == 4
    assert whole.severe == sum(m.severe_absence for m in measures) == 3
    by_upn = {pupil.upn: pupil for pupil in pupils}
    assert overview.ten_in_ten == 1
    assert overview.ten_in_ten == sum(
        m.ten_in_ten and is_compulsory_school_age(by_upn[m.upn].date_of_birth, TODAY)
        for m in measures
    )
    assert sum(m.ten_in_ten for m in measures) == 2  # the 16-year-old too
    assert overview.compulsory_age_pupils == 7
    assert str(whole.persistent_rate) == "66.7"  # 4 of the 6 measured

    labels = {
        "year_group": dict(YearGroup.choices),
        "sen_status": dict(SenStatus.choices),
        "pupil_premium": {True: "Yes", False: "No"},
        "has_social_worker": {True: "Yes", False: "No"},
    }
    for breakdown in overview.breakdowns:
        got = {
            g.label: [
                g.pupils,
                g.measured,
                g.possible,
                g.attended,
                g.persistent,
                g.severe,
            ]
            for g in breakdown.groups
        }
        expected = {
            labels[breakdown.key][value]: counts
            for value, counts in expected_groups(
                measures, pupils, breakdown.key
            ).items()
        }
        assert got == expected, breakdown.key


def test_weekly_comparison_sets_last_years_week_beside_this_years(db):
    school = SchoolFactory()
    pupil = PupilFactory(school=school)
    # TODAY is Wednesday 19 November 2025: week 17 of the year from 1 August
    # 2025 (whose week began on Monday 28 July). Week 17 of the year before
    # began on Monday 18 November 2024.
    give_marks(pupil, school_days(TODAY, 3), ["/", "/", "/", "N"])  # 5 of 6
    give_marks(pupil, school_days(date(2024, 11, 22), 5), ["/", "I"])  # 50 %
    give_marks(pupil, [date(2024, 11, 11)], ["/"])  # week 16 last year only
    # Later in last year than this year has reached: not shown.
    give_marks(pupil, [date(2025, 1, 6)], ["O"])

    weeks = weekly_comparison(school=school, as_of=TODAY)

    assert [
        (
            w.number,
            w.monday,
            w.last_year_monday,
            w.this_year and str(w.this_year.rate),
            w.last_year and str(w.last_year.rate),
        )
        for w in weeks
    ] == [
        (16, date(2025, 11, 10), date(2024, 11, 11), None, "100.0"),
        (17, date(2025, 11, 17), date(2024, 11, 18), "83.3", "50.0"),
    ]


@pytest.mark.parametrize("username", ["head.chaucer", "lead.chaucer"])
def test_overview_pages_open_for_the_schools_head_and_lead(client_as, username):
    client = client_as(username)
    for name in PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert response.context["school"].urn == "900001"
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert f'href="{reverse("portal:overview")}"' in page


@pytest.mark.parametrize(
    "username",
    [
        "officer.chaucer",
        "pastoral.chaucer",
        "dsl.chaucer",
        "la.sheffield",
        "legal.sheffield",
        "la.greenwich",
        "legal.greenwich",
    ],
)
def test_overview_pages_are_404_for_everyone_else(client_as, username):
    client = client_as(username)
    chaucer = School.objects.get(urn="900001")
    for name in PAGES:
        for query in ("", f"?school={chaucer.pk}"):
            response = client.get(reverse(name) + query)
            assert response.status_code == 404, (name, query)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert reverse("portal:overview") not in page


def test_head_of_another_school_gets_404_for_chaucer(client_as):
    client = client_as("head.woolwich")
    chaucer = School.objects.get(urn="900001")
    for name in PAGES:
        assert client.get(reverse(name)).context["school"].urn == "900002"
        response = client.get(f"{reverse(name)}?school={chaucer.pk}")
        assert response.status_code == 404, name


def test_a_head_of_two_schools_chooses_between_them(client_as, demo_user):
    head = demo_user("head.woolwich")
    chaucer = School.objects.get(urn="900001")
    membership_add(user=head, organisation=chaucer, role=SchoolRole.HEADTEACHER)
    client = client_as(head)
    response = client.get(f"{reverse('portal:overview')}?school={chaucer.pk}")
    assert response.context["school"] == chaucer
    assert [s.urn for s in response.context["page"].schools] == ["900001", "900002"]
    assert 'id="overview-school"' in response.content.decode()


def test_governors_summary_names_no_pupil_and_shows_the_figures(client_as):
    response = client_as("head.chaucer").get(reverse("portal:overview_governors"))
    page = response.content.decode()
    figures = response.context["figures"]
    assert "Attendance summary for governors: Chaucer" in page
    assert f"{figures.whole.persistent} pupils" in page
    school = response.context["school"]
    for pupil in school.pupils.all():
        assert pupil.legal_surname not in page


def grow(school, count: int) -> None:
    days = school_days(timezone.localdate(), 15)
    for index in range(count):
        pupil = PupilFactory(
            school=school,
            year_group=YearGroup.YEAR_7 + index % 5,
            sen_status=SenStatus.values[index % 3],
            pupil_premium=bool(index % 2),
        )
        give_marks(pupil, days, ["/", "N", "/", "I"][: 1 + index % 4])
    figures_refresh(school=school, as_of=timezone.localdate())


def queries_for_pages(client) -> list[int]:
    counts = []
    for name in PAGES:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(name)).status_code == 200
        counts.append(len(captured))
    return counts


def test_overview_query_count_does_not_grow_with_the_roll(client):
    school = SchoolFactory()
    head = get_user_model().objects.create_user(username="head.hand-built")
    membership_add(user=head, organisation=school, role=SchoolRole.HEADTEACHER)
    client.force_login(head)
    grow(school, 10)
    small = queries_for_pages(client)
    grow(school, 190)
    large = queries_for_pages(client)
    assert small == large
    assert max(large) <= 20
