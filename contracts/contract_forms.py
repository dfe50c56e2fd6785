"""Forms for parenting contracts: the shape of each post only.

Choices are limited to the case (the pupil's parents with parental
responsibility, the case's parenting-contract plans, the people who may work
the case); ``contract_services`` checks the same again and refuses anything
else, naming the field.
"""

from datetime import timedelta

from django import forms
from django.utils import timezone

from contracts.contract_enums import ContractReviewDecision, NotKeptDecision

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return _person(obj)


class DraftForm(forms.Form):
    parents = forms.MultipleChoiceField(
        label="The contract is with",
        widget=forms.CheckboxSelectMultiple,
        help_text="One parent, or both: only parents with parental responsibility "
        "whom the school may contact are listed.",
    )
    plan = forms.ModelChoiceField(
        label="Parenting-contract plan (its targets go in the contract)",
        queryset=None,
        required=False,
        empty_label="None yet: add one before offering the contract",
    )
    parents_reasons = forms.CharField(
        label="The reasons the parents gave for the absences",
        widget=TEXT,
        required=False,
    )
    child_views = forms.CharField(
        label="What the child said",
        widget=TEXT,
        required=False,
        help_text="Filled in from the pupil-voice records; change it if needed.",
    )
    parents_agree = forms.CharField(label="What the parents agree to do", widget=TEXT)
    school_agrees = forms.CharField(label="What the school agrees to do", widget=TEXT)
    la_agrees = forms.CharField(
        label="What the local authority agrees to do", widget=TEXT, required=False
    )
    pupil_agrees = forms.CharField(
        label="What the pupil agrees to do", widget=TEXT, required=False
    )
    overall_responsible = StaffChoiceField(
        label="Staff member with overall responsibility", queryset=None
    )
    day_to_day_responsible = StaffChoiceField(
        label="Staff member responsible day to day", queryset=None
    )
    starts_on = forms.DateField(label="Starts on", widget=DATE_WIDGET)
    ends_on = forms.DateField(
        label="Ends on", widget=DATE_WIDGET, help_text="The length of this contract."
    )
    review_every_weeks = forms.TypedChoiceField(
        label="Review every",
        choices=[(4, "4 weeks"), (5, "5 weeks"), (6, "6 weeks")],
        coerce=int,
    )
    consent_to_share = forms.BooleanField(
        label="The parents consent to information being shared", required=False
    )
    consent_note = forms.CharField(
        label="With whom information may be shared", widget=TEXT, required=False
    )

    def __init__(self, *args, parent_rows, plans, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parents"].choices = [
            (
                str(row.parent_carer_id),
                f"{row.parent_carer} ({row.get_relationship_display().lower()})",
            )
            for row in parent_rows
        ]
        self.fields["plan"].queryset = plans
        self.fields["overall_responsible"].queryset = staff
        self.fields["day_to_day_responsible"].queryset = staff

    @staticmethod
    def defaults(case, *, plan, child_views: str, parent_rows) -> dict:
        today = timezone.localdate()
        lead = case.lead_practitioner_id
        return {
            "parents": [str(row.parent_carer_id) for row in parent_rows],
            "plan": plan.pk if plan else None,
            "child_views": child_views,
            "overall_responsible": lead,
            "day_to_day_responsible": lead,
            "starts_on": today,
            "ends_on": today + timedelta(weeks=12),
            "review_every_weeks": 6,
        }


class SignForm(forms.Form):
    signed_on = forms.DateField(label="Signed on", widget=DATE_WIDGET)
    present = forms.CharField(
        label="Who was present",
        widget=TEXT,
        help_text="The parents who signed, and everyone else in the room.",
    )
    witness = forms.CharField(label="Who witnessed the signing", max_length=200)
    signed_copy = forms.FileField(
        label="The signed copy (a scan or photo: PDF, PNG or JPEG, up to 10 MB)",
        required=False,
        help_text="Leave empty if the signatures are captured on screen below.",
    )

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.parents = list(parents)
        for parent in self.parents:
            self.fields[f"signature_{parent.pk}"] = forms.CharField(
                required=False, widget=forms.HiddenInput
            )

    def signature_fields(self):
        return [(p, self[f"signature_{p.pk}"]) for p in self.parents]


class ReviewForm(forms.Form):
    held_on = forms.DateField(label="Held on", widget=DATE_WIDGET)
    attended = forms.CharField(
        label="Who attended",
        widget=TEXT,
        help_text="Names and roles, the parents included.",
    )
    meeting_note = forms.CharField(
        label="Meeting (if the review was at a meeting on the case)",
        max_length=200,
        required=False,
        help_text="Its kind and date, e.g. “Parenting contract review meeting, "
        "3 March”.",
    )
    decision = forms.ChoiceField(
        label="Decision",
        choices=ContractReviewDecision.choices,
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label="Notes",
        widget=TEXT,
        required=False,
        help_text="What changes, if the contract is amended.",
    )
    next_review_on = forms.DateField(
        label="Next review",
        widget=DATE_WIDGET,
        required=False,
        help_text="Leave empty for one review period from this review.",
    )

    def __init__(self, *args, targets, verdicts, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = list(targets)
        for number, target in enumerate(self.targets, start=1):
            verdict = verdicts.get(target.pk, "")
            self.fields[f"target_{target.pk}"] = forms.ChoiceField(
                label=f"Target {number}: {target.achieve}",
                choices=[("met", "Met"), ("not_met", "Not met")],
                widget=forms.RadioSelect,
                help_text=f"The register says: {verdict}." if verdict else "",
            )

    def target_fields(self):
        return [self[f"target_{t.pk}"] for t in self.targets]

    def results(self) -> dict[int, bool]:
        return {
            t.pk: self.cleaned_data[f"target_{t.pk}"] == "met" for t in self.targets
        }


class BreachForm(forms.Form):
    contacted_on = forms.DateField(
        label="When the parents were contacted", widget=DATE_WIDGET
    )
    contact_note = forms.CharField(label="What the parents said", widget=TEXT)
    amendment_note = forms.CharField(
        label="Was amending the contract considered? Why not amend it?",
        widget=TEXT,
    )


class NotKeptForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision", choices=NotKeptDecision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="The reasons for the decision",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Write them in full: they may be read in court.",
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, label: str, required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].required = required
