"""Parenting contract pages: drafting, the contract, each step of its life,
reviews, the not-kept walk-through, the written reason why none was offered,
its letters, and the signed copy and signatures (served with ``no-store``).

Thin: load the case through ``visible_case_or_404`` (404 for anyone who may
not see it), check who may act, call one service, render or redirect.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from cases.models import Case
from cases.selectors import (
    case_to_act_on_or_404,
    eligible_practitioners,
    visible_case_or_404,
)
from contracts import contract_services as services
from contracts.contract_enums import ContractReviewDecision
from contracts.contract_forms import (
    BreachForm,
    DraftForm,
    NotKeptForm,
    ReasonForm,
    ReviewForm,
    SignForm,
)
from contracts.contract_letters import (
    DOCUMENT,
    WARNING,
    contract_letters,
    contract_letters_prepare,
    warning_letters_missing,
    why_not,
)
from contracts.contract_lifecycle import STEP_LABELS, contract_blockers
from contracts.contract_permissions import can_manage_contracts
from contracts.contract_selectors import contract_plans, contract_reviews
from contracts.models import ContractSignature, ParentingContract
from plans.selectors import target_views
from schools.form_errors import service_errors_into
from schools.models import ParentCarer
from voice.images import content_type_for


def _managing_case(request: HttpRequest, pk: int) -> Case:
    return case_to_act_on_or_404(
        request.user,
        pk,
        may=can_manage_contracts,
        refusal="You can see this case but not work on its contracts.",
    )


def _contract(case: Case, contract_pk: int) -> ParentingContract:
    contract = get_object_or_404(
        ParentingContract.objects.select_related(
            "plan",
            "overall_responsible",
            "day_to_day_responsible",
            "created_by",
            "signing_recorded_by",
        ).prefetch_related("parents", "signatures"),
        pk=contract_pk,
        case_id=case.pk,
    )
    contract.case = case
    return contract


def _targets(contract: ParentingContract) -> list:
    if contract.plan_id is None:
        return []
    contract.plan.case = contract.case
    return target_views(contract.plan, today=timezone.localdate())


@require_http_methods(["GET", "POST"])
def contract_draft(request: HttpRequest, pk: int) -> HttpResponse:
    case = _managing_case(request, pk)
    parent_rows = services.contract_parents_choices(case)
    plans = contract_plans(case)
    form = DraftForm(
        request.POST or None,
        parent_rows=parent_rows,
        plans=plans,
        staff=eligible_practitioners(case),
        initial=DraftForm.defaults(
            case,
            plan=plans.first(),
            child_views=services.child_views_from_voice(case),
            parent_rows=parent_rows,
        ),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        parents = ParentCarer.objects.filter(pk__in=data.pop("parents"))
        try:
            contract = services.contract_draft(
                case=case, by=request.user, parents=parents, **data
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(
                request, "Contract drafted. Check it, then offer it to the parents."
            )
            return redirect(contract.get_absolute_url())
    return render(
        request, "contracts/contract/draft.html", {"case": case, "form": form}
    )


@require_http_methods(["GET", "POST"])
def contract_edit(request: HttpRequest, pk: int, contract_pk: int) -> HttpResponse:
    case = _managing_case(request, pk)
    contract = _contract(case, contract_pk)
    if not contract.is_draft:
        messages.error(request, "Only a draft contract can be changed.")
        return redirect(contract.get_absolute_url())
    initial = {name: getattr(contract, name) for name in services.TERM_FIELDS}
    initial["parents"] = [str(p.pk) for p in contract.parents.all()]
    form = DraftForm(
        request.POST or None,
        parent_rows=services.contract_parents_choices(case),
        plans=contract_plans(case),
        staff=eligible_practitioners(case),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        parents = ParentCarer.objects.filter(pk__in=data.pop("parents"))
        try:
            services.contract_edit(
                contract=contract, by=request.user, parents=parents, **data
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, "Draft saved.")
            return redirect(contract.get_absolute_url())
    return render(
        request,
        "contracts/contract/draft.html",
        {"case": case, "form": form, "contract": contract},
    )


@require_safe
def contract_detail(request: HttpRequest, pk: int, contract_pk: int) -> HttpResponse:
    case = visible_case_or_404(request.user, pk)
    contract = _contract(case, contract_pk)
    can_manage = can_manage_contracts(request.user, case)
    steps = []
    if can_manage:
        for name in ("offer", "activate"):
            if services.step_allowed(contract, name):
                steps.append(
                    (name, STEP_LABELS[name], contract_blockers(contract, name))
                )
    letters = contract_letters(contract)
    return render(
        request,
        "contracts/contract/detail.html",
        {
            "case": case,
            "contract": contract,
            "parents": list(contract.parents.all()),
            "signatures": list(contract.signatures.all()),
            "targets": _targets(contract),
            "reviews": contract_reviews(contract),
            "letters": letters,
            "can_manage": can_manage,
            "steps": steps,
            "can": {
                name: can_manage and services.step_allowed(contract, name)
                for name in (
                    "sign",
                    "decline",
                    "review",
                    "complete",
                    "mark_not_kept",
                    "withdraw",
                )
            },
            "document_why_not": why_not(contract, DOCUMENT),
            "snapshot": contract.attendance_snapshot,
        },
    )


@require_POST
def contract_step(
    request: HttpRequest, pk: int, contract_pk: int, step: str
) -> HttpResponse:
    """The steps that need nothing but a button: offer and activate."""
    case = _managing_case(request, pk)
    contract = _contract(case, contract_pk)
    try:
        contract = services.contract_transition(
            contract=contract, name=step, by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if step == "offer":
            message = (
                "Contract offered. Prepare the contract document for each parent, "
                "and record the signing when it happens."
            )
        else:
            message = (
                "The contract is active. Its first review is due by "
                f"{contract.next_review_on:%-d %B %Y}."
            )
        messages.success(request, message)
    return redirect(contract.get_absolute_url())


def _signatures(request: HttpRequest, form: SignForm) -> list:
    return [
        services.Signature(str(parent), field.value() or "", parent)
        for parent, field in form.signature_fields()
        if field.value()
    ]


@require_http_methods(["GET", "POST"])
def contract_sign(request: HttpRequest, pk: int, contract_pk: int) -> HttpResponse:
    case = _managing_case(request, pk)
    contract = _contract(case, contract_pk)
    if not services.step_allowed(contract, "sign"):
        messages.error(request, "Only an offered contract is signed.")
        return redirect(contract.get_absolute_url())
    parents = list(contract.parents.all())
    form = SignForm(
        request.POST or None,
        request.FILES or None,
        parents=parents,
        initial={"signed_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_transition(
                contract=contract,
                name="sign",
                by=request.user,
                signed_on=form.cleaned_data["signed_on"],
                present=form.cleaned_data["present"],
                witness=form.cleaned_data["witness"],
                signed_copy=form.cleaned_data["signed_copy"],
                signatures=_signatures(request, form),
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, "Signing recorded. Make the contract active.")
            return redirect(contract.get_absolute_url())
    return render(
        request,
        "contracts/contract/sign.html",
        {"case": case, "contract": contract, "form": form, "parents": parents},
    )


@require_http_methods(["GET", "POST"])
def contract_review(request: HttpRequest, pk: int, contract_pk: int) -> HttpResponse:
    case = _managing_case(request, pk)
    contract = _contract(case, contract_pk)
    if not services.step_allowed(contract, "review"):
        messages.error(request, "Only an active contract is reviewed.")
        return redirect(contract.get_absolute_url())
    views = _targets(contract)
    form = ReviewForm(
        request.POST or None,
        targets=[v.target for v in views],
        verdicts={v.target.pk: v.verdict_label.lower() for v in views if v.progress},
        initial={"held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.contract_review_record(
                contract=contract,
                by=request.user,
                held_on=data["held_on"],
                attended=data["attended"],
                meeting_note=data["meeting_note"],
                decision=data["decision"],
                notes=data["notes"],
                next_review_on=data["next_review_on"],
                results=form.results(),
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(
                request,
                "Review recorded. Complete the contract."
                if data["decision"] == ContractReviewDecision.END
                else "Review recorded.",
            )
            return redirect(contract.get_absolute_url())
    return render(
        request,
        "contracts/contract/review.html",
        {"case": case, "contract": contract, "form": form},
    )


@require_http_methods(["GET", "POST"])
def contract_not_kept(request: HttpRequest, pk: int, contract_pk: int) -> HttpResponse:
    """The walk-through when a contract is not kept: contact the parents and
    consider amending it, the warning letter, then the decision."""
    case = _managing_case(request, pk)
    contract = _contract(case, contract_pk)
    if not services.step_allowed(contract, "mark_not_kept"):
        messages.error(request, "Only an active contract can be not kept.")
        return redirect(contract.get_absolute_url())
    posted = request.POST.get("part", "") if request.method == "POST" else ""
    breach = BreachForm(
        request.POST if posted == "contact" else None,
        prefix="contact",
        initial={
            "contacted_on": contract.breach_contacted_on or timezone.localdate(),
            "contact_note": contract.breach_contact_note,
            "amendment_note": contract.breach_amendment_note,
        },
    )
    decision = NotKeptForm(
        request.POST if posted == "decision" else None, prefix="decision"
    )
    if posted == "contact" and breach.is_valid():
        try:
            services.contract_breach_record(
                contract=contract, by=request.user, **breach.cleaned_data
            )
        except ValidationError as error:
            service_errors_into(breach, error)
        else:
            messages.success(request, "Recorded. Now prepare the warning letter.")
            return redirect(request.path + "#warning")
    if posted == "decision" and decision.is_valid():
        try:
            services.contract_transition(
                contract=contract,
                name="mark_not_kept",
                by=request.user,
                decision=decision.cleaned_data["decision"],
                reason=decision.cleaned_data["reason"],
            )
        except ValidationError as error:
            service_errors_into(decision, error)
        else:
            messages.success(request, "The contract is recorded as not kept.")
            return redirect(contract.get_absolute_url())
    return render(
        request,
        "contracts/contract/not_kept.html",
        {
            "case": case,
            "contract": contract,
            "breach": breach,
            "decision": decision,
            "warning_why_not": why_not(contract, WARNING),
            "not_warned": warning_letters_missing(contract),
            "letters": [
                letter
                for letter in contract_letters(contract)
                if letter.kind == WARNING
            ],
            "blockers": contract_blockers(contract, "mark_not_kept"),
        },
    )


_REASON_STEPS = {
    "complete": ("Complete the contract", "What it achieved (optional)", False),
    "withdraw": ("Withdraw the contract", "Why the contract is withdrawn", True),
    "decline": ("The parents declined the contract", "Why they declined", True),
}


@require_http_methods(["GET", "POST"])
def contract_end(
    request: HttpRequest, pk: int, contract_pk: int, step: str
) -> HttpResponse:
    """Complete, withdraw, or record that the parents declined: a reason each."""
    case = _managing_case(request, pk)
    contract = _contract(case, contract_pk)
    title, label, required = _REASON_STEPS[step]
    if not services.step_allowed(contract, step):
        messages.error(
            request,
            f"A contract that is {contract.get_status_display().lower()} cannot "
            "take that step.",
        )
        return redirect(contract.get_absolute_url())
    form = ReasonForm(request.POST or None, label=label, required=required)
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_transition(
                contract=contract,
                name=step,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, f"{title}: done.")
            return redirect(contract.get_absolute_url())
    return render(
        request,
        "contracts/contract/end.html",
        {
            "case": case,
            "contract": contract,
            "form": form,
            "title": title,
            "blockers": contract_blockers(contract, step),
        },
    )


@require_POST
def contract_letters_view(
    request: HttpRequest, pk: int, contract_pk: int
) -> HttpResponse:
    """Prepare the contract document, or the warning letter, for each parent."""
    case = _managing_case(request, pk)
    contract = _contract(case, contract_pk)
    kind = request.POST.get("kind", "")
    if kind not in (DOCUMENT, WARNING):
        raise Http404("Not a contract letter.")
    try:
        prepared = contract_letters_prepare(
            contract=contract, kind=kind, by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"{len(prepared)} letter{'s' if len(prepared) != 1 else ''} prepared: "
            "check each, then send it.",
        )
    if kind == WARNING:
        return redirect(contract.get_absolute_url() + "not-kept/#warning")
    return redirect(contract.get_absolute_url() + "#letters")


@require_http_methods(["GET", "POST"])
def contract_not_offered(request: HttpRequest, pk: int) -> HttpResponse:
    case = _managing_case(request, pk)
    form = ReasonForm(
        request.POST or None, label="Why no parenting contract is offered"
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_not_offered_record(
                case=case, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, "The reason is on the case's chronology.")
            return redirect(case.get_absolute_url())
    return render(
        request, "contracts/contract/not_offered.html", {"case": case, "form": form}
    )


def _private_file(field, name: str) -> HttpResponse:
    try:
        handle = field.storage.open(field.name, "rb")
    except FileNotFoundError as error:
        raise Http404("The file is missing.") from error
    extension = field.name.rsplit(".", 1)[-1]
    content_type = (
        "application/pdf" if extension == "pdf" else content_type_for(field.name)
    )
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{name}.{extension}"'
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


@require_safe
def contract_signed_copy(
    request: HttpRequest, pk: int, contract_pk: int
) -> HttpResponse:
    case = visible_case_or_404(request.user, pk)
    contract = _contract(case, contract_pk)
    if not contract.signed_copy:
        raise Http404("This contract has no uploaded signed copy.")
    return _private_file(contract.signed_copy, f"signed-contract-{contract.pk}")


@require_safe
def contract_signature(
    request: HttpRequest, pk: int, contract_pk: int, signature_pk: int
) -> HttpResponse:
    case = visible_case_or_404(request.user, pk)
    signature = get_object_or_404(
        ContractSignature,
        pk=signature_pk,
        contract_id=contract_pk,
        contract__case_id=case.pk,
    )
    return _private_file(signature.image, f"signature-{signature.pk}")
