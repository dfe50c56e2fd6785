"""The court bundle: one PDF read back with pypdf, as the court would read it.

One full bundle is built for the module (a case with a register and its
amendments, letters sent, a meeting, pupil voice, the ledger, a restricted
chronology event and a safeguarding note) inside a transaction that is rolled
back; the tests read the PDF and the plain facts kept from the database.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from io import BytesIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from pypdf import PdfReader

from attendance.models import RegisterMark
from attendance.register_import import ImportedBy
from attendance.services import mark_amend
from cases.enums import EventKind, Stage
from cases.models import CaseEvent
from cases.services import event_record
from legal.bundle import SECTIONS, BuiltBundle, BundleError, build_bundle
from legal.models import CourtBundle
from letters.models import SentHow, SentLetter
from letters.services import letter_prepare, letter_send
from meetings.services import meeting_arrange, meeting_record
from plans.services import offer_save
from safeguarding.services import note_create
from schools.enums import Relationship
from tests.cases.conftest import build_world
from tests.factories import CarerRelationshipFactory, ParentCarerFactory
from voice.services import voice_record

# The database marker also makes pytest-django set up the test database when
# only the tests reading the module's bundle are run.
pytestmark = [pytest.mark.integration, pytest.mark.django_db]

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
TODAY = NOW.date()
RESTRICTED_EVENT_TEXT = "Police attended the family home on Tuesday night"
SAFEGUARDING_NOTE_TEXT = "Older brother known to the youth offending team"
CASE_NOTE_TEXT = "Mother says the bus pass ran out in October"
ILLNESS_REASON = "Mother phoned the next morning: sickness bug"
LATE_REASON = "Entered as late in error: arrived before registration closed"


def school_days_before(day: date, count: int) -> list[date]:
    days = []
    while len(days) < count:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return sorted(days)


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


@dataclass(frozen=True)
class Full:
    built: BuiltBundle
    pages: list[str]
    attachments: dict[str, bytes]
    letters: dict[str, tuple[str, bytes]]  # recipient -> (recorded SHA-256, file)
    progress: list[tuple[int, str]]
    rows_written: int


def make_case(world):
    """A shared case at the parenting-contract stage with its evidence."""
    case = world.case_at(Stage.PARENTING_CONTRACT)
    pupil = case.pupil
    mother = ParentCarerFactory(
        title="Ms", forename="Dana", surname="Okafor", address="14 Elm Street"
    )
    father = ParentCarerFactory(
        title="Mr", forename="Tunde", surname="Okafor", address="7 Birch Road"
    )
    CarerRelationshipFactory(pupil=pupil, parent_carer=mother)
    CarerRelationshipFactory(
        pupil=pupil,
        parent_carer=father,
        relationship=Relationship.FATHER,
        has_day_to_day_care=False,
        contact_priority=2,
    )
    return case, mother, father


def add_evidence(world, case, mother, father) -> None:
    days = school_days_before(TODAY, 30)
    RegisterMark.objects.bulk_create(
        RegisterMark(
            pupil=case.pupil,
            school=case.school,
            date=day,
            session=session,
            code=code,
        )
        for number, day in enumerate(days)
        for session, code in (
            ("AM", "O" if number % 4 == 0 else "/"),
            ("PM", "O" if number % 4 == 0 else "\\"),
        )
    )
    officer = ImportedBy(
        name="Test Officer", position="Attendance officer", user=world.users["officer"]
    )
    absent = RegisterMark.objects.get(pupil=case.pupil, date=days[4], session="AM")
    mark_amend(mark=absent, code="I", reason=ILLNESS_REASON, amender=officer)
    present = RegisterMark.objects.get(pupil=case.pupil, date=days[9], session="PM")
    mark_amend(
        mark=present,
        code="L",
        reason="Arrived 20 minutes late",
        amender=officer,
        minutes_late=20,
    )
    mark_amend(mark=present, code="\\", reason=LATE_REASON, amender=officer)

    for parent in (mother, father):
        letter = letter_prepare(
            case=case,
            kind="attendance_concern",
            recipient=parent,
            by=world.users["officer"],
        )
        letter_send(letter=letter, how=SentHow.POST, by=world.users["officer"])
    letter_prepare(  # prepared and never sent: not in the bundle
        case=case,
        kind="attendance_concern",
        recipient=mother,
        by=world.users["officer"],
    )

    meeting = meeting_arrange(
        case=case,
        by=world.users["lead"],
        type_key="sam",
        starts_at=NOW - timedelta(days=3),
        place="The attendance office",
        parents=[mother],
    )
    meeting_record(
        meeting=meeting,
        by=world.users["lead"],
        attended={invitation.pk: True for invitation in meeting.invitations.all()},
        parent_voice="Mornings are the hardest part since I started the early shift",
        child_present=True,
        child_voice="I feel sick on Mondays before maths",
    )
    voice_record(
        by=world.users["officer"],
        case=case,
        tool="conversation",
        words="I would come in if I could sit with Amir in form time",
        recorded_on=TODAY - timedelta(days=5),
    )
    offer_save(
        case=case,
        by=world.users["officer"],
        kind="mentoring",
        to_pupil=True,
        offered_on=TODAY - timedelta(days=10),
    )
    world.record(case, EventKind.NOTE, text=CASE_NOTE_TEXT)
    event_record(
        case=case,
        kind=EventKind.NOTE,
        by=world.users["dsl"],
        text=RESTRICTED_EVENT_TEXT,
        details={"item": 0},
        restricted=True,
    )
    note_create(
        pupil=case.pupil,
        by=world.users["dsl"],
        category="other",
        text=SAFEGUARDING_NOTE_TEXT,
        case=case,
    )


@pytest.fixture(scope="module")
def full(django_db_setup, django_db_blocker, tmp_path_factory) -> Full:
    """One full bundle, built once; everything it wrote is rolled back."""
    private = tmp_path_factory.mktemp("private")
    with (
        django_db_blocker.unblock(),
        override_settings(PRIVATE_MEDIA_ROOT=private),
        time_machine.travel(NOW, tick=False),
        transaction.atomic(),
    ):
        world = build_world()
        case, mother, father = make_case(world)
        add_evidence(world, case, mother, father)
        progress = []
        rows_before = CaseEvent.objects.count() + CourtBundle.objects.count()
        built = build_bundle(
            case,
            draft=False,
            produced_by="Test Legal",
            progress=lambda percent, note: progress.append((percent, note)),
        )
        rows_written = (
            CaseEvent.objects.count() + CourtBundle.objects.count() - rows_before
        )
        letters = {}
        for letter in SentLetter.objects.filter(case=case, sent_at__isnull=False):
            with letter.pdf.open("rb") as handle:
                letters[letter.recipient_name] = (letter.pdf_sha256, handle.read())
        transaction.set_rollback(True)
    reader = PdfReader(BytesIO(built.pdf))
    attachments = {name: data[0] for name, data in reader.attachments.items()}
    return Full(
        built, pages_text(built.pdf), attachments, letters, progress, rows_written
    )


def first_page_with(pages: list[str], text: str) -> int:
    return next(number for number, page in enumerate(pages, 1) if text in page)


def test_bundle_numbers_every_page_n_of_total(full):
    total = len(full.pages)
    assert full.built.page_count == total
    missing = [
        number
        for number, text in enumerate(full.pages, 1)
        if f"Page {number} of {total}" not in text
    ]
    assert missing == []


def test_bundle_cover_says_what_it_is_and_that_restricted_items_are_left_out(full):
    cover = " ".join(full.pages[0].split())
    assert "Court evidence bundle" in cover
    assert "Produced 20 November 2026, 10:00 by Test Legal" in cover
    assert (
        "Safeguarding-restricted information is never included in this bundle." in cover
    )
    assert "handled separately by the school's designated safeguarding lead (DSL)" in (
        cover
    )
    assert "DRAFT" not in " ".join(full.pages)


def test_bundle_index_gives_the_page_each_section_starts_on(full):
    index_text = " ".join(
        " ".join(page.split()) for page in full.pages if "Index" in page[:200]
    )
    sections = [entry for entry in full.built.index if entry.level == 0]
    titles = [entry.title for entry in sections]
    assert titles == [section.title for section in SECTIONS] + ["Manifest of documents"]
    for number, entry in enumerate(sections[:-1], start=1):
        heading = f"{number}. {entry.title}"
        assert first_page_with(full.pages, heading) == entry.page, heading
        printed = re.search(re.escape(entry.title) + r" (\d+)", index_text)
        assert int(printed.group(1)) == entry.page, entry.title
    manifest = sections[-1]
    assert first_page_with(full.pages, "Manifest of documents\n") == manifest.page


def test_bundle_appends_each_letter_sent_where_the_index_says(full):
    letters = [entry for entry in full.built.index if entry.level == 1]
    assert [entry.title.split(", to ")[1].split(", sent")[0] for entry in letters] == [
        "Ms Dana Okafor",
        "Mr Tunde Okafor",
    ]
    for entry in letters:
        recipient = entry.title.split(", to ")[1].split(", sent")[0]
        page = full.pages[entry.page - 1]
        assert recipient in page
        assert "Page 1 of 1" in page  # the letter's own numbering, kept


def section_text(full: Full, title: str) -> str:
    sections = [entry for entry in full.built.index if entry.level == 0]
    start = next(entry.page for entry in sections if entry.title == title)
    end = min(entry.page for entry in full.built.index if entry.page > start)
    return " ".join(" ".join(page.split()) for page in full.pages[start - 1 : end - 1])


def test_register_extract_shows_every_amendment_with_codes_reason_and_who(full):
    text = section_text(full, "Register extract and amendments")
    assert re.search(
        rf"AM O I {re.escape(ILLNESS_REASON)} Test Officer, Attendance officer", text
    )
    assert re.search(
        r"PM \\ L \(20 min late\) Arrived 20 minutes late Test Officer", text
    )
    assert re.search(
        rf"PM L \(20 min late\) \\ {re.escape(LATE_REASON)} Test Officer", text
    )
    assert "Code key" in text
    assert "Illness (not a medical or dental appointment)" in text


def test_restricted_chronology_event_and_safeguarding_note_are_never_included(full):
    everything = " ".join(" ".join(page.split()) for page in full.pages)
    attached = " ".join(
        " ".join(page.split())
        for data in full.attachments.values()
        for page in pages_text(data)
    )
    chronology = section_text(full, "Chronology")
    assert CASE_NOTE_TEXT in chronology  # what staff wrote is shown, unrestricted
    for text in (everything, attached):
        assert RESTRICTED_EVENT_TEXT not in text
        assert SAFEGUARDING_NOTE_TEXT not in text
        assert "under Safeguarding" not in text


def test_manifest_hashes_match_the_documents_attached(full):
    manifest = full.built.manifest
    assert [entry.filename for entry in manifest] == sorted(full.attachments)
    for entry in manifest:
        data = full.attachments[entry.filename]
        assert hashlib.sha256(data).hexdigest() == entry.sha256, entry.title
        assert len(PdfReader(BytesIO(data)).pages) == (
            entry.last_page - entry.first_page + 1
        )
    printed = " ".join(full.pages[manifest[-1].last_page :])
    assert [entry.sha256 for entry in manifest if entry.sha256 in printed] == [
        entry.sha256 for entry in manifest
    ]
    assert full.built.sha256 == hashlib.sha256(full.built.pdf).hexdigest()


def test_manifest_hash_of_each_letter_is_the_one_recorded_when_sent(full):
    letters = {
        entry.title.split(", to ")[1].split(", sent")[0]: entry
        for entry in full.built.manifest
        if entry.kind == "Letter sent (the PDF as sent)"
    }
    assert set(letters) == set(full.letters)
    for recipient, (recorded, stored) in full.letters.items():
        entry = letters[recipient]
        assert entry.sha256 == recorded == hashlib.sha256(stored).hexdigest()
        assert full.attachments[entry.filename] == stored


def test_bundle_shows_voices_meetings_and_ledger(full):
    voice = section_text(full, "The child's voice and the parents' voice")
    assert "I would come in if I could sit with Amir in form time" in voice
    assert "I feel sick on Mondays before maths" in voice
    assert "Mornings are the hardest part since I started the early shift" in voice
    ledger = section_text(full, "Support-first ledger")
    assert "Mentoring" in ledger
    contracts = section_text(full, "Parenting contracts and reviews")
    assert "None recorded." in contracts


def test_bundle_writes_nothing_to_the_database(full):
    assert full.rows_written == 0


def test_bundle_reports_progress_to_the_end(full):
    percents = [percent for percent, _ in full.progress]
    assert percents == sorted(percents)
    assert percents[-1] == 100
    assert len(percents) == len(SECTIONS) + 3


def test_bundle_refuses_a_letter_whose_stored_pdf_has_changed(db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    world = build_world()
    case, mother, _ = make_case(world)
    letter = letter_prepare(
        case=case,
        kind="attendance_concern",
        recipient=mother,
        by=world.users["officer"],
    )
    letter_send(letter=letter, how=SentHow.POST, by=world.users["officer"])
    with letter.pdf.open("ab") as handle:
        handle.write(b"%% changed after it was sent")
    with pytest.raises(BundleError) as refused:
        build_bundle(case, draft=False)
    assert "does not match the SHA-256 recorded when it was made" in str(refused.value)


# The command, as a script would run it.


@pytest.fixture
def shared_case(db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    world = build_world()
    return world, world.case_at(Stage.EARLY_HELP)


def run(case_id: int, username: str, output, *extra) -> str:
    from io import StringIO

    out = StringIO()
    call_command(
        "court_bundle",
        str(case_id),
        "--as",
        username,
        "--output",
        str(output),
        *extra,
        stdout=out,
    )
    return out.getvalue()


def test_command_writes_the_bundle_for_the_la_legal_officer(shared_case, tmp_path):
    world, case = shared_case
    output = tmp_path / "bundle.pdf"
    printed = run(case.pk, "t.legal", output)
    data = output.read_bytes()
    pages = pages_text(data)
    assert printed.splitlines()[1:] == [
        f"SHA-256: {hashlib.sha256(data).hexdigest()}",
        f"Pages: {len(pages)}",
    ]
    text = " ".join(pages)
    assert "DRAFT" not in text
    # A case with no letters, plans, contracts or notices still makes a bundle.
    assert "None recorded." in section_text_of(pages, "Letters sent")


def section_text_of(pages: list[str], title: str) -> str:
    return next(page for page in pages if re.search(rf"\d+\. {re.escape(title)}", page))


def test_command_makes_a_draft_for_the_schools_attendance_lead(shared_case, tmp_path):
    world, case = shared_case
    output = tmp_path / "draft.pdf"
    run(case.pk, "t.lead", output, "--draft")
    cover = " ".join(pages_text(output.read_bytes())[0].split())
    assert "DRAFT for the LA" in cover


@pytest.mark.parametrize(
    ("username", "extra"),
    [
        ("t.other_legal", ()),  # another LA's legal officer: cannot see the case
        ("t.nobody", ()),
        ("t.officer", ()),  # sees the case, may not produce a bundle
        ("t.legal", ("--draft",)),  # drafts are the school's
        ("t.no_such_user", ()),
    ],
)
def test_command_refuses_with_the_same_message_as_an_unknown_case(
    shared_case, tmp_path, username, extra
):
    world, case = shared_case
    output = tmp_path / "refused.pdf"
    with pytest.raises(CommandError) as refused:
        run(case.pk, username, output, *extra)
    assert str(refused.value) == f"No case {case.pk} that {username} can see."
    assert not output.exists()
    with pytest.raises(CommandError) as unknown:
        run(case.pk + 1000, username, output, *extra)
    assert str(unknown.value) == f"No case {case.pk + 1000} that {username} can see."
