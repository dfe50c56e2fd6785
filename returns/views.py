"""The school's "Notifications to the LA" page with its confirmation step, and
the LA's inbox. Thin: load through the selectors (404 out of scope), call one
service, render or redirect."""

from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from returns.enums import NotificationKind
from returns.forms import ChooseForm, ConfirmForm, InboxFilterForm
from returns.selectors import (
    due_notifications,
    inbox_schools,
    la_inbox,
    sending_schools,
    sent_notifications,
)
from returns.services import notification_receive, notifications_send
from schools.form_errors import service_errors_into
from schools.permissions import chosen_school


def _school(request: HttpRequest, *, posted: bool = False):
    wanted = request.POST.get("school") if posted else request.GET.get("school")
    return chosen_school(sending_schools(request.user), wanted, required=posted)


def _groups(items):
    return [
        (NotificationKind(kind).label, list(group))
        for kind, group in groupby(items, key=lambda item: item.kind)
    ]


def _to_send_page(request, school, schools, form, status=200) -> HttpResponse:
    today = timezone.localdate()
    due = due_notifications(school, today)
    sent = Paginator(
        sent_notifications(school), settings.PORTAL_PUPILS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "returns/to_send.html",
        {
            "school": school,
            "schools": schools,
            "groups": _groups(due),
            "due_count": len(due),
            "form": form,
            "chosen": set(form["items"].value() or []) if form.is_bound else set(),
            "sent": sent,
            "today": today,
        },
        status=status,
    )


@require_safe
def to_send(request: HttpRequest) -> HttpResponse:
    """The notifications the school owes its LA, to choose from, and those sent."""
    school, schools = _school(request)
    return _to_send_page(request, school, schools, ChooseForm(refs=[]))


@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    """Shows exactly what will be sent, for the person to confirm."""
    school, schools = _school(request, posted=True)
    today = timezone.localdate()
    due = due_notifications(school, today)
    form = ChooseForm(request.POST, refs=[item.ref for item in due])
    if not form.is_valid():
        return _to_send_page(request, school, schools, form)
    chosen = set(form.cleaned_data["items"])
    items = [item for item in due if item.ref in chosen]
    return render(
        request,
        "returns/confirm.html",
        {
            "school": school,
            "groups": _groups(items),
            "items": items,
            "form": ConfirmForm(refs=[item.ref for item in items]),
            "today": today,
        },
    )


@require_POST
def send(request: HttpRequest) -> HttpResponse:
    """Sends what the confirmation step showed, once the person has confirmed."""
    school, schools = _school(request, posted=True)
    today = timezone.localdate()
    refs = request.POST.getlist("items")
    form = ConfirmForm(request.POST, refs=refs)
    if form.is_valid():
        try:
            sent = notifications_send(
                user=request.user,
                school=school,
                due_items=form.cleaned_data["items"],
                as_of=today,
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            count = len(sent)
            messages.success(
                request,
                f"{count} notification{'s' if count != 1 else ''} sent to "
                f"{school.local_authority.name}.",
            )
            return redirect(f"{reverse('portal:returns:to_send')}?school={school.pk}")
    due = {item.ref: item for item in due_notifications(school, today)}
    items = [due[ref] for ref in refs if ref in due]
    return render(
        request,
        "returns/confirm.html",
        {
            "school": school,
            "groups": _groups(items),
            "items": items,
            "form": form,
            "today": today,
        },
    )


@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    """The LA's notifications from its schools: not yet received first."""
    schools = list(inbox_schools(request.user))
    if not schools:
        raise Http404("No LA inbox for this user.")
    form = InboxFilterForm(request.GET or None, schools=schools)
    school_id = kind = None
    if form.is_bound and form.is_valid():
        school_id = form.cleaned_data["school"]
        kind = form.cleaned_data["kind"] or None
    page = Paginator(
        la_inbox(request.user, school_id=school_id, kind=kind),
        settings.PORTAL_PUPILS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "returns/inbox.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@require_POST
def receive(request: HttpRequest, pk: int) -> HttpResponse:
    """The LA marks one notification as received."""
    notification = get_object_or_404(la_inbox(request.user), pk=pk)
    try:
        notification_receive(user=request.user, notification=notification)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"{notification.get_kind_display()} for {notification.pupil} marked "
            "as received.",
        )
    # Back to the same filtered page: only the inbox's own parameters.
    asked = QueryDict(request.POST.get("query", ""))
    back = QueryDict(mutable=True)
    for name in ("school", "kind", "page"):
        if asked.get(name, "").isascii() and asked.get(name):
            back[name] = asked[name]
    query = back.urlencode()
    target = reverse("portal:returns:inbox")
    return redirect(f"{target}?{query}" if query else target)
