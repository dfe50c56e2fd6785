"""Forms of the staff pages. Validation only; the services decide the rest."""

from django import forms

from schools.enums import LocalAuthorityRole, SchoolRole

ROLE_NAMES = dict(SchoolRole.choices + LocalAuthorityRole.choices)


def _role_choices(roles) -> list[tuple[str, str]]:
    ordered = [value for value in ROLE_NAMES if value in roles]
    return [("", "Choose a role")] + [(value, ROLE_NAMES[value]) for value in ordered]


class InviteForm(forms.Form):
    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)
    email = forms.EmailField(
        label="Work email address",
        help_text="The invitation goes here; it is also the person's username.",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(label="Role")
    job_title = forms.CharField(
        label="Job title (optional)",
        max_length=120,
        required=False,
        help_text="In the person's own words, for example Head of Year 9.",
    )

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(roles)
        for name, message in {
            "first_name": "Enter the person's first name.",
            "last_name": "Enter the person's last name.",
            "email": "Enter the person's work email address.",
            "role": "Choose the role the person will hold.",
        }.items():
            self.fields[name].error_messages["required"] = message
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address like name@school.example.org."
        )


class RoleGiveForm(forms.Form):
    role = forms.ChoiceField(
        label="Role", error_messages={"required": "Choose a role to give."}
    )
    job_title = forms.CharField(
        label="Job title (optional)", max_length=120, required=False
    )

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(roles)
