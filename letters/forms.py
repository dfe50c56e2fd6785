"""The letters pages' forms: their shape only; the rules are in the services."""

from django import forms

from letters.models import SentHow
from schools.enums import Relationship


class RecipientChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, carer) -> str:
        relationship = Relationship(carer.relationship_kind).label
        where = carer.address.replace("\n", ", ").strip() or "no address on file"
        return f"{carer} ({relationship}), {where}"


class PrepareForm(forms.Form):
    recipient = RecipientChoiceField(
        queryset=None,
        widget=forms.RadioSelect,
        label="Who is the letter to?",
        help_text="One letter is made for each parent or carer: prepare another "
        "for a second parent.",
        empty_label=None,
        error_messages={"required": "Choose who the letter is to."},
    )

    def __init__(self, *args, carers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = carers


class SendForm(forms.Form):
    how = forms.ChoiceField(
        choices=SentHow.choices,
        widget=forms.RadioSelect,
        label="How was the letter sent?",
        error_messages={"required": "Choose how the letter was sent."},
    )
    email = forms.EmailField(
        required=False,
        label="Email address (for email only)",
        help_text="Leave empty to use the address on file.",
    )
