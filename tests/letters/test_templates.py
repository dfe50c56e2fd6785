"""Letter templates: validation, the preview, and which text a letter uses."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from letters.documents import preview_context
from letters.kinds import letter_kind
from letters.models import LetterTemplate
from letters.selectors import template_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def make(world, *, school=None, la=None, body="<p>{{ pupil_forename }}</p>"):
    template = LetterTemplate(
        kind="attendance_concern",
        school=school,
        local_authority=la,
        subject="About {{ pupil_forename }}",
        body=body,
    )
    template.full_clean()
    template.save()
    return template


def test_clean_refuses_unknown_and_misspelt_fields_naming_them(world):
    template = LetterTemplate(
        kind="attendance_concern",
        school=world.school,
        subject="{{ pupil_surnme }}",
        body="<p>{{ case.__class__ }} {{ meeting_place }}</p>",
    )
    with pytest.raises(ValidationError) as raised:
        template.full_clean()
    assert raised.value.message_dict["subject"] == [
        "There is no merge field “pupil_surnme”. Did you mean “pupil_surname”?"
    ]
    assert raised.value.message_dict["body"] == [
        "“{{ case.__class__ }}” is not a merge field: only the field names listed "
        "may go between {{ and }}.",
        "“meeting_place” is a meeting field: this kind of letter cannot use it.",
    ]


def test_clean_refuses_an_unknown_kind_and_two_owners(world):
    template = LetterTemplate(
        kind="nonsense", school=world.school, local_authority=world.la, subject="S"
    )
    template.body = "<p>B</p>"
    with pytest.raises(ValidationError) as raised:
        template.full_clean()
    assert set(raised.value.message_dict) == {"kind", "school"}


def test_one_owner_and_one_template_per_kind_and_owner_in_the_database(world):
    make(world, school=world.school)
    with pytest.raises(IntegrityError), transaction.atomic():
        LetterTemplate.objects.create(
            kind="attendance_concern", school=world.school, subject="S", body="B"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        LetterTemplate.objects.create(kind="attendance_concern", subject="S", body="B")


def test_preview_shows_the_field_errors(world):
    template = LetterTemplate(
        kind="attendance_concern",
        school=world.school,
        subject="S",
        body="<p>{{ pupil_forname }}</p>",
    )
    context = preview_context(template)
    assert context["errors"] == [
        "Text: There is no merge field “pupil_forname”. Did you mean “pupil_forename”?"
    ]
    assert context["letter"] == ""


def test_preview_shows_the_letter_with_sample_values(world):
    template = make(world, school=world.school, body="<p>Hi {{ pupil_forename }}</p>")
    context = preview_context(template)
    assert context["errors"] == []
    assert "<p>Hi Sam</p>" in context["letter"]
    assert "Hawthorn Park Academy" in context["letter"]


def test_precedence_school_then_la_then_built_in(world):
    kind = letter_kind("attendance_concern")
    built_in = template_for("attendance_concern", world.school)
    assert (built_in.body, built_in.template_pk) == (kind.default_body, None)

    la_template = make(world, la=world.la, body="<p>LA {{ pupil_forename }}</p>")
    make(world, la=world.other_la, body="<p>Other LA</p>")
    assert template_for("attendance_concern", world.school).template_pk == (
        la_template.pk
    )
    assert template_for("attendance_concern", world.far_school).body == (
        "<p>Other LA</p>"
    )

    own = make(world, school=world.school, body="<p>Own {{ pupil_forename }}</p>")
    own.save_revision()
    chosen = template_for("attendance_concern", world.school)
    assert (chosen.template_pk, chosen.body) == (own.pk, own.body)
    assert chosen.revision_pk == own.latest_revision_id is not None
    # The sibling school in the same LA still has the LA's text.
    assert template_for("attendance_concern", world.sibling_school).template_pk == (
        la_template.pk
    )
