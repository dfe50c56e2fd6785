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


class SecondFactorCodeForm(forms.Form):
    """A code from the authenticator app, or a backup code."""

    code = forms.CharField(
        label="Code",
        max_length=32,
        help_text="The 6-digit code your authenticator app shows now, "
        "or one of your backup codes.",
        error_messages={"required": "Enter the code from your authenticator app."},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "aria-describedby": "id_code_helptext",
            }
        ),
    )


class AuthenticatorSetupForm(forms.Form):
    """The first code a newly added authenticator app shows."""

    code = forms.CharField(
        label="Code from the app",
        max_length=16,
        help_text="Enter the 6-digit code the app shows for this account.",
        error_messages={"required": "Enter the 6-digit code the app shows."},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "aria-describedby": "id_code_helptext",
            }
        ),
    )
