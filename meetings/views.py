"""Meeting pages: a case's meetings, arranging one, a meeting with its
invitations, rearranging, cancelling, recording, and carrying an agreed action
into the plan or the ledger. Thin: load the case through
``visible_case_or_404`` (404 when out of scope), call one service, render or
redirect.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
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
from meetings import services
from meetings.enums import MeetingStatus
from meetings.forms import (
    ActionFormSet,
    ArrangeForm,
    CancelForm,
    InvitationForm,
    RearrangeForm,
    RecordForm,
    ToOfferForm,
    ToTargetForm,
)
from meetings.letters import letter_rows, meeting_letters_prepare
from meetings.models import AgreedAction, Invitation, Meeting
from meetings.selectors import carers_for_invitation, case_meetings, types_for_school
from plans.models import EDITABLE_PLAN_STATUSES, Plan
from schools.form_errors import service_errors_into
from schools.models import ParentCarer


def _recording_case(request: HttpRequest, pk: int) -> Case:
    return case_to_act_on_or_404(
        request.user,
        pk,
        may=can_record_on_case,
        refusal="You can see this case but not arrange its meetings.",
    )


def _planned(request: HttpRequest, meeting: Meeting, what: str) -> HttpResponse | None:
    """Back to the meeting, saying why, when it is no longer planned."""
    if meeting.is_planned:
        return None
    messages.error(
        request,
        f"This meeting is {meeting.get_status_display().lower()}: only a planned "
        f"meeting can be {what}.",
    )
    return redirect(meeting.get_absolute_url())


def _meeting(case: Case, meeting_pk: int) -> Meeting:
    meeting = get_object_or_404(
        case_meetings(case).select_related("second_offer_of", "record__recorded_by"),
        pk=meeting_pk,
    )
    meeting.case = case
    return meeting


@require_safe
def meeting_list(request: HttpRequest, pk: int) -> HttpResponse:
    case = visible_case_or_404(request.user, pk)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "case": case,
            "meetings": list(case_meetings(case)),
            "can_record": can_record_on_case(request.user, case),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_arrange(request: HttpRequest, pk: int) -> HttpResponse:
    case = _recording_case(request, pk)
    after = None
    if request.GET.get("after", "").isdigit():
        after = get_object_or_404(
            Meeting,
            pk=request.GET["after"],
            case=case,
            status=MeetingStatus.PARENTS_DID_NOT_ATTEND,
        )
    carer_rows = carers_for_invitation(case.pupil)
    initial = {"lead": case.lead_practitioner_id}
    # "?type=eso_review" from an order's page: that type chosen (the form
    # checks it is one the school offers).
    if request.GET.get("type"):
        initial["type_key"] = request.GET["type"]
    if after is not None:
        initial.update(
            type_key=after.type_key,
            format=after.format,
            place=after.place,
            lead=after.lead_id,
            parents=[str(inv.parent_carer_id) for inv in after.invitations.all()],
        )
    form = ArrangeForm(
        request.POST or None,
        meeting_types=types_for_school(case.school),
        carer_rows=carer_rows,
        practitioners=eligible_practitioners(case),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        parents = ParentCarer.objects.filter(pk__in=form.cleaned_data["parents"])
        try:
            meeting = services.meeting_arrange(
                case=case,
                by=request.user,
                type_key=form.cleaned_data["type_key"],
                starts_at=form.starts_at(),
                format=form.cleaned_data["format"],
                place=form.cleaned_data["place"],
                lead=form.cleaned_data["lead"],
                parents=parents,
                second_offer_of=after,
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(
                request, "Meeting arranged. Send each parent their invitation."
            )
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "meetings/meeting_arrange.html",
        {"case": case, "form": form, "after": after},
    )


@require_safe
def meeting_detail(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    case = visible_case_or_404(request.user, pk)
    meeting = _meeting(case, meeting_pk)
    can_record = can_record_on_case(request.user, case)
    record = getattr(meeting, "record", None) if meeting.is_held else None
    actions = list(record.actions.select_related("target__plan")) if record else []
    plans = (
        Plan.objects.filter(case_id=case.pk, status__in=EDITABLE_PLAN_STATUSES)
        if can_record and any(not a.taken_up for a in actions)
        else Plan.objects.none()
    )
    return render(
        request,
        "meetings/meeting.html",
        {
            "case": case,
            "meeting": meeting,
            "record": record,
            "actions": actions,
            "can_record": can_record,
            "invitation_forms": [
                (
                    invitation,
                    InvitationForm(
                        prefix=f"inv{invitation.pk}",
                        initial={
                            "sent_how": invitation.sent_how,
                            "reply": invitation.reply,
                            "reply_note": invitation.reply_note,
                        },
                    ),
                )
                for invitation in meeting.invitations.all()
            ],
            "to_target_form": ToTargetForm(plans=plans) if plans else None,
            "to_offer_form": ToOfferForm(),
            "letter_rows": letter_rows(meeting),
        },
    )


@require_http_methods(["GET", "POST"])
def invitation_update(
    request: HttpRequest, pk: int, meeting_pk: int, invitation_pk: int
) -> HttpResponse:
    case = _recording_case(request, pk)
    meeting = _meeting(case, meeting_pk)
    invitation = get_object_or_404(
        Invitation.objects.select_related("parent_carer"),
        pk=invitation_pk,
        meeting=meeting,
    )
    invitation.meeting = meeting
    form = InvitationForm(
        request.POST or None,
        prefix=f"inv{invitation.pk}",
        initial={
            "sent_how": invitation.sent_how,
            "reply": invitation.reply,
            "reply_note": invitation.reply_note,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changed_reply = (
            data["reply"] != invitation.reply
            or data["reply_note"] != invitation.reply_note
        )
        try:
            services.invitation_update(
                invitation=invitation,
                by=request.user,
                sent_how=data["sent_how"],
                sent_on=data["sent_on"],
                **(
                    {
                        "reply": data["reply"],
                        "reply_on": data["reply_on"],
                        "reply_note": data["reply_note"],
                    }
                    if changed_reply
                    else {}
                ),
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(
                request, f"Invitation to {invitation.parent_carer} updated."
            )
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "meetings/invitation.html",
        {"case": case, "meeting": meeting, "invitation": invitation, "form": form},
    )


@require_http_methods(["GET", "POST"])
def meeting_rearrange(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    case = _recording_case(request, pk)
    meeting = _meeting(case, meeting_pk)
    if refused := _planned(request, meeting, "rearranged"):
        return refused
    form = RearrangeForm(
        request.POST or None, initial={"format": meeting.format, "place": meeting.place}
    )
    if request.method == "POST" and form.is_valid():
        try:
            new = services.meeting_rearrange(
                meeting=meeting,
                by=request.user,
                starts_at=form.starts_at(),
                format=form.cleaned_data["format"],
                place=form.cleaned_data["place"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(
                request, "Meeting moved. Send each parent the new invitation."
            )
            return redirect(new.get_absolute_url())
    return render(
        request,
        "meetings/meeting_change.html",
        {"case": case, "meeting": meeting, "form": form, "change": "rearrange"},
    )


@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    case = _recording_case(request, pk)
    meeting = _meeting(case, meeting_pk)
    if refused := _planned(request, meeting, "cancelled"):
        return refused
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(
                meeting=meeting, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, "Meeting cancelled.")
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "meetings/meeting_change.html",
        {"case": case, "meeting": meeting, "form": form, "change": "cancel"},
    )


@require_http_methods(["GET", "POST"])
def meeting_record(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    case = _recording_case(request, pk)
    meeting = _meeting(case, meeting_pk)
    if refused := _planned(request, meeting, "recorded"):
        return refused
    invitations = list(meeting.invitations.all())
    form = RecordForm(request.POST or None, invitations=invitations)
    actions = ActionFormSet(request.POST or None, prefix="actions")
    if request.method == "POST" and form.is_valid() and actions.is_valid():
        agreed = [
            services.ActionAgreed(
                action=row["action"], who=row.get("who", ""), by_when=row.get("by_when")
            )
            for row in actions.cleaned_data
            if row.get("action")
        ]
        fields = {name: form.cleaned_data[name] for name in services.RECORD_FIELDS}
        try:
            record = services.meeting_record(
                meeting=meeting,
                by=request.user,
                attended=form.attended(),
                actions=agreed,
                **fields,
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            if record.parents_attended or not invitations:
                messages.success(
                    request, "Meeting recorded. Send the minutes to the parents."
                )
            else:
                messages.success(
                    request,
                    "Recorded: the parents did not attend. Send the did-not-attend "
                    "letter and offer a second meeting.",
                )
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "meetings/meeting_record.html",
        {"case": case, "meeting": meeting, "form": form, "actions": actions},
    )


def _action(case: Case, meeting_pk: int, action_pk: int) -> AgreedAction:
    return get_object_or_404(
        AgreedAction.objects.select_related("record__meeting"),
        pk=action_pk,
        record__meeting__pk=meeting_pk,
        record__meeting__case=case,
    )


@require_POST
def action_to_target(
    request: HttpRequest, pk: int, meeting_pk: int, action_pk: int
) -> HttpResponse:
    case = _recording_case(request, pk)
    action = _action(case, meeting_pk, action_pk)
    form = ToTargetForm(
        request.POST,
        plans=Plan.objects.filter(case_id=case.pk, status__in=EDITABLE_PLAN_STATUSES),
    )
    if not form.is_valid():
        messages.error(
            request, "Choose a plan on this case that can still take targets."
        )
    else:
        try:
            services.action_to_target(
                action=action, plan=form.cleaned_data["plan"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Added to the plan as a target.")
    return redirect(action.record.meeting.get_absolute_url() + "#actions")


@require_POST
def action_to_offer(
    request: HttpRequest, pk: int, meeting_pk: int, action_pk: int
) -> HttpResponse:
    case = _recording_case(request, pk)
    action = _action(case, meeting_pk, action_pk)
    form = ToOfferForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the kind of support offered.")
    else:
        try:
            services.action_to_offer(
                action=action, kind=form.cleaned_data["kind"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Added to the support-first ledger.")
    return redirect(action.record.meeting.get_absolute_url() + "#actions")


@require_POST
def meeting_letters(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    """Prepare one letter of the chosen role for each parent invited."""
    case = _recording_case(request, pk)
    meeting = _meeting(case, meeting_pk)
    role = request.POST.get("role", "")
    try:
        prepared = meeting_letters_prepare(meeting=meeting, role=role, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"{len(prepared)} letter{'s' if len(prepared) != 1 else ''} prepared: "
            "check each, then send it.",
        )
    return redirect(meeting.get_absolute_url() + "#letters")
