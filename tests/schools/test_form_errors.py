"""A service's refusal lands beside the field it names, or at the top."""

from django import forms
from django.core.exceptions import ValidationError

from schools.form_errors import service_errors_into


class PositionForm(forms.Form):
    position = forms.CharField()


def test_an_error_naming_a_field_goes_beside_it():
    form = PositionForm({"position": "x"})
    assert form.is_valid()
    service_errors_into(
        form,
        ValidationError({"position": "Enter your position.", "mark": "Gone."}),
    )
    assert form.errors["position"] == ["Enter your position."]
    # A name the form has no field for is shown for the whole form.
    assert form.non_field_errors() == ["Gone."]


def test_an_error_naming_no_field_goes_at_the_top():
    form = PositionForm({"position": "x"})
    assert form.is_valid()
    service_errors_into(form, ValidationError(["Too late.", "Try again."]))
    assert form.non_field_errors() == ["Too late.", "Try again."]
    assert "position" not in form.errors
