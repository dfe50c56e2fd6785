"""Carrying a service's refusal into the form the person filled in.

Services raise ``ValidationError`` naming the field that is wrong where there
is one; a view hands it to ``service_errors_into`` so each message appears
beside its field, and the rest at the top of the form. The one way to do it,
for every app.
"""

from django import forms
from django.core.exceptions import ValidationError


def service_errors_into(form: forms.Form, error: ValidationError) -> None:
    """Add ``error``'s messages to ``form``: each on its field when the form has
    a field of that name, otherwise as an error of the whole form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
