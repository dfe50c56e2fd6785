"""Geometry of the LA dashboard's charts, worked out here so the templates only
place shapes: SVG user units, percentages from 0 to 100, no script and no
style attribute (the content security policy refuses them).

* ``school_bars``: a horizontal bar for each school's attendance rate, with
  thinner bars for its persistent and severe absence rates beneath it.
* ``trend_lines``: the week-by-week attendance of one school, this year and
  the same weeks last year, as lines broken where a week has no figure.
"""

from dataclasses import dataclass
from decimal import Decimal

from attendance.overview import ComparedWeek
from la_workspace.figures import SchoolFigures

# The bar chart: a label column, then the bars on a 0-100 % scale.
LABEL_WIDTH = 150
SCALE_WIDTH = 250  # 100 % is this wide
BAR_HEIGHT = 10
SMALL_BAR_HEIGHT = 5
ROW_GAP = 8
ROW_HEIGHT = BAR_HEIGHT + 2 * SMALL_BAR_HEIGHT + ROW_GAP
LABEL_CHARACTERS = 26

# The line chart.
TREND_HEIGHT = 120
WEEK_STEP = 12


def _length(rate: Decimal | None, scale: float) -> float | None:
    return None if rate is None else round(scale * float(rate) / 100, 1)


def _short(name: str) -> str:
    """A school's name cut to fit the label column (the table gives it whole)."""
    if len(name) <= LABEL_CHARACTERS:
        return name
    return name[: LABEL_CHARACTERS - 1].rstrip() + "…"


@dataclass(frozen=True)
class SchoolBars:
    row: SchoolFigures
    label: str
    y: float
    label_y: float
    rate: float | None
    persistent: float | None
    severe: float | None
    persistent_y: float
    severe_y: float


def school_bars(rows: list[SchoolFigures]) -> dict:
    """Where each school's three bars go, in the rows' order."""
    bars = []
    for index, row in enumerate(rows):
        y = index * ROW_HEIGHT
        bars.append(
            SchoolBars(
                row=row,
                label=_short(row.name),
                y=y,
                label_y=y + BAR_HEIGHT,
                rate=_length(row.rate, SCALE_WIDTH),
                persistent=_length(row.persistent_rate, SCALE_WIDTH),
                severe=_length(row.severe_rate, SCALE_WIDTH),
                persistent_y=y + BAR_HEIGHT,
                severe_y=y + BAR_HEIGHT + SMALL_BAR_HEIGHT,
            )
        )
    height = max(len(rows), 1) * ROW_HEIGHT
    return {
        "bars": bars,
        "label_width": LABEL_WIDTH,
        "scale_width": SCALE_WIDTH,
        "bar_height": BAR_HEIGHT,
        "small_bar_height": SMALL_BAR_HEIGHT,
        "height": height,
        "view_width": LABEL_WIDTH + SCALE_WIDTH + 20,
        "view_height": height + 20,
        "axis_y": height + 12,
        "line_90_x": round(LABEL_WIDTH + SCALE_WIDTH * 0.9, 1),
        "label_x": LABEL_WIDTH - 6,
        "ticks": [
            {"x": round(SCALE_WIDTH * percent / 100, 1), "label": f"{percent} %"}
            for percent in (0, 50, 90, 100)
        ],
    }


def _y(rate: Decimal) -> float:
    return round(TREND_HEIGHT - TREND_HEIGHT * float(rate) / 100, 1)


def _segments(points: list[tuple[float, Decimal | None]]) -> list[str]:
    """``points`` attributes of the polylines, broken at weeks with no figure;
    a week alone between gaps is left to its dot."""
    segments, current = [], []
    for x, rate in points + [(0.0, None)]:
        if rate is None:
            if len(current) > 1:
                segments.append(" ".join(current))
            current = []
        else:
            current.append(f"{x},{_y(rate)}")
    return segments


def trend_lines(weeks: list[ComparedWeek]) -> dict:
    """This year's and last year's lines across the school weeks so far."""
    this, last, dots = [], [], []
    for index, week in enumerate(weeks):
        x = index * WEEK_STEP
        this_rate = week.this_year.rate if week.this_year else None
        last_rate = week.last_year.rate if week.last_year else None
        this.append((x, this_rate))
        last.append((x, last_rate))
        dots.append(
            {
                "week": week,
                "x": x,
                "this_y": None if this_rate is None else _y(this_rate),
                "last_y": None if last_rate is None else _y(last_rate),
            }
        )
    every = max(1, -(-len(weeks) // 8))  # at most about eight axis labels
    width = max(len(weeks) - 1, 1) * WEEK_STEP
    return {
        "this_year": _segments(this),
        "last_year": _segments(last),
        "dots": dots,
        "labels": [dot for index, dot in enumerate(dots) if index % every == 0],
        "width": width,
        "height": TREND_HEIGHT,
        "view_width": width + 50,
        "view_height": TREND_HEIGHT + 30,
        "line_90": _y(Decimal(90)),
        "axis_y": TREND_HEIGHT + 14,
    }
