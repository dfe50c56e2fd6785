"""Forms for restricted notes and links, sharing, the flag and the access report."""

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils import timezone

from cases.models import Case
from safeguarding.enums import TransferOutcome
from safeguarding.models import RestrictedLink, RestrictedNote
from safeguarding.permissions import SHARE_DEFAULT_DAYS, share_default_expiry

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CaseChoiceMixin:
    """The optional case is one of this pupil's cases, nothing else."""

    def limit_cases(self, cases: QuerySet[Case]) -> None:
        field = self.fields["case"]
        field.queryset = cases
        field.required = False
        field.empty_label = "Not about a particular case"
        field.label_from_instance = lambda case: (
            f"Case {case.pk}, {case.get_stage_display()}, opened "
            f"{case.opened_at:%-d %B %Y}"
        )


class NoteForm(CaseChoiceMixin, forms.ModelForm):
    class Meta:
        model = RestrictedNote
        fields = [*RestrictedNote.content_fields, "case"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}
        labels = {"text": "Note"}

    def __init__(self, *args, cases: QuerySet[Case], **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_cases(cases)


class LinkForm(CaseChoiceMixin, forms.ModelForm):
    url = forms.URLField(
        label="Web address",
        required=False,
        assume_scheme="https",
        help_text="A link to the record, if it has one.",
    )

    class Meta:
        model = RestrictedLink
        fields = [*RestrictedLink.content_fields, "case"]
        widgets = {
            "system_name": forms.TextInput(),
            "reference": forms.TextInput(),
            "social_worker_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "social_worker_contact": forms.Textarea(attrs={"rows": 2}),
            "plan_started_on": DATE_WIDGET,
            "plan_ended_on": DATE_WIDGET,
        }
        labels = {"system": "Where the record is held"}

    def __init__(self, *args, cases: QuerySet[Case], **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_cases(cases)


class NoteEditForm(forms.ModelForm):
    class Meta:
        model = RestrictedNote
        fields = list(RestrictedNote.content_fields)
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}
        labels = {"text": "Note"}


class LinkEditForm(forms.ModelForm):
    url = LinkForm.base_fields["url"]

    class Meta:
        model = RestrictedLink
        fields = list(RestrictedLink.content_fields)
        widgets = LinkForm.Meta.widgets
        labels = LinkForm.Meta.labels


class ShareForm(forms.Form):
    person = forms.ModelChoiceField(
        queryset=None,
        label="Share with",
        help_text="Staff of the pupil's school or its local authority.",
    )
    expires_on = forms.DateField(
        label="Until",
        widget=DATE_WIDGET,
        help_text=f"Access ends at the end of this day: at most a year ahead "
        f"({SHARE_DEFAULT_DAYS} days unless you change it). It also ends at once "
        "if the person stops working at the pupil's school or its local "
        "authority, or the pupil moves out of their reach.",
        error_messages={"required": "Choose the day the share ends."},
    )

    def __init__(self, *args, candidates: QuerySet[AbstractBaseUser], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = share_default_expiry(timezone.localdate())
        self.fields["person"].queryset = candidates
        self.fields["person"].label_from_instance = person_and_roles


def person_and_roles(user: AbstractBaseUser) -> str:
    """ "Priya Shah: Assistant headteacher (attendance lead), Chaucer School"."""
    roles = "; ".join(
        f"{_role_words(membership)}, {membership.organisation}"
        for membership in getattr(user, "roles_here", [])
    )
    name = user.get_full_name() or user.get_username()
    return f"{name}: {roles}" if roles else name


def _role_words(membership) -> str:
    role = membership.get_role_display()
    if membership.job_title and membership.job_title.lower() != role.lower():
        return f"{membership.job_title} ({role.lower()})"
    return role


class ConsultationForm(forms.Form):
    note = forms.CharField(
        label="What the DSL advised",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Everyone on the case reads this: say what may be said, for "
        "example “Consulted; no objection to a parenting contract.”",
    )


class AccessReportForm(forms.Form):
    user = forms.ModelChoiceField(queryset=None, required=False, label="Person")
    date_from = forms.DateField(label="From", required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label="To", required=False, widget=DATE_WIDGET)

    def __init__(self, *args, people: QuerySet[AbstractBaseUser], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people
        self.fields["user"].empty_label = "Everyone"
        self.fields["user"].label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date is before the start date.")
        return cleaned


class TransferSentForm(forms.Form):
    outcome = forms.ChoiceField(
        label="The child-protection file",
        choices=TransferOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the file was sent."},
    )
    sent_on = forms.DateField(
        label="On",
        widget=DATE_WIDGET,
        error_messages={"required": "Give the date it was sent (or checked)."},
    )


class TransferReceivedForm(forms.Form):
    received_on = forms.DateField(
        label="Received on",
        widget=DATE_WIDGET,
        error_messages={"required": "Give the date it arrived."},
    )
