"""The weekly figures the bundle shows, counted from the register."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from attendance.models import RegisterMark
from legal.bundle.figures import Period, read_register, weekly_chart
from tests.cases.conftest import build_world

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def mark_week(case, monday: date, am: str, pm: str) -> None:
    RegisterMark.objects.bulk_create(
        RegisterMark(
            pupil=case.pupil,
            school=case.school,
            date=monday + timedelta(days=day),
            session=session,
            code=code,
        )
        for day in range(5)
        for session, code in (("AM", am), ("PM", pm))
    )


def test_weekly_figures_count_by_outcome_and_restart_the_year_on_1_august():
    world = build_world()
    case = world.open_case()
    mark_week(case, date(2026, 7, 13), "O", "\\")  # summer term: half absent
    mark_week(case, date(2026, 7, 27), "#", "#")  # closed: no possible session
    mark_week(case, date(2026, 9, 7), "/", "I")  # new year: half authorised
    mark_week(case, date(2026, 9, 14), "/", "\\")
    register = read_register(case, Period(date(2026, 7, 1), date(2026, 9, 30)))
    rows = [
        (
            week.monday,
            week.possible,
            week.attended,
            week.authorised,
            week.unauthorised,
            week.rate,
            week.cumulative_rate,
        )
        for week in register.weeks
    ]
    assert rows == [
        (date(2026, 7, 13), 10, 5, 0, 5, Decimal("50.0"), Decimal("50.0")),
        (date(2026, 9, 7), 10, 5, 5, 0, Decimal("50.0"), Decimal("50.0")),
        (date(2026, 9, 14), 10, 10, 0, 0, Decimal("100.0"), Decimal("75.0")),
    ]
    assert [week.monday for week in register.extract] == [
        date(2026, 7, 13),
        date(2026, 7, 27),
        date(2026, 9, 7),
        date(2026, 9, 14),
    ]
    assert register.codes_used == {"O", "\\", "#", "/", "I"}
    chart = weekly_chart(register.weeks)
    assert chart.count("<rect ") == 3
    assert "from the week of 13 July 2026 to the week of 14 September 2026" in chart
