"""Targeting-support pages. Thin: load through ``targeting.selectors`` (404
when out of scope), call one service, render or redirect."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from schools.form_errors import service_errors_into
from targeting import services
from targeting.enums import PackFormat
from targeting.exports import pack_csv, pack_filename, pack_pdf
from targeting.forms import (
    ActionFormSet,
    ActionUpdateForm,
    ArrangeForm,
    DiscussForm,
    RecordForm,
)
from targeting.models import TargetingAction, TargetingMeeting
from targeting.permissions import (
    arrangeable_schools,
    can_manage,
    managed_la_ids,
    school_side_ids,
    side_of,
)
from targeting.rules import term_of
from targeting.selectors import (
    cases_to_choose,
    la_earlier_meetings,
    la_schools_this_term,
    meeting_or_404,
    pack,
    pupils_to_choose,
    school_side_meetings,
)


def _managed_meeting_or_404(request: HttpRequest, pk: int) -> TargetingMeeting:
    meeting = meeting_or_404(request.user, pk)
    if not can_manage(request.user, meeting.school):
        raise Http404("Only the LA's lead practitioners do this.")
    return meeting


@require_safe
def meeting_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    la_side = bool(managed_la_ids(request.user))
    school_side = bool(school_side_ids(request.user))
    if not (la_side or school_side):
        raise Http404("No targeting-support meetings for this user.")
    return render(
        request,
        "targeting/list.html",
        {
            "term": term_of(today),
            "today": today,
            "la_rows": la_schools_this_term(request.user, today) if la_side else [],
            "la_earlier": (
                list(la_earlier_meetings(request.user, today)) if la_side else []
            ),
            "la_side": la_side,
            "school_meetings": (
                list(school_side_meetings(request.user)) if school_side else []
            ),
            "school_side": school_side,
        },
    )


@require_http_methods(["GET", "POST"])
def arrange(request: HttpRequest) -> HttpResponse:
    schools = arrangeable_schools(request.user).order_by("name")
    if not schools.exists():
        raise Http404("No schools to arrange meetings with.")
    today = timezone.localdate()
    form = ArrangeForm(
        request.POST or None,
        schools=schools,
        today=today,
        initial={"school": request.GET.get("school"), "term": term_of(today).key},
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_arrange(
                school=form.cleaned_data["school"],
                term=form.cleaned_data["term"],
                planned_for=form.cleaned_data["planned_for"],
                by=request.user,
                today=today,
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, "Meeting arranged.")
            return redirect(meeting.get_absolute_url())
    return render(request, "targeting/arrange.html", {"form": form})


@require_safe
def detail(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = meeting_or_404(request.user, meeting_pk)
    side = side_of(request.user, meeting.school)
    return render(
        request,
        "targeting/detail.html",
        {
            "meeting": meeting,
            "pack": pack(meeting, as_of=timezone.localdate()),
            "manages": side == "la",
            "may_add": not meeting.is_held,
        },
    )


def _download(request: HttpRequest, meeting_pk: int, format: str) -> HttpResponse:
    meeting = meeting_or_404(request.user, meeting_pk)
    the_pack = pack(meeting, as_of=timezone.localdate())
    services.pack_download_log(meeting=meeting, by=request.user, format=format)
    if format == PackFormat.PDF:
        body, content_type = pack_pdf(the_pack), "application/pdf"
    else:
        body, content_type = pack_csv(the_pack), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{pack_filename(the_pack, format)}"'
    )
    return response


@require_safe
def pack_pdf_view(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    return _download(request, meeting_pk, PackFormat.PDF)


@require_safe
def pack_csv_view(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    return _download(request, meeting_pk, PackFormat.CSV)


@require_http_methods(["GET", "POST"])
def discuss_add(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = meeting_or_404(request.user, meeting_pk)
    form = DiscussForm(
        request.POST or None,
        pupils=pupils_to_choose(meeting),
        cases=cases_to_choose(request.user, meeting),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.pupil_to_discuss_add(
                meeting=meeting, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, "Added to the pupils to discuss.")
            return redirect(meeting.get_absolute_url() + "#to-discuss")
    return render(
        request, "targeting/discuss_add.html", {"meeting": meeting, "form": form}
    )


def _values(form) -> dict:
    """What a form was sent, to show again unchecked (adding a row)."""
    return {bound.name: bound.value() for bound in form}


@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = _managed_meeting_or_404(request, meeting_pk)
    if meeting.is_held:
        messages.info(request, "This meeting has already been recorded.")
        return redirect(meeting.get_absolute_url())
    today = timezone.localdate()
    the_pack = pack(meeting, as_of=today)
    rows = {"to_discuss": the_pack.to_discuss, "to_review": the_pack.to_review}
    data = request.POST if request.method == "POST" else None
    form = RecordForm(data, initial={"held_on": today}, **rows)
    actions = ActionFormSet(data, prefix="action")
    if data is not None and "add_row" in data:
        # Without JavaScript: the same page again with one more empty row.
        form = RecordForm(initial=_values(form), **rows)
        actions = ActionFormSet(
            prefix="action", initial=[_values(f) for f in actions.forms]
        )
        actions.extra = 1
    elif data is not None and form.is_valid() and actions.is_valid():
        used = [f for f in actions.forms if f.is_used]
        try:
            services.meeting_record(
                meeting=meeting,
                by=request.user,
                held_on=form.cleaned_data["held_on"],
                attendees=form.cleaned_data["attendees"],
                notes=form.cleaned_data["notes"],
                discussed=form.discussed(),
                reviews=form.reviews(),
                actions=[
                    services.NewAction(
                        what=f.cleaned_data["what"],
                        owner=f.cleaned_data["owner"],
                        due_on=f.cleaned_data["due_on"],
                    )
                    for f in used
                ],
                today=today,
            )
        except ValidationError as error:
            _errors_into(form, used, error)
        else:
            messages.success(request, "Meeting recorded.")
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "targeting/record.html",
        {"meeting": meeting, "pack": the_pack, "form": form, "actions": actions},
    )


def _errors_into(form: RecordForm, used: list, error: ValidationError) -> None:
    """The service's messages beside their fields: an agreed action's on its
    row of the formset (``action-<n>-<field>``, n counting the rows used)."""
    if not hasattr(error, "error_dict"):
        service_errors_into(form, error)
        return
    for key, messages_ in error.message_dict.items():
        head, _, rest = key.partition("-")
        if head == "action" and rest:
            index, _, name = rest.partition("-")
            used[int(index)].add_error(name, messages_)
        else:
            form.add_error(key if key in form.fields else None, messages_)


@require_http_methods(["GET", "POST"])
def action_update(
    request: HttpRequest, meeting_pk: int, action_pk: int
) -> HttpResponse:
    meeting = _managed_meeting_or_404(request, meeting_pk)
    action = (
        TargetingAction.objects.filter(meeting=meeting, pk=action_pk)
        .select_related("meeting__school")
        .first()
    )
    if action is None:
        raise Http404("No such action on this meeting.")
    form = ActionUpdateForm(
        request.POST or None,
        initial={"status": action.status, "note": action.status_note},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(action=action, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, "Action updated.")
            return redirect(meeting.get_absolute_url() + "#actions")
    return render(
        request,
        "targeting/action_update.html",
        {"meeting": meeting, "action": action, "form": form},
    )
