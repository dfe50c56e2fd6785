"""The attendance pages of the portal: lists, a pupil's register, import, report.

Every view finds its school or pupil through the user's permitted schools, so
anything outside them is a 404, never a 403 that would confirm it exists.
"""

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from attendance.carer_import import carers_import
from attendance.figures import figures_ensure
from attendance.forms import StaffListForm, UploadForm
from attendance.measures import Period, pupil_measures, rate_percent
from attendance.models import ImportKind
from attendance.pupil_import import pupils_import
from attendance.register_import import ImportedBy, marks_import
from attendance.report import report_rows, write_csv
from attendance.selectors import (
    STAFF_LISTS,
    STAFF_LISTS_BY_KEY,
    absence_contacts,
    amendments_to_enter,
    at_risk_upper,
    attendance_schools,
    codes_used,
    import_schools,
    pupil_amendments,
    register_calendar,
    staff_list,
    ten_in_ten_outside_compulsory_age,
    weekly_figures,
    with_first_day,
)
from schools.ages import is_compulsory_school_age
from schools.csv_export import safe_csv_writer
from schools.models import Pupil, School
from schools.permissions import chosen_school, position_at

ERRORS_SHOWN = 500
IMPORTERS = {
    ImportKind.PUPILS: pupils_import,
    ImportKind.CARERS: carers_import,
    ImportKind.MARKS: marks_import,
}
CONTACTS_SHOWN = 50


def _schools_or_404(queryset) -> list:
    schools = list(queryset.order_by("name"))
    if not schools:
        raise Http404("No attendance for this user.")
    return schools


@dataclass(frozen=True)
class ChosenList:
    """A staff list as the request asks for it: the form, the school and the
    pupils (filtered and sorted), with the figures current."""

    form: StaffListForm
    school: School
    key: str
    today: date
    at_risk_upper: Decimal | None
    pupils: QuerySet[Pupil]


def _chosen_list(request: HttpRequest) -> ChosenList:
    schools = _schools_or_404(attendance_schools(request.user))
    data = request.GET.copy()
    data.setdefault("school", str(schools[0].pk))
    data.setdefault("list", "persistent")
    form = StaffListForm(data, schools=schools)
    if not form.is_valid():
        if "school" in form.errors:
            raise Http404("Not one of the user's schools.")
        filters = {"school": schools[0].pk, "list": "persistent"}
    else:
        filters = form.cleaned_data
    school = next(s for s in schools if s.pk == filters["school"])
    today = timezone.localdate()
    upper = at_risk_upper(school) if filters["list"] == "at-risk" else None
    figures_ensure(school=school, as_of=today)
    pupils = staff_list(
        school=school,
        key=filters["list"],
        as_of=today,
        filters=filters,
        sort=filters.get("sort") or "rate",
        at_risk_upper_percent=upper,
    )
    if filters["list"] == "unexplained-today":
        pupils = with_first_day(pupils, school=school, day=today)
    return ChosenList(form, school, filters["list"], today, upper, pupils)


@require_safe
def lists(request: HttpRequest) -> HttpResponse:
    chosen = _chosen_list(request)
    page = Paginator(chosen.pupils, settings.PORTAL_PUPILS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    can_import = import_schools(request.user).filter(pk=chosen.school.pk).exists()
    context = {
        "form": chosen.form,
        "school": chosen.school,
        "staff_lists": STAFF_LISTS,
        "current": STAFF_LISTS_BY_KEY[chosen.key],
        "page": page,
        "query_string": query.urlencode(),
        "today": chosen.today,
        "at_risk_upper": chosen.at_risk_upper,
        "can_amend": can_import,
    }
    if request.htmx and request.htmx.target == "staff-list":
        return render(request, "attendance/partials/staff_list.html", context)
    if chosen.key == "ten-in-ten":
        context["outside_compulsory_age"] = ten_in_ten_outside_compulsory_age(
            school=chosen.school, as_of=chosen.today
        )
    if can_import:
        context["mis_to_enter"] = amendments_to_enter(chosen.school).count()
    return render(request, "attendance/lists.html", context)


LIST_CSV_FIELDS = (
    "upn",
    "surname",
    "forename",
    "year_group",
    "attendance_rate",
    "possible",
    "authorised",
    "unauthorised",
    "unauthorised_in_10_weeks",
)


@require_safe
def list_csv(request: HttpRequest) -> HttpResponse:
    """The list as shown (same list, filters and order), every page of it."""
    chosen = _chosen_list(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{chosen.key}-{chosen.school.urn}-'
        f'{chosen.today:%Y-%m-%d}.csv"'
    )
    writer = safe_csv_writer(response)
    writer.writerow(LIST_CSV_FIELDS)
    for pupil in chosen.pupils:
        rate = rate_percent(pupil.attended, pupil.possible)
        writer.writerow(
            [
                pupil.upn,
                pupil.surname,
                pupil.forename,
                pupil.get_year_group_display(),
                "" if rate is None else f"{rate:.1f}",
                pupil.possible,
                pupil.authorised,
                pupil.unauthorised,
                pupil.unauthorised_in_10_weeks,
            ]
        )
    return response


@require_safe
def pupil_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    pupil = get_object_or_404(
        Pupil.objects.filter(
            school__in=attendance_schools(request.user)
        ).select_related("school"),
        pk=pk,
    )
    today = timezone.localdate()
    period = Period.for_school(pupil.school, today)
    weeks = weekly_figures(pupil, start=period.year_start, as_of=today)
    can_amend = import_schools(request.user).filter(pk=pupil.school_id).exists()
    calendar = register_calendar(pupil, start=period.year_start, as_of=today)
    return render(
        request,
        "attendance/pupil_attendance.html",
        {
            "pupil": pupil,
            "measures": pupil_measures(pupil, today),
            "compulsory_school_age": is_compulsory_school_age(
                pupil.date_of_birth, today
            ),
            "period": period,
            "weeks": weeks,
            "chart": _chart(weeks),
            "calendar": calendar,
            "key": codes_used(calendar),
            "amendments": list(pupil_amendments(pupil)),
            "contacts": list(absence_contacts(pupil)[:CONTACTS_SHOWN]),
            "can_amend": can_amend,
        },
    )


def _chart(weeks) -> dict:
    """Geometry of the weekly attendance chart (SVG user units)."""
    bar, gap, height = 14, 4, 120
    # A date under the first bar and then every few weeks, so that at most
    # about eight labels share the axis without overlapping.
    every = max(1, -(-len(weeks) // 8))
    bars = []
    for index, week in enumerate(weeks):
        rate = float(week.rate or 0)
        bar_height = round(height * rate / 100, 1)
        bars.append(
            {
                "x": index * (bar + gap),
                "y": round(height - bar_height, 1),
                "height": bar_height,
                "width": bar,
                "week": week,
                "low": rate <= 90,
                "labelled": index % every == 0,
            }
        )
    return {
        "bars": bars,
        "width": max(len(weeks) * (bar + gap), bar + gap),
        "height": height,
        "line_90": round(height * 0.1, 1),
    }


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    schools = _schools_or_404(import_schools(request.user))
    form = UploadForm(request.POST or None, request.FILES or None, schools=schools)
    report = None
    if request.method == "POST" and form.is_valid():
        school = next(s for s in schools if s.pk == form.cleaned_data["school"])
        upload_file = form.cleaned_data["file"]
        who = _imported_by(request, school)
        kind = form.cleaned_data["kind"]
        options = (
            {"reason": form.cleaned_data["reason"]} if kind == ImportKind.MARKS else {}
        )
        report = IMPORTERS[kind](
            upload_file.file,
            school=school,
            file_name=upload_file.name,
            imported_by=who,
            skip_invalid=form.cleaned_data["skip_invalid"],
            **options,
        )
    return render(
        request,
        "attendance/upload.html",
        {
            "form": form,
            "report": report,
            "errors_shown": report.errors[:ERRORS_SHOWN] if report else [],
            "errors_hidden": max(len(report.errors) - ERRORS_SHOWN, 0) if report else 0,
        },
        status=422 if report is not None and not report.imported else 200,
    )


def _imported_by(request: HttpRequest, school) -> ImportedBy:
    user = request.user
    return ImportedBy(
        name=user.get_full_name() or user.get_username(),
        position=position_at(user, school),
        user=user,
    )


@require_safe
def report_csv(request: HttpRequest) -> HttpResponse:
    school, _schools = chosen_school(
        attendance_schools(request.user), request.GET.get("school"), required=True
    )
    today = timezone.localdate()
    out = io.StringIO()
    write_csv(report_rows(school, today), out)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="attendance-{school.urn}-{today:%Y-%m-%d}.csv"'
    )
    return response
