"""The headteacher's overview of a school, and its one-page governors' summary.

It sits in the portal because it puts attendance and cases side by side. Only
the school's headteachers and attendance leads may open it
(``schools.view_school_overview``); anyone else gets a 404, as does a school
that is not theirs.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from attendance.figures import figures_ensure
from attendance.overview import (
    ComparedWeek,
    SchoolOverview,
    school_overview,
    weekly_comparison,
)
from cases.enums import OPEN_STAGES
from cases.selectors import stage_counts, visible_cases
from plans.selectors import overdue_review_plans
from schools.models import School
from schools.permissions import chosen_school, schools_with_permission
from schools.roles import VIEW_SCHOOL_OVERVIEW

CHART_HEIGHT = 120
BAR_WIDTH = 7
WEEK_WIDTH = 2 * BAR_WIDTH + 4


def overview_schools(user: AbstractBaseUser) -> QuerySet[School]:
    """Schools whose overview the user may open."""
    return schools_with_permission(user, VIEW_SCHOOL_OVERVIEW)


@dataclass(frozen=True)
class OverviewPage:
    schools: list[School]
    school: School
    today: date
    figures: SchoolOverview
    weeks: list[ComparedWeek]
    open_cases: list[tuple[str, int]]
    open_cases_total: int
    overdue_reviews: int
    caseload_url: str


def _overview_page(request: HttpRequest) -> OverviewPage:
    school, schools = chosen_school(
        overview_schools(request.user), request.GET.get("school")
    )
    today = timezone.localdate()
    figures_ensure(school=school, as_of=today)
    cases = visible_cases(request.user).filter(school=school)
    counts = stage_counts(cases)
    open_cases = [(stage.label, counts[stage.value]) for stage in OPEN_STAGES]
    overdue = overdue_review_plans(today).filter(case__in=cases.values("pk")).count()
    return OverviewPage(
        schools=schools,
        school=school,
        today=today,
        figures=school_overview(school=school, as_of=today),
        weeks=weekly_comparison(school=school, as_of=today),
        open_cases=open_cases,
        open_cases_total=sum(count for _label, count in open_cases),
        overdue_reviews=overdue,
        caseload_url=reverse("portal:cases:caseload"),
    )


def _bar(rate, x: float) -> dict | None:
    if rate is None:
        return None
    height = round(CHART_HEIGHT * float(rate.rate) / 100, 1)
    return {"x": x, "y": round(CHART_HEIGHT - height, 1), "height": height}


def _chart(weeks: list[ComparedWeek]) -> dict:
    """Geometry of the paired weekly bars (SVG user units): last year's week
    outlined, this year's filled, side by side."""
    every = max(1, -(-len(weeks) // 8))  # at most about eight axis labels
    slots = []
    for index, week in enumerate(weeks):
        x = index * WEEK_WIDTH
        slots.append(
            {
                "week": week,
                "x": x,
                "last": _bar(week.last_year, x),
                "this": _bar(week.this_year, x + BAR_WIDTH),
                "labelled": index % every == 0,
            }
        )
    return {
        "slots": slots,
        "bar_width": BAR_WIDTH,
        "width": max(len(weeks), 1) * WEEK_WIDTH,
        "height": CHART_HEIGHT,
        "line_90": round(CHART_HEIGHT * 0.1, 1),
    }


def _context(page: OverviewPage) -> dict:
    return {
        "page": page,
        "school": page.school,
        "figures": page.figures,
        "chart": _chart(page.weeks),
        "has_last_year": any(week.last_year for week in page.weeks),
    }


@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/overview.html", _context(_overview_page(request)))


@require_safe
def governors_summary(request: HttpRequest) -> HttpResponse:
    page = _overview_page(request)
    context = _context(page) | {"printed_at": timezone.localtime()}
    return render(request, "portal/overview_governors.html", context)
