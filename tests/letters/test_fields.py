"""Merge fields: every field renders, escaped; nothing else can be reached."""

import pytest

from letters.fields import (
    FIELDS,
    MergeFieldError,
    render,
    render_plain,
    sample_values,
    template_field_errors,
)
from letters.kinds import LetterKind, letter_kind, letter_kinds, register_letter_kind

pytestmark = pytest.mark.unit

CONCERN = letter_kind("attendance_concern")
MEETING = LetterKind(
    key="test_meeting",
    name="Test meeting letter",
    description="",
    groups=("meeting",),
    default_subject="Meeting",
    default_body="<p>{{ meeting_date }}</p>",
)


def test_render_every_field_with_and_without_spaces():
    values = {field.key: f"value of {field.key}" for field in FIELDS}
    text = " ".join(
        f"{{{{ {f.key} }}}}" if i % 2 else f"{{{{{f.key}}}}}"
        for i, f in enumerate(FIELDS)
    )
    assert render(text, values) == " ".join(f"value of {f.key}" for f in FIELDS)


def test_render_escapes_values_and_keeps_line_breaks():
    assert (
        render("<p>{{ parent_address }}</p>", {"parent_address": "<b>1</b> A & B\nX"})
        == "<p>&lt;b&gt;1&lt;/b&gt; A &amp; B<br>X</p>"
    )


def test_render_plain_keeps_text_on_one_line():
    assert render_plain("{{ parent_address }}!", {"parent_address": "A\nB"}) == "A B!"


def test_render_with_a_missing_value_names_the_field():
    with pytest.raises(MergeFieldError) as raised:
        render("<p>{{ pupil_forename }} {{ meeting_date }}</p>", sample_values(()))
    assert raised.value.field == "meeting_date"
    assert "meeting_date" in str(raised.value)


@pytest.mark.parametrize(
    "text",
    [
        "{{ pupil.school.local_authority }}",
        "{{ case.__class__ }}",
        "{{ pupil_forename|upper }}",
        "{% load static %}",
        "{{ pupil_forename",
    ],
)
def test_a_template_cannot_reach_anything_but_the_fields(text):
    assert template_field_errors(text, CONCERN) != []
    with pytest.raises(MergeFieldError):
        render(text, {**sample_values(), "pupil": "x", "case": "x"})


def test_field_errors_name_unknown_misspelt_and_other_group_fields():
    assert template_field_errors(
        "{{ pupil_forname }} {{ favourite_colour }} {{ meeting_date }}", CONCERN
    ) == [
        "There is no merge field “pupil_forname”. Did you mean “pupil_forename”?",
        "There is no merge field “favourite_colour”.",
        "“meeting_date” is a meeting field: this kind of letter cannot use it.",
    ]
    assert template_field_errors("{{ meeting_date }}", MEETING) == []


def test_a_stray_brace_is_refused():
    assert template_field_errors("Hello }} there", CONCERN) == [
        "The text has a stray “{{”, “}}”, “{%” or “%}” that is not part of a "
        "merge field; remove it or finish the field."
    ]


def test_the_built_in_texts_use_only_their_fields():
    for kind in letter_kinds():
        assert template_field_errors(kind.default_subject, kind) == []
        assert template_field_errors(kind.default_body, kind) == []


def test_kinds_registry_refuses_a_different_kind_under_a_taken_key():
    register_letter_kind(MEETING)
    register_letter_kind(MEETING)  # the identical kind again: nothing changes
    assert letter_kind("test_meeting") is MEETING
    with pytest.raises(ValueError, match="already registered"):
        register_letter_kind(
            LetterKind("test_meeting", "Other", "", (), "S", "<p>B</p>")
        )
    with pytest.raises(KeyError):
        letter_kind("no_such_kind")
    names = [kind.name for kind in letter_kinds()]
    assert names == sorted(names)
