"""The shape of each post; the rules are in ``targeting.rules`` and the
services."""

from django import forms

from cases.enums import Stage
from targeting.enums import ActionStatus, Review
from targeting.rules import parse_term_key, terms_to_arrange

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": "Enter a real date, such as 14 January 2027."}


class ArrangeForm(forms.Form):
    school = forms.ModelChoiceField(
        queryset=None, error_messages={"required": "Choose the school."}
    )
    term = forms.ChoiceField(error_messages={"required": "Choose the term."})
    planned_for = forms.DateField(
        label="Planned date",
        widget=DATE_WIDGET,
        error_messages={"required": "Give the planned date.", **DATE_ERRORS},
    )

    def __init__(self, *args, schools, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["term"].choices = [
            (ref.key, str(ref).capitalize()) for ref in terms_to_arrange(today)
        ]

    def clean_term(self):
        ref = parse_term_key(self.cleaned_data["term"])
        if ref is None:
            raise forms.ValidationError("Choose one of the terms offered.")
        return ref


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.pupil.display_name} ({Stage(obj.stage).label})"


class DiscussForm(forms.Form):
    pupil = forms.ModelChoiceField(
        queryset=None,
        required=False,
        help_text="Choose a pupil, or a case below.",
    )
    case = CaseChoiceField(
        queryset=None,
        required=False,
        label="Or an open case",
        help_text="The case's pupil goes on the list, with the case's stage.",
    )
    reason = forms.CharField(
        label="Why discuss them",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Say why the pupil should be discussed."},
    )

    def __init__(self, *args, pupils, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pupil"].queryset = pupils
        self.fields["case"].queryset = cases

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("pupil") or data.get("case")):
            self.add_error("pupil", "Choose a pupil or a case.")
        return data


class RecordForm(forms.Form):
    """The meeting itself, a note for each pupil on the list and a decision
    for each open action of an earlier term (fields added per row)."""

    held_on = forms.DateField(
        label="Date held",
        widget=DATE_WIDGET,
        error_messages={
            "required": "Give the date the meeting was held.",
            **DATE_ERRORS,
        },
    )
    attendees = forms.CharField(
        label="Who attended",
        help_text="One person a line, with their role and organisation.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": "Say who attended."},
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=10000
    )

    def __init__(self, *args, to_discuss, to_review, **kwargs):
        super().__init__(*args, **kwargs)
        self.discuss_fields = []
        for row in to_discuss:
            name = f"said-{row.item.pk}"
            self.fields[name] = forms.CharField(
                label=f"What was said about {row.item.pupil.display_name}",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=4000,
            )
            self.discuss_fields.append((row, self[name]))
        self.review_fields = []
        for action in to_review:
            prefix = f"review-{action.pk}"
            self.fields[f"{prefix}-decision"] = forms.ChoiceField(
                label=f"“{action.what}”: what now?",
                choices=Review.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": "Say whether it is done, dropped or carried."
                },
            )
            self.fields[f"{prefix}-note"] = forms.CharField(
                label="Note", required=False, max_length=2000
            )
            self.fields[f"{prefix}-due_on"] = forms.DateField(
                label="New due date, if carried",
                widget=DATE_WIDGET,
                required=False,
                error_messages=DATE_ERRORS,
            )
            self.review_fields.append(
                (
                    action,
                    self[f"{prefix}-decision"],
                    self[f"{prefix}-note"],
                    self[f"{prefix}-due_on"],
                )
            )

    def discussed(self) -> dict[int, str]:
        return {
            row.item.pk: self.cleaned_data.get(bound.name, "")
            for row, bound in self.discuss_fields
        }

    def reviews(self):
        from targeting.services import ReviewDecision

        return {
            action.pk: ReviewDecision(
                decision=self.cleaned_data.get(decision.name, ""),
                note=self.cleaned_data.get(note.name, ""),
                due_on=self.cleaned_data.get(due_on.name),
            )
            for action, decision, note, due_on in self.review_fields
        }


class ActionForm(forms.Form):
    """One agreed action; a row left empty is skipped."""

    what = forms.CharField(
        label="Action",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    owner = forms.CharField(
        required=False,
        max_length=200,
        help_text="Their name and organisation.",
    )
    due_on = forms.DateField(
        label="Due date", required=False, widget=DATE_WIDGET, error_messages=DATE_ERRORS
    )

    def clean(self):
        data = super().clean()
        if self.errors or not any(
            data.get(name) for name in ("what", "owner", "due_on")
        ):
            return data
        if not data.get("what"):
            self.add_error("what", "Say what the action is.")
        if not data.get("owner"):
            self.add_error("owner", "Give the owner: their name and organisation.")
        if not data.get("due_on"):
            self.add_error("due_on", "Give the due date.")
        return data

    @property
    def is_used(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in ("what", "owner", "due_on"))


ActionFormSet = forms.formset_factory(ActionForm, extra=3, max_num=30, absolute_max=30)


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose open, done or dropped."},
    )
    note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What happened: needed when it is done or dropped.",
    )
