import pytest
from django.core.exceptions import ValidationError

from schools.upn import check_letter, make_upn, validate_upn

pytestmark = pytest.mark.unit


def error_of(value: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate_upn(value)
    return caught.value


def message_of(value: str) -> str:
    error = error_of(value)
    return error.message % error.params if error.params else error.message


def test_check_letter_published_example():
    # The example UPN in the DfE's guidance and public validators.
    assert check_letter("801200005001") == "B"


def test_check_letter_worked_by_hand():
    # Weights 2..13 over "373400125001": 6+21+12+20+0+0+8+18+50+0+0+13 = 148;
    # 148 mod 23 = 10, the eleventh letter of ABCDEFGHJKLMNPQRTUVWXYZ.
    assert check_letter("373400125001") == "L"


def test_upn_valid_is_accepted():
    assert validate_upn("B801200005001") is None


def test_upn_temporary_with_final_letter_is_accepted():
    upn = make_upn("37340012500A")
    assert validate_upn(upn) is None


def test_upn_wrong_check_letter_names_the_right_one():
    error = error_of("A801200005001")
    assert error.code == "upn_check_letter"
    assert message_of("A801200005001") == (
        "The check letter does not match: for these digits it should be B, not A. "
        "Check the UPN was copied correctly."
    )


@pytest.mark.parametrize(
    ("value", "length"), [("C37340012500", 12), ("B8012000050011", 14)]
)
def test_upn_wrong_length_says_how_long(value, length):
    assert error_of(value).code == "upn_length"
    assert message_of(value) == f"A UPN has 13 characters; this one has {length}."


def test_upn_lower_case_is_refused_with_the_capitalised_form():
    lower = make_upn("37340012500A").lower()
    assert error_of(lower).code == "upn_case"
    assert message_of(lower) == f"A UPN is written in capital letters: {lower.upper()}."


@pytest.mark.parametrize(
    "value", [" B801200005001", "B801200005001 ", "\tB801200005001"]
)
def test_upn_surrounding_whitespace_is_refused(value):
    assert error_of(value).code == "upn_whitespace"
    assert message_of(value) == (
        "The UPN has spaces before or after it; remove them (B801200005001)."
    )


def test_upn_inner_whitespace_is_refused():
    assert error_of("B8012 0005001").code == "upn_whitespace"


def test_upn_letter_in_the_digits_is_refused():
    assert error_of("B8012X0005001").code == "upn_digits"


@pytest.mark.parametrize("first", ["I", "O", "S", "1"])
def test_upn_first_character_must_be_a_check_letter(first):
    assert error_of(first + "801200005001").code == "upn_check_letter"


@pytest.mark.django_db
def test_pupil_full_clean_reports_upn_error_on_the_field():
    from tests.factories import PupilFactory

    pupil = PupilFactory.build(upn="A801200005001")
    with pytest.raises(ValidationError) as caught:
        pupil.full_clean(exclude=["school"])
    assert list(caught.value.message_dict) == ["upn"]
