"""Validation for what editors type into policy pages: phone numbers and emails.

A phone number is kept as the school wrote it (spacing included) and turned into
an international ``tel:`` link when the page is rendered; this module is the one
place that knows what a UK number looks like.
"""

import re
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

# Spaces, hyphens, dots and brackets are how people group digits; nothing else is
# allowed in a number a parent will dial.
_SEPARATORS = re.compile(r"[\s\-.()]")
_UK_NATIONAL = re.compile(r"^0\d{9,10}$")
_UK_INTERNATIONAL = re.compile(r"^\+44\d{9,10}$")

PHONE_HELP = (
    "A UK phone number, for example 0114 232 2338 or +44 114 232 2338. "
    "Spaces are kept as you type them."
)


def phone_digits(phone: str) -> str:
    """The number without separators, e.g. ``"0114 232 2338"`` -> ``"01142322338"``."""
    return _SEPARATORS.sub("", phone.strip())


def validate_uk_phone(phone: str) -> None:
    """Raise ValidationError unless ``phone`` is a UK number a parent could dial."""
    digits = phone_digits(phone)
    if _UK_NATIONAL.match(digits) or _UK_INTERNATIONAL.match(digits):
        return
    raise ValidationError(
        "Enter a UK phone number of 10 or 11 digits starting with 0 (for example "
        "0114 232 2338), or starting with +44. Only digits, spaces, hyphens and "
        "brackets are allowed.",
        code="invalid_phone",
    )


def tel_href(phone: str) -> str:
    """The ``tel:`` link for a valid UK number, in international form."""
    digits = phone_digits(phone)
    if digits.startswith("0"):
        digits = "+44" + digits[1:]
    return f"tel:{digits}"


def validate_contact_email(email: str) -> None:
    """Django's email check, with a message that says what to fix."""
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            "Enter a complete email address, for example office@school.sch.uk.",
            code="invalid_email",
        ) from None


def mailto_href(email: str) -> str:
    """The ``mailto:`` link; characters such as ``&`` are percent-encoded."""
    return "mailto:" + quote(email.strip(), safe="@.+-_")
