"""Notice pages: a case's notices, issuing a notice to improve, requesting a
penalty notice (with the framework's checks), and a penalty notice with its
decision, clock and outcome. Thin: load the case through
``visible_case_or_404`` (404 when out of scope), call one service, render or
redirect.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from cases.models import Case
from cases.selectors import case_to_act_on_or_404, visible_case_or_404
from contracts import notice_services as services
from contracts.models import NoticeToImprove, PenaltyNotice, code_of_conduct_for
from contracts.notice_enums import NoticeKind, PenaltyNoticeStatus
from contracts.notice_forms import (
    DeclineForm,
    IssueForm,
    NoticeToImproveForm,
    PaidForm,
    PenaltyRequestForm,
    ProsecuteForm,
    WithdrawNoticeToImproveForm,
    WithdrawPenaltyForm,
)
from contracts.notice_letters import (
    letters_about,
    notice_to_improve_letter,
    penalty_notice_letter,
)
from contracts.notice_rules import (
    can_decide_penalty_notice,
    can_issue_notice_to_improve,
    can_record_penalty_outcome,
    can_request_penalty_notice,
    liable_parents,
    notice_to_improve_progress,
    penalty_clock,
    penalty_notice_checks,
)
from contracts.notice_selectors import case_notices
from schools.form_errors import service_errors_into


def _nti(case: Case, notice_pk: int) -> NoticeToImprove:
    notice = get_object_or_404(
        NoticeToImprove.objects.filter(case=case).select_related("parent", "issued_by"),
        pk=notice_pk,
    )
    notice.case = case
    return notice


def _penalty(case: Case, notice_pk: int) -> PenaltyNotice:
    notice = get_object_or_404(
        PenaltyNotice.objects.filter(case=case).select_related(
            "parent", "requested_by", "decided_by"
        ),
        pk=notice_pk,
    )
    notice.case = case
    return notice


@require_safe
def notice_list(request: HttpRequest, pk: int) -> HttpResponse:
    case = visible_case_or_404(request.user, pk)
    improve, penalty = case_notices(case)
    today = timezone.localdate()
    progress = notice_to_improve_progress(improve, today)
    for notice in improve:
        notice.progress = progress[notice.pk]
    for notice in penalty:
        notice.clock = penalty_clock(notice, today)
    return render(
        request,
        "contracts/notices/notice_list.html",
        {
            "case": case,
            "notices_to_improve": improve,
            "penalty_notices": penalty,
            "can_issue_nti": can_issue_notice_to_improve(request.user, case),
            "can_request": can_request_penalty_notice(request.user, case),
        },
    )


@require_http_methods(["GET", "POST"])
def notice_to_improve_new(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_to_act_on_or_404(
        request.user,
        pk,
        may=can_issue_notice_to_improve,
        refusal="You can see this case but not issue notices on it.",
    )
    form = NoticeToImproveForm(request.POST or None, parents=liable_parents(case))
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.notice_to_improve_issue(
                case=case, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, "Notice to improve issued.")
            return redirect(notice.get_absolute_url())
    code = code_of_conduct_for(case.school.local_authority)
    return render(
        request,
        "contracts/notices/notice_to_improve_new.html",
        {"case": case, "form": form, "code": code},
    )


@require_http_methods(["GET", "POST"])
def notice_to_improve_detail(
    request: HttpRequest, pk: int, notice_pk: int
) -> HttpResponse:
    case = visible_case_or_404(request.user, pk)
    notice = _nti(case, notice_pk)
    may_withdraw = (
        can_issue_notice_to_improve(request.user, case) and not notice.is_withdrawn
    )
    form = WithdrawNoticeToImproveForm(request.POST or None)
    if request.method == "POST":
        if not may_withdraw:
            raise PermissionDenied("You cannot withdraw this notice.")
        if form.is_valid():
            try:
                services.notice_to_improve_withdraw(
                    notice=notice, by=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                service_errors_into(form, error)
            else:
                messages.success(request, "Notice to improve withdrawn.")
                return redirect(notice.get_absolute_url())
    today = timezone.localdate()
    return render(
        request,
        "contracts/notices/notice_to_improve.html",
        {
            "case": case,
            "notice": notice,
            "letters": letters_about(notice),
            "may_write": may_withdraw,
            "progress": notice_to_improve_progress([notice], today)[notice.pk],
            "days_left": (notice.ends_on - today).days,
            "form": form if may_withdraw else None,
        },
    )


@require_POST
def notice_to_improve_letter_new(
    request: HttpRequest, pk: int, notice_pk: int
) -> HttpResponse:
    case = visible_case_or_404(request.user, pk)
    notice = _nti(case, notice_pk)
    if not can_issue_notice_to_improve(request.user, case):
        raise PermissionDenied("You cannot write this notice's letter.")
    return _letter_or_back(request, notice, notice_to_improve_letter)


def _letter_or_back(request: HttpRequest, notice, make) -> HttpResponse:
    try:
        letter = make(notice=notice, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(notice.get_absolute_url())
    messages.success(request, "Letter prepared: check it, then send it.")
    return redirect("portal:letters:letter", pk=notice.case_id, letter_pk=letter.pk)


@require_http_methods(["GET", "POST"])
def penalty_notice_new(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_to_act_on_or_404(
        request.user,
        pk,
        may=can_request_penalty_notice,
        refusal="You can see this case but not request notices on it.",
    )
    parents = liable_parents(case)
    data = request.POST or (request.GET if "parent" in request.GET else None)
    form = PenaltyRequestForm(data, parents=parents)
    checks = None
    if data is not None and form.is_valid():
        checks = penalty_notice_checks(
            case=case,
            parent=form.cleaned_data["parent"],
            kind=form.cleaned_data["kind"],
            term_time_holiday=form.cleaned_data["term_time_holiday"],
            on=timezone.localdate(),
        )
    elif request.method == "GET" and data is not None:
        # Only the first three fields are chosen yet: show their checks.
        partial = PenaltyRequestForm(
            {**data.dict(), "grounds": "-", "equality_note": "-"}, parents=parents
        )
        if partial.is_valid():
            form = PenaltyRequestForm(initial=data.dict(), parents=parents)
            checks = penalty_notice_checks(
                case=case,
                parent=partial.cleaned_data["parent"],
                kind=partial.cleaned_data["kind"],
                term_time_holiday=partial.cleaned_data["term_time_holiday"],
                on=timezone.localdate(),
            )
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.penalty_notice_request(
                case=case, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(
                request,
                f"Penalty notice requested. {case.school.local_authority} decides.",
            )
            return redirect(notice.get_absolute_url())
    return render(
        request,
        "contracts/notices/penalty_notice_new.html",
        {
            "case": case,
            "form": form,
            "checks": checks,
            "blocked": bool(checks) and any(c.blocks for c in checks),
        },
    )


def _penalty_context(request: HttpRequest, case: Case, notice: PenaltyNotice, forms):
    requested = notice.status == PenaltyNoticeStatus.REQUESTED
    may_decide = requested and can_decide_penalty_notice(request.user, notice)
    may_outcome = notice.status in (
        PenaltyNoticeStatus.ISSUED,
        PenaltyNoticeStatus.UNPAID,
    ) and can_record_penalty_outcome(request.user, notice)
    context = {
        "case": case,
        "notice": notice,
        "letters": letters_about(notice),
        "may_write": notice.status == PenaltyNoticeStatus.ISSUED
        and can_record_penalty_outcome(request.user, notice),
        "clock": penalty_clock(notice, timezone.localdate()),
        "code": code_of_conduct_for(case.school.local_authority),
        "is_exclusion": notice.kind == NoticeKind.EXCLUSION,
        "may_decide": may_decide,
        "may_outcome": may_outcome,
    }
    if may_decide:
        context["issue_form"] = forms.get("issue") or IssueForm()
        context["decline_form"] = forms.get("decline") or DeclineForm()
    if may_outcome:
        context["paid_form"] = forms.get("paid") or PaidForm()
        context["withdraw_form"] = forms.get("withdraw") or WithdrawPenaltyForm()
        context["is_unpaid"] = notice.status == PenaltyNoticeStatus.UNPAID
        context["may_mark_unpaid"] = context["clock"] and (
            context["clock"].state == "overdue"
        )
        if context["is_unpaid"]:
            context["prosecute_form"] = forms.get("prosecute") or ProsecuteForm()
    return context


@require_safe
def penalty_notice_detail(
    request: HttpRequest, pk: int, notice_pk: int
) -> HttpResponse:
    case = visible_case_or_404(request.user, pk)
    notice = _penalty(case, notice_pk)
    return render(
        request,
        "contracts/notices/penalty_notice.html",
        _penalty_context(request, case, notice, {}),
    )


# What each action posts: its form, its service and the message on success.
ACTIONS = {
    "issue": (IssueForm, services.penalty_notice_issue, "Penalty notice issued."),
    "decline": (DeclineForm, services.penalty_notice_decline, "Request declined."),
    "paid": (PaidForm, services.penalty_notice_paid, "Payment recorded."),
    "unpaid": (None, services.penalty_notice_unpaid, "Recorded as unpaid."),
    "withdraw": (
        WithdrawPenaltyForm,
        services.penalty_notice_withdraw,
        "Penalty notice withdrawn.",
    ),
    "prosecute": (
        ProsecuteForm,
        services.penalty_notice_prosecute,
        "Referred for prosecution.",
    ),
}


@require_POST
def penalty_notice_action(
    request: HttpRequest, pk: int, notice_pk: int, action: str
) -> HttpResponse:
    case = visible_case_or_404(request.user, pk)
    notice = _penalty(case, notice_pk)
    if action not in {*ACTIONS, "letter"}:
        return redirect(notice.get_absolute_url())
    if action == "letter":
        if not can_record_penalty_outcome(request.user, notice):
            raise PermissionDenied("You cannot write this notice's letter.")
        return _letter_or_back(request, notice, penalty_notice_letter)
    form_class, service, done = ACTIONS[action]
    form = form_class(request.POST) if form_class else None
    if form is None or form.is_valid():
        try:
            service(
                notice=notice, by=request.user, **(form.cleaned_data if form else {})
            )
        except ValidationError as error:
            if form is None:
                messages.error(request, " ".join(error.messages))
                return redirect(notice.get_absolute_url())
            service_errors_into(form, error)
        else:
            messages.success(request, done)
            return redirect(notice.get_absolute_url())
    notice = _penalty(case, notice_pk)
    return render(
        request,
        "contracts/notices/penalty_notice.html",
        _penalty_context(request, case, notice, {action: form}),
        status=200,
    )
