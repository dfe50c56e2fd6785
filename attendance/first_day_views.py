"""The first-day response: contact attempts and one-mark amendments, made in
place from the unexplained-absence list (htmx swaps the pupil's card) or on
their own pages without JavaScript; and the amendments to enter in the MIS.

As everywhere in the portal, a pupil or mark outside the user's schools is a
404. Anyone who may see a school's registers may record a contact attempt;
only those who may import its registers may amend a mark.
"""

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_safe

from attendance.codes import Session, code_for
from attendance.forms import ContactAttemptForm, MarkAmendForm
from attendance.models import RegisterMark
from attendance.register_import import ImportedBy
from attendance.selectors import (
    amendments_to_enter,
    attendance_schools,
    import_schools,
    with_first_day,
    with_list_figures,
)
from attendance.services import absence_contact_record, mark_amend
from schools.csv_export import safe_csv_writer
from schools.form_errors import service_errors_into
from schools.models import Pupil
from schools.permissions import chosen_school, position_at


def _pupil(request: HttpRequest, pk: int) -> Pupil:
    return get_object_or_404(
        Pupil.objects.filter(school__in=attendance_schools(request.user))
        .select_related("school")
        .prefetch_related("carer_relationships__parent_carer"),
        pk=pk,
    )


def _back(request: HttpRequest, fallback: str) -> str:
    """Where to go after a form without JavaScript: ``next`` if it is ours."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return fallback


def _card(request: HttpRequest, pupil: Pupil, **forms) -> HttpResponse:
    """The pupil's card on the unexplained-absence list, re-read after a change."""
    day = timezone.localdate()
    pupils = with_first_day(
        with_list_figures(Pupil.objects.filter(pk=pupil.pk), pupil.school),
        school=pupil.school,
        day=day,
    )
    return render(
        request,
        "attendance/partials/first_day_card.html",
        {
            "pupil": pupils.get(),
            "school": pupil.school,
            "can_amend": import_schools(request.user)
            .filter(pk=pupil.school_id)
            .exists(),
            **forms,
        },
    )


@require_safe
def pupil_card(request: HttpRequest, pk: int) -> HttpResponse:
    """The pupil's card on the unexplained-absence list (a form closed)."""
    pupil = _pupil(request, pk)
    if not request.htmx:
        return redirect(reverse("portal:attendance:pupil", args=[pupil.pk]))
    return _card(request, pupil)


@require_http_methods(["GET", "POST"])
def contact_new(request: HttpRequest, pk: int) -> HttpResponse:
    pupil = _pupil(request, pk)
    relationships = pupil.carer_relationships.filter(may_contact=True).select_related(
        "parent_carer"
    )
    form = ContactAttemptForm(request.POST or None, relationships=relationships)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            absence_contact_record(
                pupil=pupil,
                absence_date=data["absence_date"],
                relationship=data["relationship"],
                contact_name=data["contact_name"],
                method=data["method"],
                attempted_at=data["attempted_at"],
                reached=data["reached"],
                reason_given=data["reason_given"],
                recorded_by=request.user,
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            if request.htmx:
                return _card(request, pupil)
            messages.success(request, f"Contact attempt recorded for {pupil}.")
            return redirect(
                _back(request, reverse("portal:attendance:pupil", args=[pupil.pk]))
            )
    if request.htmx:
        return _card(request, pupil, contact_form=form)
    return render(
        request,
        "attendance/contact_form.html",
        {"pupil": pupil, "form": form, "next": _back(request, "")},
    )


def _mark(request: HttpRequest, pk: int, day: str, session: str) -> RegisterMark:
    """A mark on the register of a school where the user may amend marks, of a
    pupil still on that school's roll."""
    try:
        on = date.fromisoformat(day)
    except ValueError:
        raise Http404("No such day.") from None
    if session not in (Session.AM, Session.PM):
        raise Http404("No such session.")
    return get_object_or_404(
        RegisterMark.objects.filter(
            school__in=import_schools(request.user),
            pupil__school_id=F("school_id"),
        ).select_related("pupil__school", "school"),
        pupil_id=pk,
        date=on,
        session=session,
    )


@require_http_methods(["GET", "POST"])
def mark_amend_view(
    request: HttpRequest, pk: int, day: str, session: str
) -> HttpResponse:
    mark = _mark(request, pk, day, session)
    pupil = mark.pupil
    form = MarkAmendForm(
        request.POST or None,
        session=mark.session,
        current=mark.code,
        initial={"position": position_at(request.user, mark.school)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        amender = ImportedBy(
            user=request.user,
            name=request.user.get_full_name() or request.user.get_username(),
            position=data["position"],
        )
        try:
            mark_amend(
                mark=mark,
                code=data["code"],
                minutes_late=data["minutes_late"],
                reason=data["reason"],
                amender=amender,
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            if request.htmx:
                return _card(request, pupil)
            messages.success(
                request,
                f"{pupil}'s {mark.session} mark on {mark.date.day} "
                f"{mark.date:%B %Y} is now {data['code']}.",
            )
            return redirect(
                _back(request, reverse("portal:attendance:pupil", args=[pupil.pk]))
            )
    context = {
        "mark": mark,
        "current": code_for(mark.code),
        "amend_form": form,
    }
    if request.htmx:
        return _card(request, pupil, **context)
    return render(
        request,
        "attendance/mark_amend.html",
        {**context, "pupil": pupil, "form": form, "next": _back(request, "")},
    )


@require_safe
def mis_list(request: HttpRequest) -> HttpResponse:
    school, schools = chosen_school(
        import_schools(request.user), request.GET.get("school")
    )
    page = Paginator(
        amendments_to_enter(school), settings.PORTAL_PUPILS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "attendance/mis_list.html",
        {"school": school, "schools": schools, "page": page},
    )


MIS_CSV_FIELDS = (
    "upn",
    "surname",
    "forename",
    "date",
    "session",
    "original_code",
    "new_code",
    "new_minutes_late",
    "reason",
    "amended_by",
    "position",
    "amended_at",
    "mis_last_had",
)


@require_safe
def mis_csv(request: HttpRequest) -> HttpResponse:
    """The amendments to enter in the MIS, for the person who keys them in."""
    school, _schools = chosen_school(
        import_schools(request.user), request.GET.get("school")
    )
    today = timezone.localdate()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="to-enter-in-mis-{school.urn}-{today:%Y-%m-%d}.csv"'
    )
    writer = safe_csv_writer(response)
    writer.writerow(MIS_CSV_FIELDS)
    for entry in amendments_to_enter(school):
        amendment, mark = entry.amendment, entry.mark
        minutes = amendment.new_minutes_late
        writer.writerow(
            [
                mark.pupil.upn,
                mark.pupil.surname,
                mark.pupil.forename,
                mark.date.isoformat(),
                mark.session,
                amendment.original_code,
                amendment.new_code,
                "" if minutes is None else minutes,
                amendment.reason,
                amendment.amended_by_name,
                amendment.amended_by_position,
                timezone.localtime(amendment.amended_at).strftime("%Y-%m-%d %H:%M"),
                entry.conflict_code,
            ]
        )
    return response
