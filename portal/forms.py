"""Forms of the portal shell. Validation only."""

from django import forms

from schools.enums import YearGroup


class PupilSearchForm(forms.Form):
    q = forms.CharField(
        label="Name or UPN",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    school = forms.TypedChoiceField(
        label="School", required=False, coerce=int, empty_value=None
    )
    year_group = forms.TypedChoiceField(
        label="Year group",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "All year groups"), *YearGroup.choices],
    )

    def __init__(self, *args, schools=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = [("", "All schools")] + [
            (school.pk, school.name) for school in schools
        ]


class WorkDigestForm(forms.Form):
    """Turn the daily "My work" email on or off."""

    daily_email = forms.ChoiceField(choices=[("on", "On"), ("off", "Off")])
