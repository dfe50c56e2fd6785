"""The staff lists read per-pupil figures that always equal the measures.

``attendance.figures`` keeps one row of counts per pupil; these tests change
the register in each way it can change and check that every list, with each
filter, still holds exactly the pupils the measures flag.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from attendance.figures import figures_ensure
from attendance.measures import school_measures
from attendance.models import PupilFigures, SchoolFigures
from attendance.selectors import (
    STAFF_LISTS,
    staff_list,
    ten_in_ten_outside_compulsory_age,
)
from schools.ages import is_compulsory_school_age
from schools.enums import YearGroup
from schools.models import Pupil
from tests.attendance.conftest import TODAY
from tests.factories import PupilFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

UPPER = Decimal(95)
# Which measure flags each list; the at-risk band and the trend are worked
# out from the figures here, as the measures module defines them.
FLAGS = {
    "persistent": lambda m: m.persistent_absence,
    "severe": lambda m: m.severe_absence,
    "ten-in-ten": lambda m: m.ten_in_ten,
    "at-risk": lambda m: (
        m.possible > m.absent * 10 and m.attended * 1000 <= m.possible * 950
    ),
}


def weekdays(count: int):
    days, day = [], TODAY
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return sorted(days)


def listed(school, key, as_of=TODAY, **filters) -> set[str]:
    figures_ensure(school=school, as_of=as_of)
    pupils = staff_list(
        school=school,
        key=key,
        as_of=as_of,
        filters=filters,
        at_risk_upper_percent=UPPER,
    )
    return set(pupils.values_list("upn", flat=True))


def flagged(school, key, as_of=TODAY, pupils=None) -> set[str]:
    wanted = None if pupils is None else {p.upn for p in pupils}
    upns = {
        m.upn
        for m in school_measures(school, as_of)
        if FLAGS[key](m) and (wanted is None or m.upn in wanted)
    }
    if key == "ten-in-ten":  # penalty notices apply only at compulsory school age
        born = dict(
            Pupil.objects.filter(upn__in=upns).values_list("upn", "date_of_birth")
        )
        upns = {upn for upn in upns if is_compulsory_school_age(born[upn], as_of)}
    return upns


@pytest.fixture
def register(school, import_marks):
    """Five pupils with different patterns over 20 school days, imported."""
    pupils = PupilFactory.create_batch(5, school=school)
    days = weekdays(20)
    lines = ["upn,date,session,code"]
    for index, pupil in enumerate(pupils):
        for number, day in enumerate(days):
            absent = number % 5 < index  # pupil i misses i days in every 5
            lines.append(f"{pupil.upn},{day},AM,{'N' if absent else '/'}")
            lines.append(f"{pupil.upn},{day},PM,{'O' if absent else chr(92)}")
    report = import_marks(*lines)
    assert report.imported, report.errors
    return pupils


def test_every_list_equals_the_measures(school, register):
    for key in FLAGS:
        assert listed(school, key) == flagged(school, key), key
    assert listed(school, "persistent")  # not vacuous


def test_every_list_and_sort_answers_with_each_filter(school, register):
    register[0].year_group = 9
    register[0].save()
    for staff in STAFF_LISTS:
        for sort in ("rate", "-rate", "name", "year", "-unauthorised"):
            figures_ensure(school=school, as_of=TODAY)
            list(
                staff_list(
                    school=school,
                    key=staff.key,
                    as_of=TODAY,
                    filters={"year_group": 9},
                    sort=sort,
                    at_risk_upper_percent=UPPER,
                )
            )
    nines = [p for p in register if p.year_group == 9]
    assert listed(school, "persistent", year_group=9) == flagged(
        school, "persistent", pupils=nines
    )


def test_an_import_that_changes_marks_changes_the_lists(school, register, import_marks):
    pupil = register[4]  # absent 4 days in 5: persistent and severe
    assert pupil.upn in listed(school, "severe")
    lines = ["upn,date,session,code"]
    for day in weekdays(20):
        lines += [f"{pupil.upn},{day},AM,/", f"{pupil.upn},{day},PM,{chr(92)}"]
    assert import_marks(*lines, reason="Late letters from the GP").imported
    assert pupil.upn not in listed(school, "severe")
    assert listed(school, "severe") == flagged(school, "severe")


def test_a_new_pupil_from_a_pupil_import_is_listed(school, register, import_marks):
    listed(school, "persistent")
    newcomer = PupilFactory(school=school)
    lines = ["upn,date,session,code"]
    for day in weekdays(3):
        lines += [f"{newcomer.upn},{day},AM,N", f"{newcomer.upn},{day},PM,N"]
    assert import_marks(*lines).imported
    assert newcomer.upn in listed(school, "severe")


def test_a_later_day_with_marks_recomputes_and_one_without_does_not(
    school, register, import_marks
):
    listed(school, "persistent")
    computed = SchoolFigures.objects.get(school=school).computed_at
    # Saturday and Sunday: no marks, nothing to recompute.
    saturday = TODAY + timedelta(days=(5 - TODAY.weekday()) % 7)
    assert listed(school, "persistent", as_of=saturday) == flagged(
        school, "persistent", as_of=saturday
    )
    assert SchoolFigures.objects.get(school=school).computed_at == computed
    # Marks dated after the figures (entered ahead): the next day counts them.
    pupil = register[0]
    tomorrow = TODAY + timedelta(days=1)
    monday = tomorrow + timedelta(days=(7 - tomorrow.weekday()) % 7)
    from attendance.models import RegisterMark

    RegisterMark.objects.bulk_create(
        RegisterMark(pupil=pupil, school=school, date=monday, session=s, code="N")
        for s in ("AM", "PM")
    )
    assert listed(school, "persistent", as_of=monday) == flagged(
        school, "persistent", as_of=monday
    )
    state = SchoolFigures.objects.get(school=school)
    assert (state.as_of, state.computed_at > computed) == (monday, True)


def test_the_figures_are_written_once_per_school_and_pupil(school, register):
    figures_ensure(school=school, as_of=TODAY)
    figures_ensure(school=school, as_of=TODAY)
    rows = PupilFigures.objects.filter(school=school)
    assert rows.count() == len({row.pupil_id for row in rows}) == 5


def test_checking_figures_that_hold_is_three_small_reads(
    school, register, django_assert_num_queries
):
    figures_ensure(school=school, as_of=TODAY)
    with django_assert_num_queries(3):
        figures_ensure(school=school, as_of=TODAY)


def test_ten_in_ten_lists_only_pupils_of_compulsory_school_age(school, import_marks):
    # On 19 November 2025: the nursery child turns 5 in 2026, the Year 12
    # pupil left compulsory school age on 27 June 2025.
    nursery = PupilFactory(
        school=school, year_group=YearGroup.NURSERY, date_of_birth=date(2021, 10, 1)
    )
    year_9 = PupilFactory(
        school=school, year_group=YearGroup.YEAR_9, date_of_birth=date(2011, 3, 1)
    )
    year_12 = PupilFactory(
        school=school, year_group=YearGroup.YEAR_12, date_of_birth=date(2009, 2, 1)
    )
    lines = ["upn,date,session,code"]
    for pupil in (nursery, year_9, year_12):
        for day in weekdays(10):
            lines += [f"{pupil.upn},{day},AM,N", f"{pupil.upn},{day},PM,O"]
    assert import_marks(*lines).imported

    meeting_the_threshold = {
        m.upn for m in school_measures(school, TODAY) if m.ten_in_ten
    }
    assert meeting_the_threshold == {nursery.upn, year_9.upn, year_12.upn}
    assert listed(school, "ten-in-ten") == {year_9.upn}
    assert ten_in_ten_outside_compulsory_age(school=school, as_of=TODAY) == 2
