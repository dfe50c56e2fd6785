"""Unique Pupil Numbers (UPN): the DfE's 13-character pupil identifier.

A UPN is a check letter followed by twelve characters: the LA number (3 digits),
the establishment number (4 digits), the year of allocation (2 digits) and a
serial number (3 digits). A temporary UPN ends in a letter instead of a digit.
The check letter is the weighted sum of characters 2 to 13 (weights 2 to 13),
modulo 23, looked up in an alphabet without I, O and S.
"""

from django.core.exceptions import ValidationError

CHECK_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"
UPN_LENGTH = 13


def _character_value(character: str) -> int:
    if character.isdigit():
        return int(character)
    return CHECK_ALPHABET.index(character)


def check_letter(body: str) -> str:
    """The check letter for the last twelve characters of a UPN."""
    total = sum(
        _character_value(character) * weight
        for weight, character in enumerate(body, start=2)
    )
    return CHECK_ALPHABET[total % 23]


def validate_upn(value: str) -> None:
    """Raise a ValidationError saying exactly what is wrong with a UPN."""
    if value != value.strip():
        raise ValidationError(
            "The UPN has spaces before or after it; remove them (%(clean)s).",
            code="upn_whitespace",
            params={"clean": value.strip()},
        )
    if any(character.isspace() for character in value):
        raise ValidationError(
            "The UPN has spaces inside it; a UPN is 13 characters with no spaces.",
            code="upn_whitespace",
        )
    if len(value) != UPN_LENGTH:
        raise ValidationError(
            "A UPN has 13 characters; this one has %(length)d.",
            code="upn_length",
            params={"length": len(value)},
        )
    if value != value.upper():
        raise ValidationError(
            "A UPN is written in capital letters: %(upper)s.",
            code="upn_case",
            params={"upper": value.upper()},
        )
    first, middle, last = value[0], value[1:12], value[12]
    if first not in CHECK_ALPHABET:
        raise ValidationError(
            "A UPN starts with a check letter (A to Z without I, O or S), "
            "not %(first)r.",
            code="upn_check_letter",
            params={"first": first},
        )
    if not middle.isdigit():
        raise ValidationError(
            "Characters 2 to 12 of a UPN are digits.", code="upn_digits"
        )
    if not (last.isdigit() or last in CHECK_ALPHABET):
        raise ValidationError(
            "The last character of a UPN is a digit, or a letter (not I, O or S) "
            "in a temporary UPN.",
            code="upn_digits",
        )
    expected = check_letter(value[1:])
    if first != expected:
        raise ValidationError(
            "The check letter does not match: for these digits it should be "
            "%(expected)s, not %(first)s. Check the UPN was copied correctly.",
            code="upn_check_letter",
            params={"expected": expected, "first": first},
        )


def make_upn(body: str) -> str:
    """A full UPN from its last twelve characters (used by demo data and tests)."""
    return check_letter(body) + body
