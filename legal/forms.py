"""Forms for education supervision orders and prosecution referrals:
validation of each post's shape only; the rules are the services'."""

from django import forms

from cases.forms import PersonChoiceField
from contracts.notice_forms import DATE, ParentChoiceField
from legal.enums import CourtOutcome, EsoStatus, Offence
from legal.rules import MAX_EXTENSION_YEARS

NOTE = forms.Textarea(attrs={"rows": 3})


class EsoApplicationForm(forms.Form):
    applied_on = forms.DateField(label="Date of the application", widget=DATE)
    supervising_officer = PersonChoiceField(
        label="Supervising officer",
        queryset=None,
        help_text="The LA's designated officer who will supervise the order.",
    )
    court = forms.CharField(
        label="Family Court",
        max_length=200,
        help_text="For example “Sheffield Family Court”.",
    )
    hearing_on = forms.DateField(label="Hearing date", required=False, widget=DATE)

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervising_officer"].queryset = officers


class HearingForm(forms.Form):
    hearing_on = forms.DateField(label="Hearing date", widget=DATE)


class EsoDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="What was decided",
        choices=[
            (EsoStatus.MADE, "The court made the order"),
            (EsoStatus.REFUSED, "The court refused the application"),
            (EsoStatus.WITHDRAWN, "The LA withdrew the application"),
        ],
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(
        label="Date", widget=DATE, help_text="For an order made, the date of the order."
    )
    court_reference = forms.CharField(
        label="Court's reference",
        max_length=60,
        required=False,
        help_text="Needed when the order is made.",
    )
    note = forms.CharField(label="Note", widget=NOTE, required=False, max_length=5000)


class OfficerForm(forms.Form):
    supervising_officer = PersonChoiceField(label="Supervising officer", queryset=None)

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervising_officer"].queryset = officers


class ExtensionForm(forms.Form):
    applied_on = forms.DateField(label="Date of the application", widget=DATE)
    years = forms.TypedChoiceField(
        label="Extend by",
        coerce=int,
        choices=[
            (n, f"{n} year{'s' if n > 1 else ''}")
            for n in range(1, MAX_EXTENSION_YEARS + 1)
        ],
    )


class ExtensionDecisionForm(forms.Form):
    granted = forms.TypedChoiceField(
        label="The court's decision",
        coerce=lambda value: value == "yes",
        choices=[("yes", "Granted"), ("no", "Refused")],
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label="Date of the decision", widget=DATE)


class NonComplianceForm(forms.Form):
    noted_on = forms.DateField(label="Date", widget=DATE)
    what_happened = forms.CharField(
        label="What the parents persistently failed to do", widget=NOTE, max_length=5000
    )
    action_taken = forms.CharField(
        label="What the LA did",
        widget=NOTE,
        max_length=5000,
        help_text="For example a warning, a meeting, or prosecution for "
        "non-compliance (a fine of up to £1,000).",
    )


class DischargeForm(forms.Form):
    discharged_on = forms.DateField(label="Date of the discharge", widget=DATE)
    note = forms.CharField(
        label="Why the court discharged it", widget=NOTE, max_length=5000
    )


class ReferralForm(forms.Form):
    offence = forms.ChoiceField(
        label="Offence", choices=Offence.choices, widget=forms.RadioSelect
    )
    knowledge_evidence = forms.CharField(
        label="Evidence that the parent knew of the absence and failed to act",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=10000,
        help_text="Needed for section 444(1A).",
    )
    parents = forms.ModelMultipleChoiceField(
        label="Parents to be prosecuted",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    support_summary = forms.CharField(
        label="Support offered and refused",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        help_text="Filled in from the support-first ledger; edit it into a summary.",
    )
    eso_consideration = forms.CharField(
        label="The ESO considered",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
        help_text="The LA's decision considering an ESO, or the ESO's history.",
    )
    penalty_notice = forms.ModelChoiceField(
        label="Following an unpaid penalty notice",
        queryset=None,
        required=False,
        empty_label="No",
    )
    court = forms.CharField(label="Magistrates' court", max_length=200)
    hearing_on = forms.DateField(label="Hearing date", required=False, widget=DATE)

    def __init__(self, *args, parents, penalty_notices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parents"].queryset = parents
        self.fields["penalty_notice"].queryset = penalty_notices
        self.fields["penalty_notice"].label_from_instance = lambda notice: (
            f"Penalty notice to {notice.parent}, issued {notice.issued_on:%-d %B %Y}"
        )


class OutcomeForm(forms.Form):
    parent = ParentChoiceField(label="Parent", queryset=None, empty_label=None)
    outcome = forms.ChoiceField(
        label="The court's decision", choices=CourtOutcome.choices
    )
    decided_on = forms.DateField(label="Date of the decision", widget=DATE)
    court_reference = forms.CharField(label="Court's reference", max_length=60)
    fine = forms.DecimalField(
        label="Fine (£)",
        required=False,
        min_value=0,
        max_digits=7,
        decimal_places=2,
        help_text="For a fine only.",
    )
    with_parenting_order = forms.BooleanField(
        label="The court added a parenting order", required=False
    )
    next_hearing_on = forms.DateField(
        label="Next hearing",
        required=False,
        widget=DATE,
        help_text="For an adjournment.",
    )
    note = forms.CharField(label="Note", widget=NOTE, required=False, max_length=5000)

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents
