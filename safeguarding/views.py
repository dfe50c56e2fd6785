"""Restricted records pages. Thin: permission-aware reads, one service per write.

Anyone who may not read an item gets 404 from every URL that names it, and the
URLs that name a pupil answer 404 to anyone who is neither a DSL at the
pupil's school nor a reader of one of the pupil's items, whether or not the
pupil has any. Each page logs exactly one access row per item it displays.
Restricted text is kept out of error reports (``sensitive_variables`` and
``sensitive_post_parameters``).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.selectors import visible_case_or_404, visible_cases
from safeguarding import services
from safeguarding.enums import ItemKind, LapseReason
from safeguarding.forms import (
    AccessReportForm,
    ConsultationForm,
    LinkEditForm,
    LinkForm,
    NoteEditForm,
    NoteForm,
    ShareForm,
)
from safeguarding.models import RestrictedItemGrant
from safeguarding.permissions import (
    can_manage_case_flag,
    can_manage_item,
    dsl_school_ids,
    grants_in_force,
    is_dsl_for,
    readable_items,
    share_candidates,
)
from safeguarding.selectors import (
    AccessReportFilters,
    access_report,
    item_access_log,
    item_viewers,
    open_transfers,
    pupil_items,
    report_people,
    shared_with_me,
    with_content,
)
from safeguarding.services import Origin, ShareRefused
from schools.csv_export import safe_csv_writer
from schools.form_errors import service_errors_into
from schools.models import Pupil
from schools.permissions import visible_pupils

ACCESS_REPORT_PER_PAGE = 50


def _pupil_for_readers(request: HttpRequest, pupil_pk: int) -> Pupil:
    """The pupil, if the user is a DSL there or reads one of their items."""
    pupil = get_object_or_404(
        visible_pupils(request.user).select_related("school"), pk=pupil_pk
    )
    if not (
        is_dsl_for(request.user, pupil)
        or readable_items(request.user).filter(pupil=pupil).exists()
    ):
        raise Http404
    return pupil


def _pupil_for_dsl(request: HttpRequest, pupil_pk: int) -> Pupil:
    pupil = get_object_or_404(
        visible_pupils(request.user).select_related("school"), pk=pupil_pk
    )
    if not is_dsl_for(request.user, pupil):
        raise Http404
    return pupil


def _readable_item(request: HttpRequest, pk: int):
    return get_object_or_404(with_content(readable_items(request.user)), pk=pk)


def _managed_item(request: HttpRequest, pk: int):
    item = _readable_item(request, pk)
    if not can_manage_item(request.user, item):
        raise Http404
    return item


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """A DSL's starting point, or the records shared with someone."""
    is_dsl = bool(dsl_school_ids(request.user))
    shares = list(shared_with_me(request.user))
    today = timezone.localdate()
    transfers = [
        (transfer, transfer.is_overdue(today))
        for transfer in (open_transfers(request.user) if is_dsl else [])
    ]
    if not is_dsl and not shares:
        raise Http404
    pupils = []
    if is_dsl:
        pupils = list(
            Pupil.objects.filter(
                pk__in=readable_items(request.user)
                .filter(pupil__school_id__in=dsl_school_ids(request.user))
                .values("pupil")
            )
            .select_related("school")
            .order_by("school__name", "legal_surname", "legal_forename", "pk")
        )
    return render(
        request,
        "safeguarding/overview.html",
        {
            "is_dsl": is_dsl,
            "pupils": pupils,
            "shares": shares,
            "transfers": transfers,
        },
    )


@require_GET
@sensitive_variables()
def pupil_records(request: HttpRequest, pupil_pk: int) -> HttpResponse:
    pupil = _pupil_for_readers(request, pupil_pk)
    items = list(pupil_items(request.user, pupil))
    services.log_reads(
        items=items, user=request.user, origin=Origin.of(request), in_list=True
    )
    return render(
        request,
        "safeguarding/pupil_records.html",
        {
            "pupil": pupil,
            "items": items,
            "is_dsl": is_dsl_for(request.user, pupil),
        },
    )


def _case_from_query(request: HttpRequest, pupil: Pupil):
    case_pk = request.GET.get("case")
    if case_pk and case_pk.isdigit():
        return visible_cases(request.user).filter(pk=case_pk, pupil=pupil).first()
    return None


def _add(request: HttpRequest, pupil_pk: int, *, kind: str) -> HttpResponse:
    pupil = _pupil_for_dsl(request, pupil_pk)
    cases = visible_cases(request.user).filter(pupil=pupil)
    form_class = NoteForm if kind == ItemKind.NOTE else LinkForm
    case = _case_from_query(request, pupil)
    form = form_class(
        request.POST or None,
        cases=cases,
        # The pupil is set so that the model's own checks (the case is this
        # pupil's) run when the form validates.
        instance=form_class._meta.model(pupil=pupil, created_by=request.user),
        initial={"case": case.pk if case else None},
    )
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "case"}
        create = services.note_create if kind == ItemKind.NOTE else services.link_create
        try:
            item = create(
                pupil=pupil,
                by=request.user,
                case=form.cleaned_data["case"],
                origin=Origin.of(request),
                **fields,
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, "The restricted record is saved.")
            return redirect(item.get_absolute_url())
    return render(
        request,
        "safeguarding/item_form.html",
        {"pupil": pupil, "form": form, "kind": ItemKind(kind), "editing": False},
    )


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters()
@sensitive_variables()
def note_add(request: HttpRequest, pupil_pk: int) -> HttpResponse:
    return _add(request, pupil_pk, kind=ItemKind.NOTE)


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters()
@sensitive_variables()
def link_add(request: HttpRequest, pupil_pk: int) -> HttpResponse:
    return _add(request, pupil_pk, kind=ItemKind.LINK)


def _grants(item):
    """The item's shares, each with whether it still lets its grantee read."""
    grants = RestrictedItemGrant.objects.filter(content_object=item)
    in_force = set(grants_in_force(grants).values_list("pk", flat=True))
    listed = grants.select_related("user", "shared_by").order_by("-shared_at", "-pk")
    return [(grant, grant.pk in in_force) for grant in listed]


def _item_page(request: HttpRequest, item, *, share_form=None, status=200):
    manage = can_manage_item(request.user, item)
    context = {"item": item, "detail": item.detail, "can_manage": manage}
    if manage:
        context.update(
            viewers=item_viewers(item),
            access_log=list(item_access_log(item)[:100]),
            revisions=list(item.revisions.select_related("revised_by")),
            grants=_grants(item),
            share_form=share_form
            or ShareForm(candidates=share_candidates(item).exclude(pk=request.user.pk)),
        )
    services.log_reads(
        items=[item], user=request.user, origin=Origin.of(request), in_list=False
    )
    return render(request, "safeguarding/item.html", context, status=status)


@require_GET
@sensitive_variables()
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_page(request, _readable_item(request, pk))


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters()
@sensitive_variables()
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _managed_item(request, pk)
    detail = item.detail
    form_class = NoteEditForm if item.kind == ItemKind.NOTE else LinkEditForm
    # The form changes ``detail`` in memory only; the service reads the row
    # afresh under a lock and keeps the previous values.
    # Bound on every POST, even an empty one: an unbound form would show the
    # stored content without an access-log row.
    form = form_class(
        request.POST if request.method == "POST" else None, instance=detail
    )
    if request.method == "GET":
        services.log_reads(
            items=[item], user=request.user, origin=Origin.of(request), in_list=False
        )
    elif form.is_valid():
        try:
            revision = services.item_edit(
                item=detail,
                by=request.user,
                changes=dict(form.cleaned_data),
                origin=Origin.of(request),
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(
                request,
                "The changes are saved; the earlier version is kept."
                if revision
                else "Nothing was changed.",
            )
            return redirect(item.get_absolute_url())
    return render(
        request,
        "safeguarding/item_form.html",
        {
            "pupil": item.pupil,
            "item": item,
            "form": form,
            "kind": ItemKind(item.kind),
            "editing": True,
        },
    )


@require_POST
def item_share(request: HttpRequest, pk: int) -> HttpResponse:
    item = _managed_item(request, pk)
    candidates = share_candidates(item).exclude(pk=request.user.pk)
    form = ShareForm(request.POST, candidates=candidates)
    if form.is_valid():
        try:
            services.item_share(
                item=item,
                by=request.user,
                with_user=form.cleaned_data["person"],
                expires_on=form.cleaned_data["expires_on"],
                origin=Origin.of(request),
            )
        except ShareRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Shared. The access log records it.")
            return redirect(item.get_absolute_url())
    return _item_page(request, item, share_form=form, status=400)


@require_POST
def item_unshare(request: HttpRequest, pk: int, grant_pk: int) -> HttpResponse:
    item = _managed_item(request, pk)
    grant = get_object_or_404(
        RestrictedItemGrant.objects.select_related("user"),
        pk=grant_pk,
        content_object=item,
    )
    services.item_unshare(
        item=item, by=request.user, grant=grant, origin=Origin.of(request)
    )
    messages.success(
        request, f"{grant.user.get_full_name()} can no longer read this record."
    )
    return redirect(item.get_absolute_url())


def _flag_case(request: HttpRequest, case_pk: int):
    case = visible_case_or_404(request.user, case_pk)
    if not can_manage_case_flag(request.user, case):
        raise PermissionDenied
    return case


@require_POST
def case_flag(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = _flag_case(request, case_pk)
    try:
        if request.POST.get("flag") == "set":
            services.consult_flag_set(case=case, by=request.user)
            messages.success(request, "Everyone on the case now sees: consult the DSL.")
        else:
            services.consult_flag_clear(case=case, by=request.user)
            messages.success(request, "The consult-the-DSL flag is cleared.")
    except ShareRefused as refusal:
        messages.error(request, str(refusal))
    return redirect(case.get_absolute_url())


@require_POST
def case_consultation(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = _flag_case(request, case_pk)
    form = ConsultationForm(request.POST)
    if form.is_valid():
        services.dsl_consultation_record(
            case=case, by=request.user, note=form.cleaned_data["note"]
        )
        messages.success(request, "The consultation is recorded.")
    else:
        messages.error(request, "Say what the DSL advised before recording it.")
    return redirect(case.get_absolute_url())


def _report(request: HttpRequest):
    if not dsl_school_ids(request.user):
        raise Http404
    form = AccessReportForm(request.GET or None, people=report_people(request.user))
    filters = AccessReportFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = AccessReportFilters(
            user_id=data["user"].pk if data["user"] else None,
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
    return form, access_report(request.user, filters)


def describe_access(entry) -> str:
    details = entry.details or {}
    if "reason" in details:
        reason = LapseReason(details["reason"]).label
        return f"with {details['with']}: {reason}"
    if "with" in details:
        until = details.get("expires_on")
        return f"with {details['with']}" + (f" until {until}" if until else "")
    if "fields" in details:
        return "changed: " + ", ".join(details["fields"]).replace("_", " ")
    return ""


@require_GET
def access_report_page(request: HttpRequest) -> HttpResponse:
    form, entries = _report(request)
    page = Paginator(entries, ACCESS_REPORT_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "safeguarding/access_report.html",
        {
            "form": form,
            "page": page,
            "rows": [(entry, describe_access(entry)) for entry in page],
            "query_string": query.urlencode(),
        },
    )


@require_GET
def access_report_csv(request: HttpRequest) -> HttpResponse:
    _form, entries = _report(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="restricted-records-access-{stamp}.csv"'
    )
    writer = safe_csv_writer(response)
    writer.writerow(
        ["When", "Person", "Action", "Record", "Pupil", "Details", "Request", "Address"]
    )
    for entry in entries.iterator(chunk_size=2000):
        writer.writerow(
            [
                timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
                entry.user.get_full_name() or entry.user.get_username(),
                entry.get_action_display(),
                f"{entry.item.get_kind_display()} {entry.item_id}",
                entry.item.pupil.display_name,
                describe_access(entry),
                entry.request_id,
                entry.ip_address or "",
            ]
        )
    return response


@require_POST
def pupil_export(request: HttpRequest, pupil_pk: int) -> HttpResponse:
    """The pupil's restricted records as a ZIP, for a subject access request."""
    pupil = _pupil_for_dsl(request, pupil_pk)
    content, _ = services.restricted_export(
        pupil=pupil, by=request.user, origin=Origin.of(request)
    )
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="restricted-records-pupil-{pupil.pk}.zip"'
    )
    return response
