"""Forms for notices to improve and penalty notices: validation only; the
rules are the services'."""

from django import forms
from django.utils import timezone

from contracts.notice_enums import NoticeKind, ServedHow, WithdrawalGround
from plans.attendance_targets import GoalKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ParentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, parent) -> str:
        return str(parent)


class NoticeToImproveForm(forms.Form):
    parent = ParentChoiceField(
        label="To which parent or carer", queryset=None, empty_label=None
    )
    goal_kind = forms.ChoiceField(
        label="Sufficient improvement means", choices=GoalKind.choices
    )
    goal_value = forms.DecimalField(
        label="X or N",
        required=False,
        max_digits=5,
        decimal_places=1,
        help_text="The attendance percentage (such as 95) or the most late marks "
        "allowed. Leave empty for no unauthorised absence.",
    )
    support_so_far = forms.CharField(
        label="Support offered so far and the family's response",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
    )
    further_support = forms.CharField(
        label="Further support offered now",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
    )

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents


class WithdrawNoticeToImproveForm(forms.Form):
    reason = forms.CharField(
        label="Why it is withdrawn",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class PenaltyRequestForm(forms.Form):
    parent = ParentChoiceField(
        label="To which parent or carer", queryset=None, empty_label=None
    )
    kind = forms.ChoiceField(label="Kind of notice", choices=NoticeKind.choices)
    term_time_holiday = forms.BooleanField(
        label="The absence is an unauthorised term-time holiday",
        required=False,
        help_text="Then no notice to improve is needed first.",
    )
    grounds = forms.CharField(
        label="Why a penalty notice is the right step now",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
    )
    equality_note = forms.CharField(
        label="Equality Act considerations",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
        help_text="The pupil's and family's circumstances weighed: disability, "
        "special educational needs and other protected characteristics.",
    )

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents


class IssueForm(forms.Form):
    issued_on = forms.DateField(label="Issued on", widget=DATE)
    served_how = forms.ChoiceField(label="Served by", choices=ServedHow.choices)
    received_on = forms.DateField(
        label="Received on",
        required=False,
        widget=DATE,
        help_text="Leave empty for a posted notice: receipt is deemed from the "
        "local authority's code of conduct.",
    )
    note = forms.CharField(
        label="Decision note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("issued_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class DeclineForm(forms.Form):
    note = forms.CharField(
        label="Why the request is declined",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class PaidForm(forms.Form):
    paid_on = forms.DateField(label="Paid on", widget=DATE)


class WithdrawPenaltyForm(forms.Form):
    ground = forms.ChoiceField(label="Ground", choices=WithdrawalGround.choices)
    note = forms.CharField(
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class ProsecuteForm(forms.Form):
    note = forms.CharField(
        label="The decision to prosecute and its reasons",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class EmptyForm(forms.Form):
    pass
