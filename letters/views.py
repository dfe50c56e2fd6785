"""The letters pages: a case's letters, preparing one, one letter with its
send form, its PDF, the day's print run, and the demo's outbox.

Every case view first loads its case through ``visible_case_or_404``, then the
letter within it, so a user who may not see the case gets 404 on every URL,
the PDFs included. Only then is the method checked. PDFs are served with
``Cache-Control: no-store, private``.
"""

from io import BytesIO

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
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cases.models import Case
from cases.permissions import can_record_on_case
from cases.selectors import visible_case_or_404, visible_cases
from letters import services
from letters.forms import PrepareForm, SendForm
from letters.models import OutboxMessage, SentLetter
from letters.providers import ATTENDANCE_CONCERN
from letters.selectors import case_letters, letters_prepared_on, template_for
from schools.form_errors import service_errors_into
from schools.permissions import visible_schools

SAFE_METHODS = ("GET", "HEAD")


def _only(request: HttpRequest, *methods: str) -> HttpResponse | None:
    if request.method not in methods:
        return HttpResponseNotAllowed(methods)
    return None


def _letter(case: Case, letter_pk: int) -> SentLetter:
    letter = get_object_or_404(
        SentLetter.objects.select_related(
            "prepared_by", "sent_by", "template", "template_revision", "recipient"
        ),
        pk=letter_pk,
        case=case,
    )
    letter.case = case
    return letter


def _private_pdf(content, filename: str) -> HttpResponse:
    response = FileResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def letter_list(request: HttpRequest, pk: int) -> HttpResponse:
    case = visible_case_or_404(request.user, pk)
    if refused := _only(request, *SAFE_METHODS):
        return refused
    return render(
        request,
        "letters/list.html",
        {
            "case": case,
            "pupil": case.pupil,
            "letters": list(case_letters(case)),
            "can_record": can_record_on_case(request.user, case),
        },
    )


@require_http_methods(["GET", "POST"])
def letter_new(request: HttpRequest, pk: int) -> HttpResponse:
    case = visible_case_or_404(request.user, pk)
    if not can_record_on_case(request.user, case):
        raise PermissionDenied("You can see this case but not prepare its letters.")
    carers = services.recipients_for(case)
    form = PrepareForm(
        request.POST if request.method == "POST" else None, carers=carers
    )
    if request.method == "POST" and form.is_valid():
        try:
            letter = services.letter_prepare(
                case=case,
                kind=ATTENDANCE_CONCERN.key,
                recipient=form.cleaned_data["recipient"],
                by=request.user,
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, "The letter is ready. It is waiting to be sent.")
            return redirect(letter.get_absolute_url())
    chosen = template_for(ATTENDANCE_CONCERN.key, case.school)
    return render(
        request,
        "letters/new.html",
        {
            "case": case,
            "pupil": case.pupil,
            "form": form,
            "kind": ATTENDANCE_CONCERN,
            "chosen": chosen,
            "has_carers": carers.exists(),
        },
    )


@require_http_methods(["GET", "POST"])
def letter_detail(request: HttpRequest, pk: int, letter_pk: int) -> HttpResponse:
    case = visible_case_or_404(request.user, pk)
    letter = _letter(case, letter_pk)
    can_record = can_record_on_case(request.user, case)
    bound = request.POST if request.method == "POST" else None
    form = SendForm(bound) if letter.waiting and can_record else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("This letter cannot be sent from here.")
        if form.is_valid():
            try:
                services.letter_send(
                    letter=letter,
                    how=form.cleaned_data["how"],
                    by=request.user,
                    email=form.cleaned_data["email"],
                )
            except ValidationError as error:
                service_errors_into(form, error)
            else:
                messages.success(request, "The letter is recorded as sent.")
                return redirect(letter.get_absolute_url())
    return render(
        request,
        "letters/detail.html",
        {
            "case": case,
            "pupil": case.pupil,
            "letter": letter,
            "form": form,
            "can_record": can_record,
        },
    )


def letter_pdf(request: HttpRequest, pk: int, letter_pk: int) -> HttpResponse:
    case = visible_case_or_404(request.user, pk)
    letter = _letter(case, letter_pk)
    if refused := _only(request, *SAFE_METHODS):
        return refused
    try:
        handle = letter.pdf.open("rb")
    except FileNotFoundError as error:
        raise Http404("The letter's file is missing.") from error
    return _private_pdf(handle, services.letter_filename(letter))


def _batch_pdf(letters: list[SentLetter], filename: str) -> HttpResponse:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for letter in letters:
        with letter.pdf.open("rb") as handle:
            writer.append(BytesIO(handle.read()))
    out = BytesIO()
    writer.write(out)
    out.seek(0)
    return _private_pdf(out, filename)


def _no_batch(request: HttpRequest, back: str) -> HttpResponse:
    return render(request, "letters/no_batch.html", {"back": back})


def case_batch_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Every letter prepared today on the case, as one PDF for printing."""
    case = visible_case_or_404(request.user, pk)
    if refused := _only(request, *SAFE_METHODS):
        return refused
    today = timezone.localdate()
    letters = list(letters_prepared_on(request.user, today).filter(case=case))
    if not letters:
        return _no_batch(request, case.get_absolute_url())
    return _batch_pdf(letters, f"letters-case-{case.pk}-{today:%Y-%m-%d}.pdf")


def school_batch_pdf(request: HttpRequest, school_pk: int) -> HttpResponse:
    """Every letter prepared today at the school that the user may see."""
    school = get_object_or_404(visible_schools(request.user), pk=school_pk)
    if refused := _only(request, *SAFE_METHODS):
        return refused
    today = timezone.localdate()
    letters = list(letters_prepared_on(request.user, today).filter(case__school=school))
    if not letters:
        return _no_batch(request, "")
    return _batch_pdf(letters, f"letters-school-{school.pk}-{today:%Y-%m-%d}.pdf")


def outbox(request: HttpRequest) -> HttpResponse:
    """The demo's outbox: the emails kept about cases the user may see."""
    if refused := _only(request, *SAFE_METHODS):
        return refused
    kept = (
        OutboxMessage.objects.filter(case__in=visible_cases(request.user))
        .select_related("case__pupil")
        .order_by("-kept_at", "-pk")[:100]
    )
    return render(request, "letters/outbox.html", {"kept": list(kept)})
