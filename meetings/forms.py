"""Forms for arranging, answering and recording meetings: the shape of each post.

Choices are limited to the case (the school's meeting types, the pupil's own
parents and carers, the people who may work the case); the services check the
same again and refuse anything else.
"""

from datetime import datetime

from django import forms
from django.utils import timezone

from meetings.enums import InvitationReply, InvitationSent, MeetingFormat
from meetings.models import MeetingRecord
from meetings.services import RECORD_FIELDS
from plans.enums import SupportKind

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


class WhenAndWhereForm(forms.Form):
    day = forms.DateField(label="Date", widget=DATE_WIDGET)
    time = forms.TimeField(label="Time", widget=TIME_WIDGET)
    format = forms.ChoiceField(
        label="How it happens", choices=MeetingFormat.choices, initial="in_person"
    )
    place = forms.CharField(
        label="Where",
        max_length=200,
        help_text="The room and site, or how to join online.",
    )

    def starts_at(self) -> datetime:
        naive = datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"])
        return timezone.make_aware(naive)


class ArrangeForm(WhenAndWhereForm):
    type_key = forms.ChoiceField(label="Meeting")
    lead = forms.ModelChoiceField(
        label="Who leads it", queryset=None, required=False, empty_label="Not decided"
    )
    parents = forms.MultipleChoiceField(
        label="Parents and carers to invite",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each gets their own invitation. Parents with parental "
        "responsibility or day-to-day care are chosen for you.",
    )
    field_order = ["type_key", "day", "time", "format", "place", "lead", "parents"]

    def __init__(self, *args, meeting_types, carer_rows, practitioners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type_key"].choices = [
            (t.key, f"{t.name} (led by: {t.usual_lead})") for t in meeting_types
        ]
        self.fields["lead"].queryset = practitioners
        self.fields["lead"].label_from_instance = _person
        choices = []
        for relationship, _, reason in carer_rows:
            label = (
                f"{relationship.parent_carer} "
                f"({relationship.get_relationship_display().lower()})"
            )
            if reason:
                label += f": not invited by default ({reason.lower()})"
            choices.append((str(relationship.parent_carer_id), label))
        self.fields["parents"].choices = choices
        if not self.is_bound:
            self.initial.setdefault(
                "parents",
                [str(rel.parent_carer_id) for rel, default, _ in carer_rows if default],
            )


class RearrangeForm(WhenAndWhereForm):
    reason = forms.CharField(
        label="Why it is moving", widget=forms.Textarea(attrs={"rows": 2})
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why it is cancelled", widget=forms.Textarea(attrs={"rows": 2})
    )


class InvitationForm(forms.Form):
    sent_how = forms.ChoiceField(label="Sent", choices=InvitationSent.choices)
    sent_on = forms.DateField(
        label="Sent on", widget=DATE_WIDGET, required=False, help_text="Today if blank."
    )
    reply = forms.ChoiceField(label="Reply", choices=InvitationReply.choices)
    reply_on = forms.DateField(
        label="Replied on",
        widget=DATE_WIDGET,
        required=False,
        help_text="Today if blank.",
    )
    reply_note = forms.CharField(
        label="What they said",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RecordForm(forms.ModelForm):
    """The meeting record; which parents came is a field per invitation."""

    class Meta:
        model = MeetingRecord
        fields = list(RECORD_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in RECORD_FIELDS
            if name not in ("child_present", "impact_on_learning_discussed")
        }

    def __init__(self, *args, invitations, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitations = list(invitations)
        for invitation in self.invitations:
            self.fields[f"attended_{invitation.pk}"] = forms.BooleanField(
                label=f"{invitation.parent_carer} attended", required=False
            )

    def attendance_fields(self):
        return [self[f"attended_{inv.pk}"] for inv in self.invitations]

    def grid(self) -> list[tuple[str, list]]:
        """(area, its three fields) for Education, Health and Care."""
        return [
            (
                area,
                [
                    self[f"{prefix}_{part}"]
                    for part in ("worries", "going_well", "next_steps")
                ],
            )
            for area, prefix in MeetingRecord.GRID
        ]

    def attended(self) -> dict[int, bool]:
        return {
            inv.pk: self.cleaned_data[f"attended_{inv.pk}"] for inv in self.invitations
        }


class ActionForm(forms.Form):
    action = forms.CharField(
        label="Action agreed", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    who = forms.CharField(label="Who will do it", max_length=120, required=False)
    by_when = forms.DateField(label="By when", widget=DATE_WIDGET, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Number each row's labels ("Action 2: who will do it") so every field
        # of the formset has a label of its own.
        number = int(self.prefix.rsplit("-", 1)[-1]) + 1 if self.prefix else 1
        for field in self.fields.values():
            field.label = f"Action {number}: {field.label[0].lower()}{field.label[1:]}"

    def clean(self):
        data = super().clean()
        if (data.get("who") or data.get("by_when")) and not data.get("action"):
            self.add_error("action", "Say what was agreed, or clear this row.")
        return data


ActionFormSet = forms.formset_factory(ActionForm, extra=3, max_num=20)


class ToTargetForm(forms.Form):
    plan = forms.ModelChoiceField(label="Add to the plan", queryset=None)

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["plan"].label_from_instance = lambda plan: (
            f"{plan.get_kind_display()} ({plan.get_status_display().lower()})"
        )


class ToOfferForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of support",
        choices=[
            (k, label) for k, label in SupportKind.choices if k != SupportKind.MEETING
        ],
        initial=SupportKind.OTHER,
    )
