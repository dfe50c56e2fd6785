"""The register as the bundle shows it: the period it covers, the weekly
figures and their chart, the extract of marks week by week, and every
amendment. Reads only; counts by the code table's outcomes, as the measures do.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from attendance.codes import CODES, Outcome, code_for
from attendance.measures import academic_year_start, rate_percent
from attendance.models import RegisterAmendment, RegisterMark
from cases.models import Case

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# Below 90 % attendance a pupil is persistently absent (DOMAIN section 3).
PERSISTENT_ABSENCE_LINE = 90


@dataclass(frozen=True)
class Period:
    """The dates the register extract and the figures cover: from 1 August of
    the academic year the case opened in, to the day the bundle is made (or
    the day the case closed)."""

    start: date
    end: date


def bundle_period(case: Case, as_of: date) -> Period:
    opened = case.opened_at.date()
    end = min(as_of, case.closed_at.date()) if case.closed_at else as_of
    return Period(start=academic_year_start(min(opened, end)), end=end)


@dataclass
class Week:
    """One school week's figures, with the academic year to date up to its end."""

    monday: date
    possible: int = 0
    attended: int = 0
    authorised: int = 0
    unauthorised: int = 0
    late: int = 0
    cumulative_possible: int = 0
    cumulative_attended: int = 0

    @property
    def rate(self) -> Decimal | None:
        return rate_percent(self.attended, self.possible)

    @property
    def cumulative_rate(self) -> Decimal | None:
        return rate_percent(self.cumulative_attended, self.cumulative_possible)


@dataclass(frozen=True)
class Mark:
    date: date
    session: str
    code: str
    minutes_late: int | None
    amended: bool


@dataclass
class ExtractWeek:
    monday: date
    # (day name, AM mark or None, PM mark or None) for each day shown.
    cells: dict[tuple[int, str], Mark] = field(default_factory=dict)


@dataclass(frozen=True)
class Register:
    period: Period
    weeks: list[Week]
    extract: list[ExtractWeek]
    days_shown: tuple[int, ...]  # weekday numbers: Monday to Friday, more if marked
    amendments: list[RegisterAmendment]
    codes_used: frozenset[str]


def read_register(case: Case, period: Period) -> Register:
    """The pupil's marks on the case school's register in the period, their
    amendments, the weekly figures and the extract (two queries)."""
    marks = RegisterMark.objects.filter(
        pupil_id=case.pupil_id,
        school_id=case.school_id,
        date__gte=period.start,
        date__lte=period.end,
    ).order_by("date", "session")
    amendments = list(
        RegisterAmendment.objects.filter(
            mark__pupil_id=case.pupil_id,
            mark__school_id=case.school_id,
            mark__date__gte=period.start,
            mark__date__lte=period.end,
        )
        .select_related("mark")
        .order_by("mark__date", "mark__session", "amended_at", "pk")
    )
    amended = {amendment.mark_id for amendment in amendments}
    weeks: dict[date, Week] = {}
    extract: dict[date, ExtractWeek] = {}
    days = set(range(5))
    codes_used = set()
    for pk, day, session, code, minutes_late in marks.values_list(
        "pk", "date", "session", "code", "minutes_late"
    ):
        monday = day - timedelta(days=day.weekday())
        days.add(day.weekday())
        codes_used.add(code)
        extract.setdefault(monday, ExtractWeek(monday)).cells[
            (day.weekday(), session)
        ] = Mark(day, session, code, minutes_late, pk in amended)
        _count(weeks.setdefault(monday, Week(monday)), code)
    for amendment in amendments:
        codes_used.update((amendment.original_code, amendment.new_code))
    school_weeks = [week for _, week in sorted(weeks.items()) if week.possible]
    possible = attended = 0
    year = None
    for week in school_weeks:
        # The year to date starts again on 1 August, as the measures do.
        if academic_year_start(week.monday) != year:
            year, possible, attended = academic_year_start(week.monday), 0, 0
        possible += week.possible
        attended += week.attended
        week.cumulative_possible, week.cumulative_attended = possible, attended
    return Register(
        period=period,
        weeks=school_weeks,
        extract=[week for _, week in sorted(extract.items())],
        days_shown=tuple(sorted(days)),
        amendments=amendments,
        codes_used=frozenset(codes_used),
    )


def _count(week: Week, code: str) -> None:
    known = code_for(code)
    if known is None or not known.counts_as_possible:
        return
    week.possible += 1
    if known.outcome is Outcome.ATTENDED:
        week.attended += 1
    elif known.outcome is Outcome.AUTHORISED:
        week.authorised += 1
    elif known.outcome is Outcome.UNAUTHORISED:
        week.unauthorised += 1
    if code in ("L", "U"):
        week.late += 1


def code_key(used: frozenset[str]) -> list[dict]:
    """Every current code, in the table's order, marking those the extract uses."""
    return [
        {
            "code": code.code,
            "meaning": code.meaning,
            "counts_as": code.outcome.value,
            "used": code.code in used,
        }
        for code in CODES
    ]


# How each part of the chart is drawn.
GRID = 'stroke="#bbbbbb" stroke-width="0.5"'
THRESHOLD = 'stroke="#000000" stroke-width="1" stroke-dasharray="4 3"'
BAR = 'fill="#9a9a9a"'
LINE = 'fill="none" stroke="#000000" stroke-width="1.6"'
LABEL = 'font-size="11" fill="#000000"'


def weekly_chart(weeks: list[Week]) -> SafeString:
    """The weekly attendance rate (bars) and the year to date (line) as an
    inline SVG, with the persistent-absence line; the table beside it holds
    the same figures as text. Presentation attributes, not classes: WeasyPrint
    draws inline SVG without the page's style sheet. Every value drawn is a
    number or a date made here; only the description is escaped."""
    width, height = 640, 240
    left, right, top, bottom = 50, 10, 10, 30
    plot_w, plot_h = width - left - right, height - top - bottom

    def y(percent: float) -> float:
        return round(top + plot_h * (1 - percent / 100), 1)

    parts = []
    for level in (0, 25, 50, 75, 100):
        parts.append(
            f'<line x1="{left}" y1="{y(level)}" x2="{width - right}" '
            f'y2="{y(level)}" {GRID}/>'
            f'<text x="{left - 4}" y="{y(level) + 3}" {LABEL} '
            f'text-anchor="end">{level} %</text>'
        )
    line_y = y(PERSISTENT_ABSENCE_LINE)
    parts.append(
        f'<line x1="{left}" y1="{line_y}" x2="{width - right}" y2="{line_y}" '
        f"{THRESHOLD}/>"
    )
    step = plot_w / max(len(weeks), 1)
    label_every = max(1, len(weeks) // 8)
    points = []
    for index, week in enumerate(weeks):
        x = left + index * step
        rate = float(week.rate or 0)
        parts.append(
            f'<rect x="{x + step * 0.15:.1f}" y="{y(rate)}" '
            f'width="{step * 0.7:.1f}" height="{top + plot_h - y(rate):.1f}" {BAR}/>'
        )
        points.append(f"{x + step / 2:.1f},{y(float(week.cumulative_rate or 0))}")
        if index % label_every == 0:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{height - bottom + 14}" {LABEL} '
                f'text-anchor="middle">{week.monday:%-d %b}</text>'
            )
    if points:
        parts.append(f'<polyline points="{" ".join(points)}" {LINE}/>')
    description = (
        f"Attendance each week from the week of {weeks[0].monday:%-d %B %Y} to the "
        f"week of {weeks[-1].monday:%-d %B %Y}, as bars, with the year to date as "
        "a line and a dashed line at 90 %."
        if weeks
        else "No weeks with possible sessions in the period."
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="chart-title chart-desc" class="chart">'
        '<title id="chart-title">Weekly attendance</title>'
        '<desc id="chart-desc">{}</desc>{}</svg>',
        width,
        height,
        description,
        mark_safe("".join(parts)),  # noqa: S308 - numbers and dates made above  # nosec B308 B703
    )


def legend() -> SafeString:
    return mark_safe(  # noqa: S308 - fixed text, no values  # nosec B308
        '<ul class="legend"><li><span class="key bar"></span> Attendance that week'
        '</li><li><span class="key line"></span> Academic year to date</li>'
        '<li><span class="key threshold"></span> 90 %: below this is persistent '
        "absence</li></ul>"
    )
