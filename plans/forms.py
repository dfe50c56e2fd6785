"""Forms for plans, targets, reviews and ledger entries: the shape of each post.

Choices of people are limited to the case (the pupil's own parents and carers,
the people who may work the case); the services check the same again.
"""

from django import forms

from plans.enums import Achieved, ReviewDecision
from plans.models import Plan, SupportOffer, Target
from plans.services import TARGET_FIELDS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            "kind",
            "lead_practitioner",
            "involves_pupil",
            "family_members",
            "start_on",
            "review_every_weeks",
        ]
        widgets = {
            "start_on": DATE_WIDGET,
            "family_members": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, carers, practitioners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["family_members"].queryset = carers
        self.fields["lead_practitioner"].queryset = practitioners
        self.fields["lead_practitioner"].label_from_instance = _person


class TargetForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = [*TARGET_FIELDS[:2], "family_members", *TARGET_FIELDS[2:]]
        widgets = {
            "achieve": forms.Textarea(attrs={"rows": 2}),
            "outcomes": forms.Textarea(attrs={"rows": 2}),
            "actions": forms.Textarea(attrs={"rows": 3}),
            "comments": forms.Textarea(attrs={"rows": 2}),
            "achieved_note": forms.Textarea(attrs={"rows": 2}),
            "family_members": forms.CheckboxSelectMultiple,
            "start_on": DATE_WIDGET,
            "review_on": DATE_WIDGET,
            "end_on": DATE_WIDGET,
        }

    def __init__(self, *args, carers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["family_members"].queryset = carers
        self.fields["goal_kind"].help_text = (
            "Choose one to have the register judge this target between its start "
            "and end dates."
        )


class ReviewForm(forms.Form):
    held_on = forms.DateField(label="Held on", widget=DATE_WIDGET)
    attended = forms.CharField(
        label="Who attended",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Names and roles, including the family.",
    )
    decision = forms.ChoiceField(
        choices=ReviewDecision.choices, widget=forms.RadioSelect
    )
    ended_successfully = forms.TypedChoiceField(
        label="If the plan ends: did it succeed?",
        choices=[("", "The plan continues"), ("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
    )
    next_review_on = forms.DateField(
        label="Next review",
        required=False,
        widget=DATE_WIDGET,
        help_text="Leave empty for the plan's usual cycle.",
    )
    notes = forms.CharField(
        label="What was discussed and decided",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = targets
        for number, target in enumerate(targets, start=1):
            self.fields[f"target_{target.pk}_achieved"] = forms.ChoiceField(
                label=f"Target {number}: achieved?",
                choices=Achieved.choices,
                initial=target.achieved,
            )
            self.fields[f"target_{target.pk}_note"] = forms.CharField(
                label=f"Target {number}: note",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def target_rows(self):
        for number, target in enumerate(self.targets, start=1):
            yield (
                number,
                target,
                self[f"target_{target.pk}_achieved"],
                self[f"target_{target.pk}_note"],
            )

    def outcomes(self) -> dict[int, tuple[str, str]]:
        return {
            target.pk: (
                self.cleaned_data[f"target_{target.pk}_achieved"],
                self.cleaned_data[f"target_{target.pk}_note"],
            )
            for target in self.targets
        }


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why the plan is withdrawn", widget=forms.Textarea(attrs={"rows": 2})
    )


PUPIL, FAMILY = "pupil", "family"


class OfferForm(forms.ModelForm):
    recipient = forms.ChoiceField(label="Offered to")

    class Meta:
        model = SupportOffer
        fields = [
            "kind",
            "kind_other",
            "offered_on",
            "response",
            "response_on",
            "outcome",
            "outcome_on",
        ]
        widgets = {
            "offered_on": DATE_WIDGET,
            "response_on": DATE_WIDGET,
            "outcome_on": DATE_WIDGET,
            "outcome": forms.Textarea(attrs={"rows": 2}),
        }

    field_order = ["kind", "kind_other", "recipient", "offered_on"]

    def __init__(self, *args, carers, **kwargs):
        super().__init__(*args, **kwargs)
        self.carers = {str(carer.pk): carer for carer in carers}
        self.fields["recipient"].choices = [
            (PUPIL, "The pupil"),
            (FAMILY, "The family"),
            *((pk, str(carer)) for pk, carer in self.carers.items()),
        ]
        if self.instance.pk:
            self.initial["recipient"] = (
                str(self.instance.to_carer_id)
                if self.instance.to_carer_id
                else PUPIL
                if self.instance.to_pupil
                else FAMILY
            )

    def offer_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        recipient = self.cleaned_data["recipient"]
        data["to_pupil"] = recipient == PUPIL
        data["to_carer"] = self.carers.get(recipient)
        return data
