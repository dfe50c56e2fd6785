"""Preparing and sending letters through the services."""

import hashlib
from io import BytesIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from cases.models import CaseEvent
from letters.enums import LetterEventKind
from letters.models import LetterTemplate, SentHow, SentLetter
from letters.services import letter_prepare, letter_send
from tests.factories import CarerRelationshipFactory, ParentCarerFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def stored_bytes(letter: SentLetter) -> bytes:
    with letter.pdf.open("rb") as handle:
        return handle.read()


def prepare(world, family, recipient, **kw) -> SentLetter:
    return letter_prepare(
        case=family.case,
        kind="attendance_concern",
        recipient=recipient,
        by=world.users["officer"],
        **kw,
    )


def files_in(folder) -> list:
    return [path for path in folder.rglob("*") if path.is_file()]


def test_two_parents_at_two_addresses_get_a_letter_each(world, family):
    to_mother = prepare(world, family, family.mother)
    to_father = prepare(world, family, family.father)

    mother_text = pdf_text(stored_bytes(to_mother))
    father_text = pdf_text(stored_bytes(to_father))
    for text in (mother_text, father_text):
        assert "Hawthorn Park Academy" in text  # the letterhead
        assert "0113 496 0000" in text
        assert "Jayden" in text
        assert "Page 1 of" in text
    assert "Ms Grace Okafor" in mother_text
    assert "14 Elm Street" in mother_text
    assert "Dear Ms Okafor" in mother_text
    assert "7 Birch Road" not in mother_text
    assert "Mr Daniel Mensah" in father_text
    assert "7 Birch Road" in father_text
    assert "Dear Mr Mensah" in father_text
    assert "14 Elm Street" not in father_text
    assert (to_mother.recipient_name, to_mother.recipient_address) == (
        "Ms Grace Okafor",
        "14 Elm Street\nLeeds\nLS2 2BB",
    )
    assert to_mother.pdf_sha256 == hashlib.sha256(stored_bytes(to_mother)).hexdigest()
    assert to_mother.waiting
    assert to_mother.subject == "Jayden Okafor's attendance at school"
    assert list(
        CaseEvent.objects.filter(case=family.case, kind=LetterEventKind.PREPARED)
        .order_by("pk")
        .values_list("details__letter", flat=True)
    ) == [to_mother.pk, to_father.pk]


def test_attendance_figures_reach_the_letter(world, family):
    letter = prepare(world, family, family.mother)
    text = pdf_text(stored_bytes(letter))
    # The pupil has no marks: the letter says so rather than inventing a rate.
    assert "no sessions recorded yet" in text
    assert "missed 0 sessions" in text


def test_the_same_letter_from_the_same_data_gives_the_same_text(world, family):
    first = prepare(world, family, family.mother)
    second = prepare(world, family, family.mother)
    assert pdf_text(stored_bytes(first)) == pdf_text(stored_bytes(second))


def test_a_parent_of_another_pupil_is_refused_and_nothing_is_written(
    world, family, private_media
):
    stranger = CarerRelationshipFactory(pupil=world.pupil()).parent_carer
    events = CaseEvent.objects.count()
    with pytest.raises(ValidationError) as raised:
        prepare(world, family, stranger)
    assert list(raised.value.message_dict) == ["recipient"]
    assert not SentLetter.objects.filter(case=family.case).exists()
    assert CaseEvent.objects.count() == events
    assert not private_media.exists() or files_in(private_media) == []


def test_a_parent_the_school_must_not_contact_is_refused(world, family):
    relationship = family.father.relationships.get()
    relationship.may_contact = False
    relationship.contact_restriction = "Court order."
    relationship.save()
    with pytest.raises(ValidationError) as raised:
        prepare(world, family, family.father)
    assert list(raised.value.message_dict) == ["recipient"]


def test_a_template_that_does_not_render_is_refused_with_no_file(
    world, family, private_media
):
    # Saved without clean(), as a bad row could be: the service still refuses.
    LetterTemplate.objects.create(
        kind="attendance_concern",
        school=world.school,
        subject="S",
        body="<p>{{ meeting_date }}</p>",
    )
    with pytest.raises(ValidationError) as raised:
        prepare(world, family, family.mother)
    assert list(raised.value.message_dict) == ["meeting_date"]
    assert not SentLetter.objects.filter(case=family.case).exists()
    assert not private_media.exists() or files_in(private_media) == []


def test_values_for_groups_the_kind_does_not_have_are_refused(world, family):
    with pytest.raises(ValidationError) as raised:
        prepare(world, family, family.mother, values={"meeting_date": "Monday"})
    assert list(raised.value.message_dict) == ["values"]


def test_only_the_case_workers_may_prepare(world, family):
    with pytest.raises(PermissionDenied):
        letter_prepare(
            case=family.case,
            kind="attendance_concern",
            recipient=family.mother,
            by=world.users["sibling_lead"],
        )


def test_send_by_email_attaches_the_pdf(world, family, settings):
    settings.DEFAULT_FROM_EMAIL = "attendance@hawthorn.example.org"
    letter = prepare(world, family, family.mother)
    letter_send(letter=letter, how=SentHow.EMAIL, by=world.users["officer"])

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["grace@example.com"]
    assert message.from_email == "attendance@hawthorn.example.org"
    assert message.subject == "Jayden Okafor's attendance at school"
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == (
        f"letter-{family.case.pk}-{letter.pk}-attendance_concern.pdf",
        "application/pdf",
    )
    assert content == stored_bytes(letter)
    letter.refresh_from_db()
    assert (letter.sent_how, letter.sent_to_email, letter.sent_by) == (
        SentHow.EMAIL,
        "grace@example.com",
        world.users["officer"],
    )
    assert (
        CaseEvent.objects.filter(case=family.case, kind=LetterEventKind.SENT).count()
        == 1
    )


def test_a_letter_is_sent_once(world, family):
    letter = prepare(world, family, family.mother)
    letter_send(letter=letter, how=SentHow.POST, by=world.users["officer"])
    with pytest.raises(ValidationError) as raised:
        letter_send(letter=letter, how=SentHow.EMAIL, by=world.users["officer"])
    assert list(raised.value.message_dict) == ["how"]
    assert mail.outbox == []


def test_email_to_a_parent_with_no_address_is_refused(world, family):
    letter = prepare(world, family, family.father)
    with pytest.raises(ValidationError) as raised:
        letter_send(letter=letter, how=SentHow.EMAIL, by=world.users["officer"])
    assert list(raised.value.message_dict) == ["email"]
    letter.refresh_from_db()
    assert letter.waiting
    assert mail.outbox == []


def test_the_demo_outbox_keeps_the_message_with_its_case(world, family, settings):
    from letters.models import OutboxMessage

    settings.EMAIL_BACKEND = "letters.mail.OutboxBackend"
    letter = prepare(world, family, family.mother)
    letter_send(letter=letter, how=SentHow.EMAIL, by=world.users["officer"])
    kept = OutboxMessage.objects.get()
    assert (kept.case_id, kept.to, kept.attachments) == (
        family.case.pk,
        "grace@example.com",
        [f"letter-{family.case.pk}-{letter.pk}-attendance_concern.pdf"],
    )


def test_letters_can_be_about_another_record(world, family):
    letter = prepare(world, family, family.mother, about=family.case)
    assert letter.about == family.case


def test_a_parent_with_no_email_on_file_can_be_sent_to_a_given_address(world, family):
    other = ParentCarerFactory()
    assert other.pk  # unrelated carer, unused: the address is given instead
    letter = prepare(world, family, family.father)
    letter_send(
        letter=letter,
        how=SentHow.EMAIL,
        by=world.users["officer"],
        email="daniel@example.com",
    )
    assert mail.outbox[0].to == ["daniel@example.com"]
