"""Views of the portal shell: thin, loading everything through the selectors."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from attendance.selectors import attendance_schools
from cases.permissions import can_open_case
from cases.selectors import visible_cases
from la_workspace.selectors import siblings_for
from portal.auth import url_with_next
from portal.forms import PupilSearchForm
from portal.selectors import work_digest_subscribed
from safeguarding.permissions import is_dsl_for, readable_items
from schools.permissions import (
    can_view_pupil_record,
    memberships_of,
    record_schools,
    visible_pupils,
    visible_schools,
)
from schools.selectors import pupil_carers, pupil_search, pupils_left
from schools.work import my_work
from subject_access.permissions import can_export

LEAVERS_SHOWN = 50


class LoginView(auth_views.LoginView):
    """The first factor, the password; the second factor's page comes next.

    A session whose password has already passed goes straight on to the code.
    """

    template_name = "portal/login.html"
    redirect_authenticated_user = True

    def dispatch(self, request, *args, **kwargs):
        if getattr(request, "pending_user", None) is not None:
            return redirect(self.get_success_url())
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self) -> str:
        return url_with_next("portal:second_factor", self.get_redirect_url())


def login_locked_out(request: HttpRequest, credentials=None, *args, **kwargs):
    """What a locked-out login sees: the same words whether or not the name exists."""
    return render(
        request,
        "portal/login.html",
        {"locked_out": True, "form": AuthenticationForm(request)},
        status=429,
    )


def _pupil_list_context(request: HttpRequest) -> dict:
    schools = list(visible_schools(request.user).order_by("name"))
    form = PupilSearchForm(request.GET or None, schools=schools)
    filters = form.cleaned_data if form.is_valid() else {}
    pupils = pupil_search(
        user=request.user,
        query=filters.get("q") or "",
        school_id=filters.get("school"),
        year_group=filters.get("year_group"),
    )
    page = Paginator(pupils, settings.PORTAL_PUPILS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    return {
        "form": form,
        "page": page,
        "schools": schools,
        "record_school_ids": set(
            record_schools(request.user).values_list("pk", flat=True)
        ),
        "query_string": query_without_page.urlencode(),
    }


def dashboard(request: HttpRequest) -> HttpResponse:
    context = _pupil_list_context(request)
    context["memberships"] = list(memberships_of(request.user))
    today = timezone.localdate()
    context["work"] = [
        (item, item.status(today)) for item in my_work(request.user, today)
    ]
    context["work_digest"] = work_digest_subscribed(request.user)
    return render(request, "portal/dashboard.html", context)


def pupil_list(request: HttpRequest) -> HttpResponse:
    context = _pupil_list_context(request)
    if request.htmx and request.htmx.target == "pupil-list":
        return render(request, "portal/partials/pupil_list.html", context)
    context["leavers"] = list(pupils_left(user=request.user)[:LEAVERS_SHOWN])
    return render(request, "portal/pupil_list.html", context)


def pupil_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pupil = get_object_or_404(
        visible_pupils(request.user).select_related("school"), pk=pk
    )
    full_record = can_view_pupil_record(request.user, pupil)
    cases = list(visible_cases(request.user).filter(pupil=pupil))
    # DSLs always see the link, whether or not there are records; others only
    # when a record about this pupil is shared with them.
    is_dsl = is_dsl_for(request.user, pupil)
    return render(
        request,
        "portal/pupil_detail.html",
        {
            "pupil": pupil,
            "full_record": full_record,
            "can_view_attendance": attendance_schools(request.user)
            .filter(pk=pupil.school_id)
            .exists(),
            "cases": cases,
            "voice_records": can_open_case(request.user, pupil),
            "is_dsl": is_dsl,
            "restricted_records": is_dsl
            or readable_items(request.user).filter(pupil=pupil).exists(),
            "can_open_case": can_open_case(request.user, pupil)
            and not any(case.is_open for case in cases),
            "carers": list(pupil_carers(pupil=pupil)) if full_record else [],
            "siblings": siblings_for(
                user=request.user, pupil=pupil, as_of=timezone.localdate()
            ),
            "can_export": can_export(request.user, pupil),
        },
    )
