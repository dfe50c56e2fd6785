from django import forms

from contracts.models import CodeOfConduct
from la_workspace.models import JointApproachLead

DATE = {"type": "date"}


class JointApproachForm(forms.Form):
    agreed = forms.CharField(
        label="What the school and the LA agreed",
        help_text="The support each will give, and what the family agreed to.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )
    lead = forms.ChoiceField(label="Who leads", choices=JointApproachLead.choices)
    lead_name = forms.CharField(
        label="Lead person", help_text="Their name and role.", max_length=120
    )
    review_on = forms.DateField(
        label="Review date", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )
    school_agreed_by = forms.CharField(
        label="Who at the school agreed",
        help_text="Their name and role. Recording the approach shares the "
        "pupil's open case with the LA team on this agreement.",
        max_length=120,
    )
    school_agreed_on = forms.DateField(
        label="Date the school agreed",
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )


class SiblingSchoolContactForm(forms.Form):
    school = forms.TypedChoiceField(label="The sibling's school", coerce=int)
    contacted_on = forms.DateField(
        label="Date of the contact",
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label="What was shared or agreed",
        help_text="Who you spoke to, and what about.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
    )

    def __init__(self, *args, schools=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = [(s.pk, s.name) for s in schools]


class CodeOfConductForm(forms.ModelForm):
    """The LA's penalty-notice code of conduct settings, in the portal."""

    class Meta:
        model = CodeOfConduct
        fields = [
            "improvement_weeks",
            "deemed_receipt_working_days",
            "headteacher_may_issue",
            "address",
        ]
