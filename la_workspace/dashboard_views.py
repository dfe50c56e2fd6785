"""The LA dashboard: figures across the LA's schools, as a table, a chart and a
CSV, and one school's attendance week by week.

Open to the LA's lead practitioners and legal officers (``VIEW_LA_FIGURES``)
at their own LA only; anyone else, school staff included, gets a 404, as does
another LA or another LA's school. Aggregate figures only: no pupil is named
on these pages. Lead practitioners also see the casework columns
(``MANAGE_LA_WORK``); both roles see the legal ones.
"""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from attendance.overview import weekly_comparison
from la_workspace.charts import school_bars, trend_lines
from la_workspace.figures import (
    DEFAULT_SORT,
    SORT_KEYS,
    LaFigures,
    SchoolFigures,
    la_school_figures,
    sort_schools,
)
from la_workspace.selectors import chosen_local_authority, joint_approach_counts
from schools.csv_export import safe_csv_writer
from schools.models import LocalAuthority, School
from schools.permissions import local_authority_ids_with_permission
from schools.roles import MANAGE_LA_WORK, VIEW_LA_FIGURES

# The table's sortable columns, in the users' words.
SORT_LABELS = {
    "name": "School",
    "rate": "Attendance",
    "persistent_rate": "Persistent absence rate",
    "severe_rate": "Severe absence rate",
    "ten_in_ten": "10 in 10 met",
    "open_cases": "Open cases",
}


def dashboard_local_authorities(user: AbstractBaseUser) -> list[LocalAuthority]:
    """The LAs whose figures the user may see, by name (one query)."""
    ids = local_authority_ids_with_permission(user, VIEW_LA_FIGURES)
    if not ids:
        return []
    return list(LocalAuthority.objects.filter(pk__in=ids).order_by("name", "pk"))


def _chosen_la(request: HttpRequest) -> tuple[LocalAuthority, list[LocalAuthority]]:
    """The LA asked for (``?la=<pk>``) among the user's, or the first by name;
    404 when the user has none or asks for another."""
    return chosen_local_authority(
        dashboard_local_authorities(request.user), request.GET.get("la")
    )


@dataclass(frozen=True)
class Dashboard:
    la: LocalAuthority
    las: list[LocalAuthority]
    today: date
    figures: LaFigures
    rows: list[SchoolFigures]
    sort: str
    descending: bool


def _dashboard(request: HttpRequest) -> Dashboard:
    la, las = _chosen_la(request)
    casework = la.pk in local_authority_ids_with_permission(
        request.user, MANAGE_LA_WORK
    )
    today = timezone.localdate()
    figures = la_school_figures(la, today, legal=True, casework=casework)
    sort = request.GET.get("sort", DEFAULT_SORT)
    if sort not in SORT_KEYS or (sort == "open_cases" and not casework):
        sort = DEFAULT_SORT
    descending = request.GET.get("order") == "desc"
    return Dashboard(
        la=la,
        las=las,
        today=today,
        figures=figures,
        rows=sort_schools(figures.schools, sort, descending=descending),
        sort=sort,
        descending=descending,
    )


def _sort_headers(page: Dashboard) -> dict[str, dict]:
    """Each sortable column's link (the other way round when it is the
    current order) and its ``aria-sort``."""
    base = reverse("portal:la_workspace:dashboard")
    headers = {}
    for key, label in SORT_LABELS.items():
        current = key == page.sort
        query = {"la": page.la.pk, "sort": key}
        if current and not page.descending:
            query["order"] = "desc"
        headers[key] = {
            "label": label,
            "href": f"{base}?{urlencode(query)}",
            "aria_sort": (
                ("descending" if page.descending else "ascending") if current else ""
            ),
        }
    return headers


def _sort_phrase(page: Dashboard) -> str:
    """The table's order in words, for its caption."""
    if page.sort == "name":
        return "school name, Z to A" if page.descending else "school name, A to Z"
    way = "highest first" if page.descending else "lowest first"
    return f"{SORT_LABELS[page.sort].lower()}, {way}"


@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    page = _dashboard(request)
    query = urlencode(
        {"la": page.la.pk, "sort": page.sort}
        | ({"order": "desc"} if page.descending else {})
    )
    return render(
        request,
        "la_workspace/dashboard.html",
        {
            "page": page,
            "authority": page.la,
            "figures": page.figures,
            "rows": page.rows,
            "total": page.figures.total,
            "headers": _sort_headers(page),
            "sort_phrase": _sort_phrase(page),
            "chart": school_bars(page.rows),
            "csv_url": f"{reverse('portal:la_workspace:dashboard_csv')}?{query}",
            # Counts only: the names are on the joint approaches page.
            "joint_approach_summary": (
                joint_approach_counts(page.la, as_of=page.today)
                if page.figures.casework
                else None
            ),
        },
    )


def _percent(value) -> str:
    return "" if value is None else f"{value:.1f}"


def csv_header(figures: LaFigures) -> list[str]:
    header = [
        "school",
        "urn",
        "pupils_on_roll",
        "pupils_measured",
        "possible_sessions",
        "attended_sessions",
        "attendance_rate",
        "persistent_absence",
        "persistent_absence_rate",
        "severe_absence",
        "severe_absence_rate",
        "compulsory_school_age",
        "ten_in_ten",
    ]
    if figures.casework:
        header += [f"open_{stage}" for stage, _label in figures.stages]
        header += ["open_cases", "shared_with_la", "plan_reviews_overdue"]
    if figures.legal:
        header += ["live_esos", "open_prosecution_referrals", "eso_reviews_due"]
    return header


def csv_row(figures: LaFigures, row: SchoolFigures) -> list:
    values = [
        row.name,
        row.school.urn if row.school else "",
        row.pupils,
        row.measured,
        row.possible,
        row.attended,
        _percent(row.rate),
        row.persistent,
        _percent(row.persistent_rate),
        row.severe,
        _percent(row.severe_rate),
        row.compulsory,
        row.ten_in_ten,
    ]
    if figures.casework:
        values += [row.open_by_stage[stage] for stage, _label in figures.stages]
        values += [row.open_cases, row.shared_cases, row.plan_reviews_overdue]
    if figures.legal:
        values += [row.live_esos, row.open_referrals, row.eso_reviews_due]
    return values


@require_safe
def dashboard_csv(request: HttpRequest) -> HttpResponse:
    """The dashboard's table as CSV, in its order, with the LA's total last."""
    page = _dashboard(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="la-figures-{page.la.code}-{page.today:%Y-%m-%d}.csv"'
    )
    writer = safe_csv_writer(response)
    writer.writerow(csv_header(page.figures))
    for row in [*page.rows, page.figures.total]:
        writer.writerow(csv_row(page.figures, row))
    return response


@require_safe
def school_trend(request: HttpRequest, school_pk: int) -> HttpResponse:
    """One school of the user's LA: attendance week by week, this year beside
    the same weeks last year."""
    la_ids = local_authority_ids_with_permission(request.user, VIEW_LA_FIGURES)
    school = get_object_or_404(
        School.objects.select_related("local_authority"),
        pk=school_pk,
        local_authority_id__in=la_ids,
    )
    today = timezone.localdate()
    weeks = weekly_comparison(school=school, as_of=today)
    return render(
        request,
        "la_workspace/school_trend.html",
        {
            "school": school,
            "authority": school.local_authority,
            "today": today,
            "weeks": weeks,
            "chart": trend_lines(weeks),
            "has_last_year": any(week.last_year for week in weeks),
            "dashboard_url": (
                f"{reverse('portal:la_workspace:dashboard')}"
                f"?{urlencode({'la': school.local_authority_id})}"
            ),
        },
    )
