"""Forms for the case pages: validation only; the services hold the rules."""

from functools import cache

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from cases.checklist import ITEMS
from cases.enums import RECORDABLE_KINDS, ClosureReason, Stage
from cases.workflow import TRANSITIONS
from schools.enums import YearGroup


class _PeopleReadOnce(forms.models.ModelChoiceIterator):
    """A field's choices from ``field.people()``, the people read once for the
    whole form when first shown (otherwise each field reads its queryset)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for person in self.field.people():
            yield self.choice(person)

    def __len__(self) -> int:
        return len(self.field.people()) + (self.field.empty_label is not None)

    def __bool__(self) -> bool:
        return self.field.empty_label is not None or bool(self.field.people())


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user: AbstractBaseUser) -> str:
        return user.get_full_name() or user.get_username()


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user: AbstractBaseUser) -> str:
        return user.get_full_name() or user.get_username()


class CaseloadFilterForm(forms.Form):
    stage = forms.ChoiceField(
        required=False, choices=[("", "Every open stage"), *Stage.choices]
    )
    school = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    year_group = forms.TypedChoiceField(
        label="Year group",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Every year group"), *YearGroup.choices],
    )
    lead = forms.TypedChoiceField(
        label="Lead practitioner", required=False, coerce=int, empty_value=None
    )
    mine = forms.BooleanField(label="Only cases I work on", required=False)
    overdue = forms.BooleanField(required=False)
    overdue_review = forms.BooleanField(
        required=False, label="A plan's review is overdue"
    )

    def __init__(self, *args, schools, leads, overdue_days: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = [("", "Every school")] + [
            (school.pk, school.name) for school in schools
        ]
        self.fields["lead"].choices = [("", "Anyone")] + [
            (user.pk, user.get_full_name() or user.get_username()) for user in leads
        ]
        self.fields["overdue"].label = f"No activity for {overdue_days} days or more"


class OpenCaseForm(forms.Form):
    reason = forms.CharField(
        label="Why open a case",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "The attendance concern in a sentence or two; it starts the chronology."
        ),
    )


class TransitionForm(forms.Form):
    transition = forms.ChoiceField(choices=[(name, name) for name in TRANSITIONS])
    expected_stage = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    closure_reason = forms.ChoiceField(
        label="Why is the case closing?",
        required=False,
        choices=[("", "Choose a reason"), *ClosureReason.choices],
    )


class AssignForm(forms.Form):
    lead_practitioner = PersonChoiceField(
        queryset=None, required=False, empty_label="No lead practitioner yet"
    )
    co_workers = PeopleChoiceField(
        label="Co-workers",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, eligible: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        people = cache(lambda: list(eligible))  # one query for both fields
        for name in ("lead_practitioner", "co_workers"):
            field = self.fields[name]
            field.people = people
            field.iterator = _PeopleReadOnce
            field.queryset = eligible  # validates a posted choice


class RecordForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you recording?",
        choices=[(kind.value, kind.label) for kind in RECORDABLE_KINDS],
    )
    held_on = forms.DateField(
        label="Date of the meeting",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="For a meeting with the parents.",
    )
    text = forms.CharField(
        label="What happened or was decided, and why",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
    )

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (kind.value, kind.label) for kind in RECORDABLE_KINDS if kind in kinds
        ]


class TickForm(forms.Form):
    item = forms.ChoiceField(choices=[(item.key, item.label) for item in ITEMS])
    note = forms.CharField(
        label="Evidence",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
        help_text="What shows this is done, and where it is kept.",
    )


class UntickForm(forms.Form):
    item = forms.ChoiceField(choices=[(item.key, item.label) for item in ITEMS])
    reason = forms.CharField(
        label="Why withdraw the tick", widget=forms.Textarea(attrs={"rows": 2})
    )


class ShareForm(forms.Form):
    """``target`` is "la_team" or the primary key of one LA practitioner."""

    target = forms.ChoiceField(label="Share with")

    def __init__(self, *args, la_name: str, practitioners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("la_team", f"{la_name} attendance team")] + [
            (str(user.pk), user.get_full_name() or user.get_username())
            for user in practitioners
        ]
