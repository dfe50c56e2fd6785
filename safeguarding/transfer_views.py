"""Child-protection file transfers: the task both schools' DSLs see after a move.

Only the DSLs of the school the pupil left and of the school they joined see
a transfer; everyone else gets 404 from every URL that names one.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from safeguarding import services
from safeguarding.forms import TransferReceivedForm, TransferSentForm
from safeguarding.models import ChildProtectionFileTransfer
from safeguarding.permissions import is_dsl_at, visible_transfers
from safeguarding.selectors import with_move
from schools.form_errors import service_errors_into


def _transfer(request: HttpRequest, pk: int) -> ChildProtectionFileTransfer:
    return get_object_or_404(with_move(visible_transfers(request.user)), pk=pk)


def _page(request, transfer, *, sent_form=None, received_form=None, status=200):
    move = transfer.move
    can_send = transfer.sent_on is None and is_dsl_at(request.user, move.from_school_id)
    can_confirm = (
        transfer.sent_on is not None
        and transfer.received_on is None
        and is_dsl_at(request.user, move.to_school_id)
    )
    today = timezone.localdate()
    bound = sent_form or received_form
    return render(
        request,
        "safeguarding/transfer.html",
        {
            "transfer": transfer,
            "move": move,
            "overdue": transfer.is_overdue(today),
            # A refusal of a step whose form the page no longer offers.
            "problem": " ".join(bound.non_field_errors()) if bound else "",
            "can_send": can_send,
            "can_confirm": can_confirm,
            "sent_form": sent_form or TransferSentForm(initial={"sent_on": today}),
            "received_form": received_form
            or TransferReceivedForm(initial={"received_on": today}),
        },
        status=status,
    )


@require_GET
def transfer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _transfer(request, pk))


def _take_step(request, pk, *, by_school: str, form_class, act, done: str):
    """One school's step on a transfer: ``by_school`` is "from" or "to"."""
    transfer = _transfer(request, pk)
    school_id = getattr(transfer.move, f"{by_school}_school_id")
    if not is_dsl_at(request.user, school_id):
        raise Http404
    form = form_class(request.POST)
    if form.is_valid():
        try:
            act(transfer=transfer, by=request.user, **form.cleaned_data)
        except ValidationError as invalid:  # names the form's own fields
            service_errors_into(form, invalid)
        except services.TransferRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, done)
            return redirect(transfer.get_absolute_url())
    forms = {"sent_form" if by_school == "from" else "received_form": form}
    return _page(request, transfer, **forms, status=400)


@require_POST
def transfer_sent(request: HttpRequest, pk: int) -> HttpResponse:
    return _take_step(
        request,
        pk,
        by_school="from",
        form_class=TransferSentForm,
        act=services.transfer_record_sent,
        done="Recorded. The new school's DSLs can see it.",
    )


@require_POST
def transfer_received(request: HttpRequest, pk: int) -> HttpResponse:
    return _take_step(
        request,
        pk,
        by_school="to",
        form_class=TransferReceivedForm,
        act=services.transfer_confirm_received,
        done="Receipt confirmed.",
    )
