"""Pupil-voice pages: a case's records, the add form, one record, its drawing.

The same pages serve a pupil with no case, under ``pupils/<pupil_pk>/voice/``.
Every view first loads its case through ``visible_cases`` (or its pupil through
``visible_pupils`` and the school case-worker check), then the record within
it, so a user who may not see the case or pupil gets 404 on every URL, POSTs,
htmx requests and the drawing included. Only then is the method checked.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from cases.models import Case
from cases.permissions import can_open_case, can_record_on_case
from cases.selectors import visible_case_or_404, visible_cases
from schools.form_errors import service_errors_into
from schools.models import Pupil
from schools.permissions import visible_pupils
from voice import services
from voice.enums import LISTS, SCALES, VoiceTool
from voice.forms import VoiceForm
from voice.images import content_type_for
from voice.models import PupilVoice
from voice.permissions import is_pupils_dsl
from voice.selectors import (
    case_voice_records,
    open_case_for,
    pupil_voice_records,
)

SAFE_METHODS = ("GET", "HEAD")


@dataclass(frozen=True)
class Scope:
    """Where the records live: a case, or a pupil with no case."""

    pupil: Pupil
    case: Case | None
    can_add: bool
    list_url: str
    new_url: str

    @property
    def records(self):
        if self.case is not None:
            return case_voice_records(self.case)
        return pupil_voice_records(self.pupil)


def _case_scope(request: HttpRequest, pk: int) -> Scope:
    case = visible_case_or_404(request.user, pk)
    return Scope(
        pupil=case.pupil,
        case=case,
        can_add=can_record_on_case(request.user, case),
        list_url=reverse("portal:voice:voice_list", kwargs={"pk": case.pk}),
        new_url=reverse("portal:voice:voice_new", kwargs={"pk": case.pk}),
    )


def _pupil_scope(request: HttpRequest, pupil_pk: int) -> Scope:
    pupil = get_object_or_404(
        visible_pupils(request.user).select_related("school"), pk=pupil_pk
    )
    if not can_open_case(request.user, pupil):
        raise Http404("Not a pupil whose voice records this user may see.")
    kwargs = {"pupil_pk": pupil.pk}
    return Scope(
        pupil=pupil,
        case=None,
        can_add=True,
        list_url=reverse("portal:voice:pupil_voice_list", kwargs=kwargs),
        new_url=reverse("portal:voice:pupil_voice_new", kwargs=kwargs),
    )


def _record(scope: Scope, voice_pk: int) -> PupilVoice:
    return get_object_or_404(scope.records.select_related("pupil"), pk=voice_pk)


def _only(request: HttpRequest, *methods: str) -> HttpResponse | None:
    if request.method not in methods:
        return HttpResponseNotAllowed(methods)
    return None


def _context(scope: Scope, **extra) -> dict:
    return {"scope": scope, "pupil": scope.pupil, "case": scope.case, **extra}


# --- The list -------------------------------------------------------------


def _list(request: HttpRequest, scope: Scope) -> HttpResponse:
    if refused := _only(request, *SAFE_METHODS):
        return refused
    context = _context(scope, records=list(scope.records))
    if scope.case is not None and can_open_case(request.user, scope.pupil):
        context["pupil_level_count"] = pupil_voice_records(scope.pupil).count()
        context["pupil_level_url"] = reverse(
            "portal:voice:pupil_voice_list", kwargs={"pupil_pk": scope.pupil.pk}
        )
    if scope.case is None:
        context["open_case"] = open_case_for(scope.pupil, visible_cases(request.user))
    return render(request, "voice/list.html", context)


def voice_list(request: HttpRequest, pk: int) -> HttpResponse:
    return _list(request, _case_scope(request, pk))


def pupil_voice_list(request: HttpRequest, pupil_pk: int) -> HttpResponse:
    return _list(request, _pupil_scope(request, pupil_pk))


# --- Adding a record --------------------------------------------------------


def _answer_sections(form: VoiceForm) -> list[dict]:
    """The structured-answer fields the form shows: the chosen tool's, or all."""
    tool = form.chosen_tool()
    labels = dict(VoiceTool.choices)
    ratings = {"kind": "ratings", "rows": form.rating_rows()}
    if tool in SCALES:
        return [{**ratings, "tool_label": labels[tool], "scale": SCALES[tool]}]
    if tool in LISTS:
        tools = [tool]
    elif tool:
        return [{"kind": "none", "tool_label": labels[tool]}]
    else:
        tools = list(LISTS)
    lists = [
        {
            "kind": "lists",
            "tool_label": labels[list_tool],
            "legend": (
                "who and what the child put on each island"
                if list_tool == VoiceTool.THREE_ISLANDS
                else "what the child put in each house"
            ),
            "fields": form.list_boxes(list_tool),
        }
        for list_tool in tools
    ]
    return lists if tool else [ratings, *lists]


def _refused(request: HttpRequest, scope: Scope) -> HttpResponse:
    return render(request, "voice/refused.html", _context(scope), status=403)


def _new(request: HttpRequest, scope: Scope) -> HttpResponse:
    if refused := _only(request, "GET", "HEAD", "POST"):
        return refused
    if not scope.can_add:
        return _refused(request, scope)
    open_case = None
    if scope.case is None:
        open_case = open_case_for(scope.pupil, visible_cases(request.user))
    if request.method == "POST":
        form = VoiceForm(request.POST, request.FILES)
    else:
        form = VoiceForm(initial={"tool": request.GET.get("tool", "")})
    # With htmx, choosing a tool swaps in that tool's answer fields.
    form.fields["tool"].widget.attrs.update(
        {
            "hx-get": scope.new_url,
            "hx-target": "#voice-answers",
            "hx-swap": "outerHTML",
            "hx-trigger": "change",
            "aria-controls": "voice-answers",
        }
    )
    if request.method == "POST" and open_case is None and form.is_valid():
        data = form.cleaned_data
        try:
            voice = services.voice_record(
                by=request.user,
                case=scope.case,
                pupil=None if scope.case else scope.pupil,
                tool=data["tool"],
                words=data["words"],
                recorded_on=data["recorded_on"],
                summary=data["summary"],
                answers=form.answers(),
                drawing=data.get("drawing"),
            )
        except PermissionDenied:
            return _refused(request, scope)
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(
                request, f"Recorded: {voice.get_tool_display()} with the child."
            )
            return redirect(voice)
    context = _context(
        scope,
        form=form,
        open_case=open_case,
        sections=_answer_sections(form),
        is_dsl=is_pupils_dsl(request.user, scope.pupil),
    )
    if request.htmx and request.htmx.target == "voice-answers":
        return render(request, "voice/partials/answers_form.html", context)
    return render(request, "voice/new.html", context)


def voice_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _new(request, _case_scope(request, pk))


def pupil_voice_new(request: HttpRequest, pupil_pk: int) -> HttpResponse:
    return _new(request, _pupil_scope(request, pupil_pk))


# --- One record and its drawing -----------------------------------------------


def _detail(request: HttpRequest, scope: Scope, voice_pk: int) -> HttpResponse:
    voice = _record(scope, voice_pk)
    if refused := _only(request, *SAFE_METHODS):
        return refused
    return render(request, "voice/detail.html", _context(scope, voice=voice))


def voice_detail(request: HttpRequest, pk: int, voice_pk: int) -> HttpResponse:
    return _detail(request, _case_scope(request, pk), voice_pk)


def pupil_voice_detail(
    request: HttpRequest, pupil_pk: int, voice_pk: int
) -> HttpResponse:
    return _detail(request, _pupil_scope(request, pupil_pk), voice_pk)


def _drawing(request: HttpRequest, scope: Scope, voice_pk: int) -> HttpResponse:
    voice = _record(scope, voice_pk)
    if not voice.drawing:
        raise Http404("This record has no drawing.")
    if refused := _only(request, *SAFE_METHODS):
        return refused
    name = voice.drawing.name
    try:
        handle = voice.drawing.storage.open(name, "rb")
    except FileNotFoundError as error:
        raise Http404("The drawing's file is missing.") from error
    extension = name.rsplit(".", 1)[-1]
    response = FileResponse(handle, content_type=content_type_for(name))
    response["Content-Disposition"] = (
        f'inline; filename="pupil-voice-{voice.pk}.{extension}"'
    )
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    # Opened on its own, the image can run nothing and be framed by nobody.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def voice_drawing(request: HttpRequest, pk: int, voice_pk: int) -> HttpResponse:
    return _drawing(request, _case_scope(request, pk), voice_pk)


def pupil_voice_drawing(
    request: HttpRequest, pupil_pk: int, voice_pk: int
) -> HttpResponse:
    return _drawing(request, _pupil_scope(request, pupil_pk), voice_pk)
