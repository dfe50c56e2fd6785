"""Plan, target, review and ledger pages. Thin: load the case through
``visible_cases`` (404 when out of scope), call one service, render or redirect.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from cases.models import Case
from cases.permissions import can_record_on_case
from cases.selectors import (
    case_to_act_on_or_404,
    eligible_practitioners,
    visible_case_or_404,
)
from plans import services
from plans.forms import OfferForm, PlanForm, ReviewForm, TargetForm, WithdrawForm
from plans.lifecycle import plan_blockers
from plans.models import Plan, SupportOffer, Target
from plans.selectors import (
    draft_of,
    ledger,
    plan_reviews,
    target_views,
)
from plans.smart import smart_advice
from schools.csv_export import safe_csv_writer
from schools.form_errors import service_errors_into
from schools.models import ParentCarer


def _recording_case(request: HttpRequest, pk: int) -> Case:
    return case_to_act_on_or_404(
        request.user,
        pk,
        may=can_record_on_case,
        refusal="You can see this case but not change its plans.",
    )


def _plan(case: Case, plan_pk: int) -> Plan:
    plan = get_object_or_404(
        Plan.objects.select_related("lead_practitioner"), pk=plan_pk, case=case
    )
    plan.case = case
    return plan


def _carers(case: Case):
    return ParentCarer.objects.filter(relationships__pupil=case.pupil_id).order_by(
        "relationships__contact_priority", "pk"
    )


# --- Plans ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest, pk: int) -> HttpResponse:
    case = _recording_case(request, pk)
    form = PlanForm(
        request.POST or None,
        carers=_carers(case),
        practitioners=eligible_practitioners(case),
        initial={
            "lead_practitioner": case.lead_practitioner_id,
            "start_on": timezone.localdate(),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            plan = services.plan_create(case=case, by=request.user, **data)
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, "Plan drafted. Add its targets.")
            return redirect(plan.get_absolute_url())
    return render(request, "plans/plan_new.html", {"case": case, "form": form})


def _plan_context(request: HttpRequest, case: Case, plan: Plan, **forms) -> dict:
    today = timezone.localdate()
    targets = target_views(plan, today=today)
    can_record = can_record_on_case(request.user, case)
    context = {
        "case": case,
        "pupil": case.pupil,
        "plan": plan,
        "targets": targets,
        "family": list(plan.family_members.all()),
        "reviews": plan_reviews(plan),
        "can_record": can_record and plan.is_editable,
        "overdue": plan.is_review_overdue(today),
    }
    if context["can_record"] and plan.is_draft:
        context["activation_reasons"] = plan_blockers(plan, "activate")
    if context["can_record"]:
        if plan.is_live:
            context["review_form"] = forms.get("review_form") or ReviewForm(
                targets=[view.target for view in targets],
                initial={"held_on": today},
            )
        context["withdraw_form"] = forms.get("withdraw_form") or WithdrawForm()
    context["problem"] = forms.get("problem")
    return context


@require_safe
def plan_detail(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    case = visible_case_or_404(request.user, pk)
    plan = _plan(case, plan_pk)
    return render(request, "plans/plan.html", _plan_context(request, case, plan))


@require_POST
def plan_activate(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    case = _recording_case(request, pk)
    plan = _plan(case, plan_pk)
    try:
        services.plan_activate(plan=plan, by=request.user)
    except ValidationError as error:
        context = _plan_context(request, case, plan, problem=error.messages)
        return render(request, "plans/plan.html", context, status=400)
    messages.success(request, "The plan is active. Its first review is scheduled.")
    return redirect(plan.get_absolute_url())


@require_POST
def plan_review(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    case = _recording_case(request, pk)
    plan = _plan(case, plan_pk)
    form = ReviewForm(request.POST, targets=list(plan.targets.order_by("end_on", "pk")))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.review_record(
                plan=plan,
                by=request.user,
                held_on=data["held_on"],
                attended=data["attended"],
                decision=data["decision"],
                notes=data["notes"],
                next_review_on=data["next_review_on"],
                ended_successfully=data["ended_successfully"],
                outcomes=form.outcomes(),
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, "The review is recorded.")
            return redirect(plan.get_absolute_url())
    context = _plan_context(request, case, plan, review_form=form)
    return render(request, "plans/plan.html", context, status=400)


@require_POST
def plan_withdraw(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    case = _recording_case(request, pk)
    plan = _plan(case, plan_pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.plan_withdraw(
                plan=plan, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, "The plan is withdrawn.")
            return redirect(plan.get_absolute_url())
    context = _plan_context(request, case, plan, withdraw_form=form)
    return render(request, "plans/plan.html", context, status=400)


# --- Targets --------------------------------------------------------------


def _target_form_page(
    request: HttpRequest, case: Case, plan: Plan, target: Target | None
) -> HttpResponse:
    form = TargetForm(
        request.POST or None,
        instance=target or Target(plan=plan),
        carers=_carers(case),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        family = data.pop("family_members")
        try:
            services.target_save(
                plan=plan,
                by=request.user,
                target=target,
                family_members=family,
                **data,
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, "Target saved.")
            return redirect(plan.get_absolute_url())
    return render(
        request,
        "plans/target_form.html",
        {
            "case": case,
            "plan": plan,
            "target": target,
            "form": form,
            "advice": _advice_for(form, plan),
        },
    )


def _advice_for(form: TargetForm, plan: Plan) -> list | None:
    """SMART advice for what is in the form now (None before anything is typed)."""
    if not form.is_bound and form.instance.pk is None:
        return None
    draft_target = form.instance
    if form.is_bound:
        draft_target = Target(plan=plan, pk=form.instance.pk)
        for name in (
            "achieve",
            "actions",
            "owner",
            "start_on",
            "review_on",
            "end_on",
            "goal_kind",
            "goal_value",
        ):
            field = form.fields[name]
            try:
                value = field.clean(
                    field.widget.value_from_datadict(
                        form.data, form.files, form.add_prefix(name)
                    )
                )
            except ValidationError:
                value = None
            setattr(
                draft_target,
                name,
                value
                if value is not None
                else (
                    "" if name in ("achieve", "actions", "owner", "goal_kind") else None
                ),
            )
    today = timezone.localdate()
    from attendance.measures import pupil_measures

    rate = pupil_measures(
        plan.case.pupil, today, school=plan.case.school
    ).attendance_rate
    others = list(plan.targets.all())
    return smart_advice(
        draft_of(draft_target, current_attendance=rate, others=others), today=today
    )


@require_http_methods(["GET", "POST"])
def target_new(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    case = _recording_case(request, pk)
    return _target_form_page(request, case, _plan(case, plan_pk), None)


@require_http_methods(["GET", "POST"])
def target_edit(
    request: HttpRequest, pk: int, plan_pk: int, target_pk: int
) -> HttpResponse:
    case = _recording_case(request, pk)
    plan = _plan(case, plan_pk)
    target = get_object_or_404(Target, pk=target_pk, plan=plan)
    return _target_form_page(request, case, plan, target)


@require_POST
def target_advice(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    """The SMART advice for the target form as typed (htmx, as the user types)."""
    case = _recording_case(request, pk)
    plan = _plan(case, plan_pk)
    target = None
    if request.POST.get("target_pk", "").isdigit():
        target = Target.objects.filter(pk=request.POST["target_pk"], plan=plan).first()
    form = TargetForm(
        request.POST, instance=target or Target(plan=plan), carers=_carers(case)
    )
    return render(
        request,
        "plans/partials/advice.html",
        {"advice": _advice_for(form, plan), "live": True},
    )


# --- The support-first ledger ----------------------------------------------


LEDGER_COLUMNS = [
    "Offered on",
    "What was offered",
    "To whom",
    "By whom",
    "Did the family engage?",
    "Answered on",
    "Outcome",
    "Outcome on",
]


def ledger_rows(offers) -> list[list[str]]:
    """Exactly what the ledger page shows, row by row, for the page and the CSV."""

    def day(value) -> str:
        return f"{value.day} {value:%B %Y}" if value else ""

    return [
        [
            day(offer.offered_on),
            offer.what,
            offer.offered_to,
            offer.offered_by.get_full_name() or offer.offered_by.get_username(),
            offer.get_response_display(),
            day(offer.response_on),
            offer.outcome,
            day(offer.outcome_on),
        ]
        for offer in offers
    ]


@require_safe
def ledger_page(request: HttpRequest, pk: int) -> HttpResponse:
    case = visible_case_or_404(request.user, pk)
    offers = list(ledger(case))
    return render(
        request,
        "plans/ledger.html",
        {
            "case": case,
            "pupil": case.pupil,
            "columns": LEDGER_COLUMNS,
            "rows": list(zip(offers, ledger_rows(offers), strict=True)),
            "can_record": can_record_on_case(request.user, case),
        },
    )


@require_safe
def ledger_csv(request: HttpRequest, pk: int) -> HttpResponse:
    case = visible_case_or_404(request.user, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="support-ledger-case-{case.pk}.csv"'
    )
    writer = safe_csv_writer(response)
    writer.writerow(LEDGER_COLUMNS)
    writer.writerows(ledger_rows(ledger(case)))
    return response


def _offer_form_page(
    request: HttpRequest, case: Case, offer: SupportOffer | None
) -> HttpResponse:
    form = OfferForm(
        request.POST or None,
        instance=offer or SupportOffer(),
        carers=list(_carers(case)),
        initial={"offered_on": timezone.localdate()} if offer is None else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_save(
                case=case, by=request.user, offer=offer, **form.offer_fields()
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, "The ledger is updated.")
            return redirect("portal:plans:ledger", pk=case.pk)
    return render(
        request,
        "plans/offer_form.html",
        {"case": case, "offer": offer, "form": form},
    )


@require_http_methods(["GET", "POST"])
def offer_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _offer_form_page(request, _recording_case(request, pk), None)


@require_http_methods(["GET", "POST"])
def offer_edit(request: HttpRequest, pk: int, offer_pk: int) -> HttpResponse:
    case = _recording_case(request, pk)
    offer = get_object_or_404(SupportOffer, pk=offer_pk, case=case)
    return _offer_form_page(request, case, offer)
