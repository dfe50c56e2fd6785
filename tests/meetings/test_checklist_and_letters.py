"""What meetings tell the legal-readiness checklist, and the letters of a
meeting: one per parent, on the school's templates, as PDFs."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from cases.checklist import Evidence, Shortfall, checklist_status
from letters.models import SentLetter
from letters.services import letter_send
from meetings import providers
from meetings.letters import meeting_letters_prepare
from meetings.services import meeting_cancel
from tests.meetings.conftest import past, soon
from tests.meetings.test_meetings import arrange, record

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def status(case, key):
    case.refresh_from_db()
    return next(s for s in checklist_status(case) if s.item.key == key)


def pdf_text(letter: SentLetter) -> str:
    with letter.pdf.open("rb") as handle:
        reader = PdfReader(BytesIO(handle.read()))
    # One space for every run of spaces and line breaks: where a line wraps
    # depends on the page, not on what the letter says.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_two_meetings_offered_switches_on_with_the_second_offer(world, family_case):
    case, family = family_case
    assert providers.two_meetings_offered(case) is None
    first = arrange(world, case, family.parents, starts_at=past(9))
    assert isinstance(providers.two_meetings_offered(case), Shortfall)
    record(world, first)  # the parents did not come
    arrange(world, case, family.parents, second_offer_of=first)
    found = providers.two_meetings_offered(case)
    assert isinstance(found, Evidence)
    assert found.summary.startswith("2 meetings offered to the parents")
    assert status(case, "two_meetings_offered").met


def test_a_cancelled_or_inclusion_meeting_is_not_an_offer(world, family_case):
    case, family = family_case
    meeting_cancel(
        meeting=arrange(world, case, family.parents),
        by=world.users["lead"],
        reason="Ill.",
    )
    arrange(world, case, [], type_key="inclusion")
    arrange(world, case, family.parents)
    assert isinstance(providers.two_meetings_offered(case), Shortfall)


def test_minutes_provider_needs_minutes_sent_to_every_parent_invited(
    world, family_case, private_media
):
    case, family = family_case
    meeting = arrange(world, case, family.parents, starts_at=past(3))
    shortfall = providers.meetings_recorded_and_sent(case)
    assert "is not recorded" in shortfall.summary
    record(world, meeting, came=[family.mother], parent_voice="We will try.")
    assert (
        "have not gone to every parent"
        in providers.meetings_recorded_and_sent(case).summary
    )
    to_mother, to_father = meeting_letters_prepare(
        meeting=meeting, role="minutes", by=world.users["lead"]
    )
    letter_send(letter=to_mother, how="email", by=world.users["lead"])
    assert isinstance(providers.meetings_recorded_and_sent(case), Shortfall)
    letter_send(letter=to_father, how="post", by=world.users["lead"])
    assert isinstance(providers.meetings_recorded_and_sent(case), Evidence)
    assert status(case, "meetings_recorded").met
    assert status(case, "parent_voice").met


def test_impact_on_learning_and_inclusion_meeting(world, family_case):
    case, family = family_case
    assert not status(case, "impact_on_learning").met
    record(
        world,
        arrange(world, case, family.parents, starts_at=past(2)),
        came=family.parents,
        impact_on_learning_discussed=True,
        impact_on_learning_note="Behind in reading.",
    )
    assert "Behind in reading" in status(case, "impact_on_learning").evidence.summary
    assert not status(case, "inclusion_meeting").met
    record(world, arrange(world, case, [], type_key="inclusion", starts_at=past(1)))
    assert status(case, "inclusion_meeting").met


def test_each_parent_gets_a_letter_to_their_own_address(
    world, family_case, private_media
):
    case, family = family_case
    meeting = arrange(world, case, family.parents, starts_at=soon(5, hour=15))
    letters = meeting_letters_prepare(
        meeting=meeting, role="invitation", by=world.users["lead"]
    )
    assert [letter.recipient for letter in letters] == family.parents
    mother_text, father_text = (pdf_text(letter) for letter in letters)
    assert "Dear Ms Okafor" in mother_text
    assert "12 Elm Road" in mother_text
    assert "40 Hill Street" not in mother_text
    assert "40 Hill Street" in father_text
    assert "Dear Mr Okafor" in father_text
    for text in (mother_text, father_text):
        assert case.school.name in text  # the letterhead
        assert "school attendance meeting (SAM)" in text
        assert "The attendance office" in text
        assert case.pupil.forename in text
    again = meeting_letters_prepare(
        meeting=meeting, role="invitation", by=world.users["lead"]
    )
    assert [pdf_text(letter) for letter in again] == [mother_text, father_text]


def test_the_did_not_attend_letter_goes_only_after_a_missed_meeting(
    world, family_case, private_media
):
    case, family = family_case
    meeting = arrange(world, case, family.parents, starts_at=past(2))
    with pytest.raises(ValidationError):
        meeting_letters_prepare(
            meeting=meeting, role="did_not_attend", by=world.users["lead"]
        )
    record(world, meeting)
    letters = meeting_letters_prepare(
        meeting=meeting, role="did_not_attend", by=world.users["lead"]
    )
    assert len(letters) == 2
    assert "did not come to the meeting" in pdf_text(letters[0])


def test_minutes_carry_the_record(world, family_case, private_media):
    case, family = family_case
    from meetings.services import ActionAgreed

    meeting = arrange(world, case, family.parents, starts_at=past(1))
    record(
        world,
        meeting,
        came=[family.mother],
        education_worries="Late most Mondays.",
        actions=[ActionAgreed("Use the breakfast club", "Ms Okafor")],
    )
    letter, _ = meeting_letters_prepare(
        meeting=meeting, role="minutes", by=world.users["lead"]
    )
    text = pdf_text(letter)
    assert "Late most Mondays." in text
    assert "Use the breakfast club (Ms Okafor)" in text
    assert "Ms Dana Okafor" in text
