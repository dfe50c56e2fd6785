"""Forms: validation of each post's shape only; the rules are in the services."""

from django import forms

from returns.enums import NotificationKind
from returns.models import ReturnSettings


class ReturnSettingsForm(forms.ModelForm):
    """An LA's settings for its schools' notifications, for the LA settings page."""

    class Meta:
        model = ReturnSettings
        fields = ["illness_threshold_days", "illness_counting"]
        error_messages = {
            "illness_threshold_days": {
                "min_value": "Enter a number of school days of 1 or more.",
                "max_value": "Enter a number of school days of 60 or fewer.",
                "invalid": "Enter the number of school days as a whole number.",
                "required": "Enter the number of school days.",
            }
        }


class ChooseForm(forms.Form):
    """The items ticked on the school's page (their ``DueItem.ref``)."""

    items = forms.MultipleChoiceField(
        label="Notifications to send",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one notification to send.",
            "invalid_choice": (
                "One of the notifications chosen is no longer due: check the list."
            ),
        },
    )

    def __init__(self, *args, refs: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(ref, ref) for ref in refs]


class ConfirmForm(ChooseForm):
    """The confirmation step: the same items, and the person's yes."""

    confirm = forms.BooleanField(
        label="I have checked these and want to send them to the LA",
        error_messages={"required": "Tick the box to confirm you want to send them."},
    )


class InboxFilterForm(forms.Form):
    school = forms.TypedChoiceField(
        label="School", required=False, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "All kinds"), *NotificationKind.choices],
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = [("", "All schools")] + [
            (school.pk, school.name) for school in schools
        ]
