"""The dashboard's chart geometry: bar lengths on the 0-100 % scale, and the
trend lines broken where a week has no figure."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from attendance.overview import ComparedWeek, WeekRate
from la_workspace.charts import (
    SCALE_WIDTH,
    WEEK_STEP,
    _segments,
    school_bars,
    trend_lines,
)
from la_workspace.figures import SchoolFigures

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("attended", "possible", "persistent", "severe", "measured", "expected"),
    [
        (9, 10, 1, 0, 4, (225.0, 62.5, 0.0)),
        (1, 1, 0, 0, 1, (250.0, 0.0, 0.0)),
        (0, 0, 0, 0, 0, (None, None, None)),  # nothing possible: no bars
        (1, 4, 2, 1, 2, (62.5, 250.0, 125.0)),
    ],
)
def test_bar_lengths(attended, possible, persistent, severe, measured, expected):
    row = SchoolFigures(
        name="A school",
        attended=attended,
        possible=possible,
        persistent=persistent,
        severe=severe,
        measured=measured,
    )
    bar = school_bars([row])["bars"][0]
    assert (bar.rate, bar.persistent, bar.severe) == expected


def test_bars_go_one_row_each_in_the_given_order_with_long_names_cut():
    rows = [SchoolFigures(name=name) for name in ("B", "A" * 40)]
    chart = school_bars(rows)
    assert [bar.label for bar in chart["bars"]] == ["B", "A" * 25 + "…"]
    assert chart["bars"][1].y > chart["bars"][0].y
    assert chart["line_90_x"] == chart["label_width"] + SCALE_WIDTH * 0.9


def rate(percent) -> Decimal | None:
    return None if percent is None else Decimal(percent)


@pytest.mark.parametrize(
    ("rates", "expected"),
    [
        ([100, 90, 50], ["0,0.0 12,12.0 24,60.0"]),
        ([100, None, 90, 50], ["24,12.0 36,60.0"]),  # a week alone: its dot only
        ([None, None], []),
        ([90, 90, None, 0, 0], ["0,12.0 12,12.0", "36,120.0 48,120.0"]),
    ],
)
def test_trend_segments(rates, expected):
    points = [(index * WEEK_STEP, rate(r)) for index, r in enumerate(rates)]
    assert _segments(points) == expected


def test_trend_lines_set_last_year_beside_this_year():
    monday = date(2026, 9, 7)
    weeks = [
        ComparedWeek(
            number=number,
            monday=monday + timedelta(weeks=number),
            last_year_monday=monday + timedelta(weeks=number - 52),
            this_year=WeekRate(possible=10, attended=9),
            last_year=None if number == 2 else WeekRate(possible=10, attended=5),
        )
        for number in range(1, 4)
    ]
    chart = trend_lines(weeks)
    assert chart["this_year"] == ["0,12.0 12,12.0 24,12.0"]
    assert chart["last_year"] == []  # weeks 1 and 3 alone: dots only
    assert [dot["last_y"] for dot in chart["dots"]] == [60.0, None, 60.0]
