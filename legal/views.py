"""Pages of the LA's legal work on a case: recording an education supervision
order and keeping it (hearing, decision, officer, extensions, non-compliance,
discharge), and preparing a prosecution referral with the court's outcomes.

Thin: load the case through ``visible_case_or_404`` (404 when out of scope),
call one service, render or redirect. Every change arrives by POST at one
view per record, by an action name from a fixed list.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from cases.models import Case
from cases.selectors import case_to_act_on_or_404, la_practitioners, visible_case_or_404
from contracts.notice_rules import liable_parents
from legal import services
from legal.enums import BundleStatus, EsoStatus, ExtensionStatus
from legal.forms import (
    DischargeForm,
    EsoApplicationForm,
    EsoDecisionForm,
    ExtensionDecisionForm,
    ExtensionForm,
    HearingForm,
    NonComplianceForm,
    OfficerForm,
    OutcomeForm,
    ReferralForm,
)
from legal.models import EducationSupervisionOrder, EsoExtension, ProsecutionReferral
from legal.panels import legal_offers
from legal.permissions import can_prepare_referral, can_record_eso, visible_bundles
from legal.selectors import (
    case_orders,
    case_referrals,
    prosecuted_notices,
    referral_drafting,
    targets_judged,
)
from schools.form_errors import service_errors_into


def _officers(case: Case):
    return la_practitioners(case)


@require_http_methods(["GET", "POST"])
def eso_new(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_to_act_on_or_404(
        request.user,
        pk,
        may=can_record_eso,
        refusal=services.ESO_REFUSAL,
    )
    form = EsoApplicationForm(
        request.POST or None,
        officers=_officers(case),
        initial={
            "applied_on": timezone.localdate(),
            "supervising_officer": request.user.pk,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            order = services.eso_application_record(
                case=case, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, "ESO application recorded.")
            return redirect(order.get_absolute_url())
    return render(request, "legal/eso_new.html", {"case": case, "form": form})


def _eso_forms(case: Case, order: EducationSupervisionOrder, data=None, bound=""):
    """The forms for the order's next steps; ``bound`` names the one posted."""

    def make(name, form_class, **kwargs):
        return form_class(data if name == bound else None, prefix=name, **kwargs)

    officers = {"officers": _officers(case)}
    forms_ = {}
    if order.status == EsoStatus.APPLIED:
        forms_["hearing"] = make("hearing", HearingForm)
        forms_["decision"] = make("decision", EsoDecisionForm)
    if order.status in (EsoStatus.APPLIED, EsoStatus.MADE):
        forms_["officer"] = make(
            "officer",
            OfficerForm,
            initial={"supervising_officer": order.supervising_officer_id},
            **officers,
        )
    if order.status == EsoStatus.MADE and order.state.in_force:
        pending = [
            e for e in order.extensions.all() if e.status == ExtensionStatus.APPLIED
        ]
        if pending:
            forms_["extension_decision"] = make(
                "extension_decision", ExtensionDecisionForm
            )
            forms_["pending_extension"] = pending[0]
        else:
            forms_["extension"] = make("extension", ExtensionForm)
        forms_["non_compliance"] = make("non_compliance", NonComplianceForm)
        forms_["discharge"] = make("discharge", DischargeForm)
    return forms_


def _order(case: Case, order_pk: int) -> EducationSupervisionOrder:
    for order in case_orders(case, timezone.localdate()):
        if order.pk == order_pk:
            return order
    raise Http404("No such order on this case.")


def _pending_extension(order: EducationSupervisionOrder) -> EsoExtension:
    pending = order.extensions.filter(status=ExtensionStatus.APPLIED).first()
    if pending is None:  # decided meanwhile by someone else
        raise ValidationError("No extension is waiting for the court's decision.")
    return pending


ESO_ACTIONS = {
    "hearing": lambda order, by, data: services.eso_hearing_set(
        order=order, by=by, **data
    ),
    "decision": lambda order, by, data: services.eso_decision_record(
        order=order, by=by, **data
    ),
    "officer": lambda order, by, data: services.eso_officer_change(
        order=order, by=by, **data
    ),
    "extension": lambda order, by, data: services.eso_extension_apply(
        order=order, by=by, **data
    ),
    "extension_decision": lambda order, by, data: services.eso_extension_decide(
        extension=_pending_extension(order), by=by, **data
    ),
    "non_compliance": lambda order, by, data: services.eso_non_compliance_record(
        order=order, by=by, **data
    ),
    "discharge": lambda order, by, data: services.eso_discharge(
        order=order, by=by, **data
    ),
}
ESO_FORM_TITLES = {
    "hearing": "Set the hearing date",
    "decision": "Record the court's decision",
    "officer": "Change the supervising officer",
    "extension": "Record an application to extend",
    "extension_decision": "Record the decision on the extension",
    "non_compliance": "Record persistent non-compliance",
    "discharge": "Record a discharge",
}
ESO_DONE = {
    "hearing": "Hearing date saved.",
    "decision": "The court's decision is recorded.",
    "officer": "Supervising officer changed.",
    "extension": "Extension application recorded.",
    "extension_decision": "The court's decision on the extension is recorded.",
    "non_compliance": "Non-compliance recorded.",
    "discharge": "Discharge recorded.",
}


@require_http_methods(["GET", "POST"])
def eso_detail(request: HttpRequest, pk: int, order_pk: int) -> HttpResponse:
    case = visible_case_or_404(request.user, pk)
    order = _order(case, order_pk)
    may_record = can_record_eso(request.user, case)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied(
                "Only the LA's staff on the shared case record an ESO."
            )
        if action not in ESO_ACTIONS:
            raise Http404("No such action.")
    forms_ = _eso_forms(case, order, request.POST, action) if may_record else {}
    if action:
        form = forms_.get(action)
        if form is None:
            messages.error(request, "That step is not open for this order now.")
            return redirect(order.get_absolute_url())
        if form.is_valid():
            try:
                ESO_ACTIONS[action](order, request.user, form.cleaned_data)
            except ValidationError as error:
                service_errors_into(form, error)
            else:
                messages.success(request, ESO_DONE[action])
                return redirect(order.get_absolute_url())
    return render(
        request,
        "legal/eso_detail.html",
        {
            "case": case,
            "order": order,
            "state": order.state,
            "targets": targets_judged(case, timezone.localdate())
            if order.state.in_force
            else [],
            "forms": [
                (name, ESO_FORM_TITLES[name], form) for name, form in forms_.items()
            ],
            "may_record": may_record,
        },
        status=400 if action else 200,
    )


@require_http_methods(["GET", "POST"])
def referral_new(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_to_act_on_or_404(
        request.user,
        pk,
        may=can_prepare_referral,
        refusal=services.REFERRAL_REFUSAL,
    )
    form = ReferralForm(
        request.POST or None,
        parents=liable_parents(case),
        penalty_notices=prosecuted_notices(case),
        initial=referral_drafting(case, timezone.localdate()),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["parents"] = list(data["parents"])
        try:
            referral = services.referral_prepare(case=case, by=request.user, **data)
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, "Referral prepared.")
            return redirect(referral.get_absolute_url())
    return render(request, "legal/referral_new.html", {"case": case, "form": form})


def _referral(case: Case, referral_pk: int) -> ProsecutionReferral:
    for referral in case_referrals(case):
        if referral.pk == referral_pk:
            return referral
    raise Http404("No such referral on this case.")


@require_http_methods(["GET", "POST"])
def referral_detail(request: HttpRequest, pk: int, referral_pk: int) -> HttpResponse:
    case = visible_case_or_404(request.user, pk)
    referral = _referral(case, referral_pk)
    may_record = can_prepare_referral(request.user, case)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if request.method == "POST" and not may_record:
        raise PermissionDenied(
            "Only the LA legal officer records the court's decisions."
        )
    if action and action not in ("hearing", "outcome"):
        raise Http404("No such action.")
    parents = referral.parents.all()
    hearing_form = HearingForm(
        request.POST if action == "hearing" else None,
        prefix="hearing",
        initial={"hearing_on": referral.hearing_on},
    )
    outcome_form = OutcomeForm(
        request.POST if action == "outcome" else None, prefix="outcome", parents=parents
    )
    form = {"hearing": hearing_form, "outcome": outcome_form}.get(action)
    if form is not None and form.is_valid():
        try:
            if action == "hearing":
                services.referral_hearing_set(
                    referral=referral, by=request.user, **form.cleaned_data
                )
            else:
                services.outcome_record(
                    referral=referral, by=request.user, **form.cleaned_data
                )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(
                request,
                "Hearing date saved." if action == "hearing" else "Outcome recorded.",
            )
            return redirect(referral.get_absolute_url())
    return render(
        request,
        "legal/referral_detail.html",
        {
            "case": case,
            "referral": referral,
            "may_record": may_record,
            "hearing_form": hearing_form,
            "outcome_form": outcome_form,
        },
        status=400 if action else 200,
    )


@require_safe
def legal_steps(request: HttpRequest, pk: int) -> HttpResponse:
    """Every order and referral of the case, with their dates."""
    case = visible_case_or_404(request.user, pk)
    orders = case_orders(case, timezone.localdate())
    can_apply, can_refer = legal_offers(request.user, case, orders)
    return render(
        request,
        "legal/legal_steps.html",
        {
            "case": case,
            "orders": orders,
            "referrals": case_referrals(case),
            "can_apply": can_apply,
            "can_refer": can_refer,
            "bundles": list(visible_bundles(request.user, case)),
            "BundleStatus": BundleStatus,
        },
    )
