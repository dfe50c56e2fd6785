"""The case pages: caseload, opening a case, the case page and its actions.

Every view loads its case through ``visible_cases`` (a case the user may not
see is a 404, POSTs and htmx partials included) and every change goes through
one service in ``cases.services``.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from attendance.measures import pupil_measures
from cases import services
from cases.case_view import viewing
from cases.checklist import ITEMS, checklist_status
from cases.enums import OPEN_STAGES, RECORDABLE_KINDS, Stage
from cases.events import event_label
from cases.forms import (
    AssignForm,
    CaseloadFilterForm,
    OpenCaseForm,
    RecordForm,
    ShareForm,
    TickForm,
    TransitionForm,
    UntickForm,
)
from cases.models import Case
from cases.panels import render_case_panels
from cases.permissions import (
    TRANSITION_ROLES,
    can_assign,
    can_hand_over,
    can_open_case,
    can_record_on_case,
    can_share,
    may_take_transition,
    recordable_kinds,
    role_names,
)
from cases.selectors import (
    CaseloadFilters,
    case_events,
    case_shares,
    caseload,
    caseload_scope,
    describe_event,
    eligible_practitioners,
    event_kinds_used,
    la_practitioners,
    stage_counts,
    visible_case_or_404,
    visible_cases,
)
from cases.workflow import TRANSITIONS, blockers, in_brief, steps_offered
from schools.form_errors import service_errors_into
from schools.permissions import visible_pupils, visible_schools
from schools.selectors import pupil_carers

# --- Caseload -------------------------------------------------------------


@require_safe
def caseload_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    overdue_days = settings.PORTAL_CASE_OVERDUE_DAYS
    schools = list(visible_schools(user).order_by("name"))
    leads = list(
        get_user_model()
        .objects.filter(pk__in=visible_cases(user).values("lead_practitioner"))
        .order_by("last_name", "first_name")
    )
    form = CaseloadFilterForm(
        request.GET or None, schools=schools, leads=leads, overdue_days=overdue_days
    )
    data = form.cleaned_data if form.is_valid() else {}
    filters = CaseloadFilters(
        stage=data.get("stage") or "",
        school_id=data.get("school"),
        year_group=data.get("year_group"),
        lead_practitioner_id=data.get("lead"),
        mine=bool(data.get("mine")),
        overdue=bool(data.get("overdue")),
        overdue_review=bool(data.get("overdue_review")),
    )
    cases = caseload(user=user, filters=filters, overdue_days=overdue_days)
    counts = stage_counts(
        caseload_scope(user=user, filters=filters, overdue_days=overdue_days)
    )
    page = Paginator(cases, settings.PORTAL_CASES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query_string": query.urlencode(),
        "chart": _stage_chart(counts),
        "filters": filters,
        "overdue_days": overdue_days,
        "overdue_before": timezone.now() - timedelta(days=overdue_days),
    }
    if request.htmx and request.htmx.target == "caseload":
        return render(request, "cases/partials/caseload.html", context)
    return render(request, "cases/caseload.html", context)


def _stage_chart(counts: dict[str, int]) -> dict:
    """Bars for the cases-per-stage chart, scaled to the largest count."""
    largest = max(counts.values(), default=0) or 1
    labels = dict(Stage.choices)
    bars = [
        {
            "stage": stage,
            "label": labels[stage],
            "count": count,
            "width": round(100 * count / largest, 1),
            "y": index * 28,
        }
        for index, (stage, count) in enumerate(counts.items())
    ]
    return {"bars": bars, "height": len(bars) * 28, "total": sum(counts.values())}


# --- Opening a case -------------------------------------------------------


@require_http_methods(["GET", "POST"])
def case_open(request: HttpRequest, pupil_pk: int) -> HttpResponse:
    pupil = get_object_or_404(
        visible_pupils(request.user).select_related("school"), pk=pupil_pk
    )
    if not can_open_case(request.user, pupil):
        raise Http404("Not a pupil this user may open a case for.")
    open_case = (
        visible_cases(request.user)
        .filter(pupil=pupil)
        .exclude(stage=Stage.CLOSED)
        .first()
    )
    form = OpenCaseForm(request.POST or None)
    if request.method == "POST" and open_case is None and form.is_valid():
        try:
            case = services.case_open(
                pupil=pupil, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, f"Case opened for {pupil.display_name}.")
            return redirect(case)
    return render(
        request,
        "cases/open_case.html",
        {"pupil": pupil, "form": form, "open_case": open_case},
    )


# --- The case page --------------------------------------------------------


def _transition_panel(request: HttpRequest, case: Case, forms: dict) -> list[dict]:
    """Each step offered from the current stage, with why it is blocked, if it is."""
    panel = []
    for name in steps_offered(case):
        info = TRANSITIONS[name]
        reasons, checklist = in_brief(blockers(case, name))
        if not may_take_transition(request.user, case, name):
            reasons.append(
                f"Only the {role_names(TRANSITION_ROLES[name])} can take this step."
            )
        form = forms.get(name) or TransitionForm(
            initial={"transition": name, "expected_stage": case.stage},
            auto_id=f"{name}-%s",
        )
        panel.append(
            {"info": info, "reasons": reasons, "checklist": checklist, "form": form}
        )
    return panel


def _stepper(case: Case) -> list[dict]:
    order = list(OPEN_STAGES)
    current = order.index(case.stage) if case.stage in order else None
    return [
        {
            "label": Stage(stage).label,
            "state": (
                "current"
                if index == current
                else "done"
                if current is not None and index < current
                else "todo"
            ),
        }
        for index, stage in enumerate(order)
    ]


def _case_context(
    request: HttpRequest,
    case: Case,
    *,
    transition_forms: dict | None = None,
    forms: dict | None = None,
    problem: str = "",
) -> dict:
    with viewing(case):
        return _read_case_context(
            request,
            case,
            transition_forms=transition_forms,
            forms=forms,
            problem=problem,
        )


def _read_case_context(
    request: HttpRequest,
    case: Case,
    *,
    transition_forms: dict | None,
    forms: dict | None,
    problem: str,
) -> dict:
    """Inside one view of the case (``cases.case_view``): what the steps, the
    checklist, the chronology and the panels ask of the case is read once."""
    user = request.user
    forms = forms or {}
    kind = request.GET.get("kind", "")
    shares = case_shares(case)
    prefetch_related_objects([case], "co_workers")
    context = {
        "case": case,
        "pupil": case.pupil,
        "measures": pupil_measures(
            case.pupil, timezone.localdate(), school=case.school
        ),
        "carers": list(pupil_carers(pupil=case.pupil)),
        "stepper": _stepper(case),
        "transitions": _transition_panel(request, case, transition_forms or {}),
        "checklist": checklist_status(case),
        "checklist_total": len(ITEMS),
        "shares": shares,
        "can_share": can_share(user, case),
        "can_hand_over": can_hand_over(user, case),
        "pupil_moved": case.pupil.school_id != case.school_id,
        "can_assign": can_assign(user, case),
        "can_record": can_record_on_case(user, case),
        "problem": problem,
        "events": [
            (event, event_label(event.kind), describe_event(event))
            for event in case_events(case, user=request.user, kind=kind)[:200]
        ],
        "event_kinds": [
            (k, event_label(k)) for k in event_kinds_used(case, user=request.user)
        ],
        "case_panels": render_case_panels(request, case),
        "today": timezone.localdate(),
        "kind": kind,
    }
    context["checklist_met"] = sum(1 for status in context["checklist"] if status.met)
    if context["can_assign"]:
        context["assign_form"] = forms.get("assign") or AssignForm(
            eligible=eligible_practitioners(case),
            initial={
                "lead_practitioner": case.lead_practitioner_id,
                "co_workers": [person.pk for person in case.co_workers.all()],
            },
        )
    if context["can_record"]:
        context["record_form"] = forms.get("record") or RecordForm(
            kinds=recordable_kinds(request.user, case)
        )
        context["tick_error"] = forms.get("tick")
    if context["can_share"]:
        context["share_form"] = forms.get("share") or ShareForm(
            la_name=case.school.local_authority.name,
            practitioners=la_practitioners(case),
        )
    return context


def _render_case(request: HttpRequest, case: Case, status: int = 200, **kwargs):
    context = _case_context(request, case, **kwargs)
    template = "cases/partials/case_body.html" if request.htmx else "cases/case.html"
    return render(request, template, context, status=status)


@require_safe
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = visible_case_or_404(request.user, pk)
    if request.htmx and request.htmx.target == "chronology":
        return render(
            request, "cases/partials/chronology.html", _case_context(request, case)
        )
    return render(request, "cases/case.html", _case_context(request, case))


def _done(request: HttpRequest, case: Case, message: str) -> HttpResponse:
    messages.success(request, message)
    if request.htmx:
        fresh = visible_case_or_404(request.user, case.pk)
        return _render_case(request, fresh)
    return redirect(case)


@require_POST
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Every change to a case, by name from a fixed list."""
    case = visible_case_or_404(request.user, pk)
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404("No such action.")
    try:
        return handler(request, case)
    except PermissionDenied:
        # htmx swaps only 2xx answers, so it gets 200 with the refusal shown.
        return _render_case(
            request,
            visible_case_or_404(request.user, pk),
            status=200 if request.htmx else 403,
            problem="This change was not made: the case is closed, or your role "
            "cannot make it.",
        )
    except services.CaseChanged as changed:
        fresh = visible_case_or_404(request.user, pk)
        return _render_case(
            request, fresh, status=200 if request.htmx else 409, problem=str(changed)
        )


def _transition(request: HttpRequest, case: Case) -> HttpResponse:
    name = request.POST.get("transition", "")
    form = TransitionForm(
        request.POST, auto_id=f"{name}-%s" if name in TRANSITIONS else "id_%s"
    )
    if not form.is_valid():
        return _render_case(
            request,
            case,
            transition_forms={name: form} if name in TRANSITIONS else {},
            problem="Check the form below.",
        )
    name = form.cleaned_data["transition"]
    try:
        case = services.case_transition(
            case=case,
            name=name,
            by=request.user,
            expected_stage=form.cleaned_data["expected_stage"],
            reason=form.cleaned_data["reason"],
            closure_reason=form.cleaned_data["closure_reason"],
        )
    except services.TransitionRefused as refused:
        return _render_case(
            request,
            case,
            problem=f"“{TRANSITIONS[name].label}” was not taken: "
            + " ".join(refused.reasons),
        )
    except ValidationError as error:
        service_errors_into(form, error)
        return _render_case(
            request,
            case,
            transition_forms={name: form},
            problem="Check the form below.",
        )
    return _done(request, case, f"The case is now at: {case.get_stage_display()}.")


def _assign(request: HttpRequest, case: Case) -> HttpResponse:
    if not can_assign(request.user, case):
        raise PermissionDenied
    form = AssignForm(request.POST, eligible=eligible_practitioners(case))
    if form.is_valid():
        try:
            services.case_assign(
                case=case,
                by=request.user,
                lead_practitioner=form.cleaned_data["lead_practitioner"],
                co_workers=list(form.cleaned_data["co_workers"]),
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            return _done(request, case, "Lead practitioner and co-workers saved.")
    return _render_case(
        request, case, forms={"assign": form}, problem="Check the form."
    )


def _record(request: HttpRequest, case: Case) -> HttpResponse:
    form = RecordForm(request.POST, kinds=RECORDABLE_KINDS)
    if form.is_valid():
        try:
            event = services.case_record(
                case=case,
                by=request.user,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                held_on=form.cleaned_data["held_on"],
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            return _done(request, case, f"Recorded: {event_label(event.kind)}.")
    return _render_case(
        request, case, forms={"record": form}, problem="Check the form."
    )


def _tick(request: HttpRequest, case: Case) -> HttpResponse:
    form = TickForm(request.POST)
    if form.is_valid():
        try:
            services.checklist_tick(
                case=case,
                item=form.cleaned_data["item"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            return _done(request, case, "Checklist item ticked.")
    return _render_case(
        request,
        case,
        forms={"tick": form},
        problem="The item was not ticked: give the evidence.",
    )


def _untick(request: HttpRequest, case: Case) -> HttpResponse:
    form = UntickForm(request.POST)
    if form.is_valid():
        try:
            services.checklist_untick(
                case=case,
                item=form.cleaned_data["item"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            return _done(request, case, "Tick withdrawn.")
    return _render_case(request, case, problem="The tick was not withdrawn: say why.")


def _share_target(case: Case, form: ShareForm) -> dict:
    target = form.cleaned_data["target"]
    if target == "la_team":
        return {"with_la_team": True}
    return {"practitioner": la_practitioners(case).get(pk=int(target))}


def _share(request: HttpRequest, case: Case) -> HttpResponse:
    if not can_share(request.user, case):
        raise PermissionDenied
    form = ShareForm(
        request.POST,
        la_name=case.school.local_authority.name,
        practitioners=la_practitioners(case),
    )
    if form.is_valid():
        unsharing = request.POST.get("end") == "1"
        try:
            if unsharing:
                services.case_unshare(
                    case=case, by=request.user, **_share_target(case, form)
                )
            else:
                services.case_share(
                    case=case, by=request.user, **_share_target(case, form)
                )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            return _done(
                request, case, "Sharing ended." if unsharing else "Case shared."
            )
    return _render_case(request, case, forms={"share": form}, problem="Not shared.")


def _hand_over(request: HttpRequest, case: Case) -> HttpResponse:
    try:
        services.case_hand_over(case=case, by=request.user)
    except ValidationError as error:
        return _render_case(request, case, problem=" ".join(error.messages))
    messages.success(
        request,
        f"Case {case.pk} handed over to {case.pupil.school.name}. It is no longer "
        "on your caseload.",
    )
    caseload = reverse("portal:cases:caseload")
    if request.htmx:
        return HttpResponse(headers={"HX-Redirect": caseload})
    return redirect(caseload)


ACTIONS = {
    "transition": _transition,
    "hand_over": _hand_over,
    "assign": _assign,
    "record": _record,
    "tick": _tick,
    "untick": _untick,
    "share": _share,
}
