"""Restricted safeguarding text is encrypted at rest, and its keys can be rotated."""

import json
from io import StringIO

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from portal.checks import safeguarding_keys_invalid
from safeguarding.encryption import EncryptedTextField, UndecryptableError
from safeguarding.enums import LinkedSystem, NoteCategory, PlanStatus
from safeguarding.management.commands.rotate_safeguarding_keys import (
    encrypted_columns,
)
from safeguarding.models import (
    AccessLogEntry,
    RestrictedItemRevision,
    RestrictedLink,
    RestrictedNote,
)
from schools.models import Pupil

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

NOTE_TEXT = "Seen with a bruise on the left arm; mother says he fell off a bike."
LINK_VALUES = {
    "reference": "CP-2024-0042",
    "url": "https://social-care.example.org/records/0042",
    "social_worker_name": "Jo Example",
    "social_worker_contact": "jo.example@la.example.org, 020 7946 0001",
}
LINK_FIELDS = tuple(LINK_VALUES)
PREVIOUS = {"category": "neglect", "text": "An earlier account of the bruise."}
COMMAND = "rotate_safeguarding_keys"


def stored(model, field_name: str, pk) -> str:
    """The column exactly as it is in the database, read without the model."""
    field = model._meta.get_field(field_name)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(field.column)} FROM {quote(model._meta.db_table)} "  # noqa: S608 (names from the model)
            f"WHERE {quote(model._meta.pk.column)} = %s",
            [pk],
        )
        return cursor.fetchone()[0]


def store_raw(model, field_name: str, pk, value: str) -> None:
    field = model._meta.get_field(field_name)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(model._meta.db_table)} SET {quote(field.column)} = %s "  # noqa: S608 (names from the model)
            f"WHERE {quote(model._meta.pk.column)} = %s",
            [value, pk],
        )


def stored_values() -> int:
    """How many non-empty encrypted values the database holds, counted in SQL."""
    quote = connection.ops.quote_name
    count = 0
    with connection.cursor() as cursor:
        for model, field in encrypted_columns():
            column = quote(field.column)
            cursor.execute(
                f"SELECT COUNT(*) FROM {quote(model._meta.db_table)} "  # noqa: S608 (names from the model)
                f"WHERE {column} IS NOT NULL AND {column} <> ''"
            )
            count += cursor.fetchone()[0]
    return count


def under_key(key: str, token: str) -> bool:
    try:
        Fernet(key.encode()).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def run(*args, **options) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(COMMAND, *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def run_failing(*args, **options) -> tuple[str, str, str]:
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as failure:
        call_command(COMMAND, *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue(), str(failure.value)


@pytest.fixture
def pupil():
    return Pupil.objects.first()


@pytest.fixture
def user():
    return get_user_model().objects.order_by("pk").first()


@pytest.fixture
def note(pupil, user):
    return RestrictedNote.objects.create(
        pupil=pupil, created_by=user, category=NoteCategory.NEGLECT, text=NOTE_TEXT
    )


@pytest.fixture
def link(pupil, user):
    return RestrictedLink.objects.create(
        pupil=pupil,
        created_by=user,
        system=LinkedSystem.SOCIAL_CARE,
        system_name="Greenwich children's services",
        plan_status=PlanStatus.CHILD_PROTECTION,
        **LINK_VALUES,
    )


@pytest.fixture
def revision(note, user):
    return RestrictedItemRevision.objects.create(
        item=note, revised_by=user, previous=json.dumps(PREVIOUS)
    )


@pytest.fixture
def old_key(settings):
    return settings.SAFEGUARDING_KEYS[0]


@pytest.fixture
def new_key():
    return Fernet.generate_key().decode()


# --- At rest -----------------------------------------------------------------


def test_note_text_is_stored_as_a_fernet_token_not_as_text(note, old_key):
    raw = stored(RestrictedNote, "text", note.pk)
    assert NOTE_TEXT not in raw
    assert "bruise" not in raw
    assert raw.startswith("gAAAAA")  # Fernet's version byte and timestamp
    assert Fernet(old_key.encode()).decrypt(raw.encode()).decode() == NOTE_TEXT


def test_link_details_and_revisions_are_stored_encrypted(link, revision, old_key):
    for name, value in LINK_VALUES.items():
        raw = stored(RestrictedLink, name, link.pk)
        assert value not in raw, name
        assert Fernet(old_key.encode()).decrypt(raw.encode()).decode() == value
    raw = stored(RestrictedItemRevision, "previous", revision.pk)
    assert "bruise" not in raw
    assert json.loads(Fernet(old_key.encode()).decrypt(raw.encode())) == PREVIOUS


def test_what_is_kept_in_clear_is_in_clear(link, note):
    # Category, system and plan status are sorted on by DSL reports.
    assert stored(RestrictedNote, "category", note.pk) == NoteCategory.NEGLECT
    assert stored(RestrictedLink, "plan_status", link.pk) == PlanStatus.CHILD_PROTECTION


def test_the_models_read_the_text_back(note, link, revision):
    assert RestrictedNote.objects.get(pk=note.pk).text == NOTE_TEXT
    fresh = RestrictedLink.objects.get(pk=link.pk)
    assert {name: getattr(fresh, name) for name in LINK_FIELDS} == LINK_VALUES
    assert RestrictedItemRevision.objects.get(pk=revision.pk).previous_values == (
        PREVIOUS
    )


def test_each_save_makes_a_new_token(note):
    first = stored(RestrictedNote, "text", note.pk)
    note.save()
    assert stored(RestrictedNote, "text", note.pk) != first
    assert RestrictedNote.objects.get(pk=note.pk).text == NOTE_TEXT


def test_a_value_under_an_unknown_key_is_refused_without_showing_it(note):
    stranger = Fernet(Fernet.generate_key()).encrypt(b"a secret").decode()
    store_raw(RestrictedNote, "text", note.pk, stranger)
    with pytest.raises(UndecryptableError) as refusal:
        RestrictedNote.objects.get(pk=note.pk)
    assert stranger not in str(refusal.value)
    assert "a secret" not in str(refusal.value)


def test_empty_optional_fields_stay_empty(pupil, user, settings, new_key, old_key):
    link = RestrictedLink.objects.create(
        pupil=pupil,
        created_by=user,
        system=LinkedSystem.POLICE,
        reference="PN-77",
    )
    for name in ("url", "social_worker_name", "social_worker_contact"):
        assert stored(RestrictedLink, name, link.pk) == "", name

    settings.SAFEGUARDING_KEYS = [new_key, old_key]
    run()
    settings.SAFEGUARDING_KEYS = [new_key]
    fresh = RestrictedLink.objects.get(pk=link.pk)
    assert fresh.reference == "PN-77"
    for name in ("url", "social_worker_name", "social_worker_contact"):
        assert stored(RestrictedLink, name, link.pk) == "", name
        assert getattr(fresh, name) == "", name


# --- Rotation ----------------------------------------------------------------


def test_the_command_finds_every_encrypted_column_once():
    found = {(model, field.name) for model, field in encrypted_columns()}
    assert found >= {
        (RestrictedNote, "text"),
        (RestrictedLink, "reference"),
        (RestrictedLink, "url"),
        (RestrictedLink, "social_worker_name"),
        (RestrictedLink, "social_worker_contact"),
        (RestrictedItemRevision, "previous"),
    }
    assert all(
        isinstance(field, EncryptedTextField) for _, field in encrypted_columns()
    )
    assert not any(model is AccessLogEntry for model, _ in found)
    columns = [
        (model._meta.db_table, field.column) for model, field in encrypted_columns()
    ]
    assert len(columns) == len(set(columns))


def test_rotating_to_a_new_key_keeps_everything_readable(
    note, link, revision, pupil, user, settings, old_key, new_key
):
    more_notes = [
        RestrictedNote.objects.create(
            pupil=pupil,
            created_by=user,
            category=NoteCategory.CME,
            text=f"Not seen at the address, visit {n}.",
        )
        for n in range(4)
    ]
    total = stored_values()
    assert total >= 10

    settings.SAFEGUARDING_KEYS = [new_key, old_key]
    out, _, error = run_failing(check=True)
    assert f"{total} of {total} values" in out
    assert "not under the first key" in error

    # A small batch size makes the command page through every column.
    out, err = run(batch_size=2)
    assert f"Re-encrypted {total} values in " in out
    assert "under the first key; 0 failures." in out
    assert err == ""
    assert NOTE_TEXT not in out

    out, _ = run(check=True)
    assert f"0 of {total} values" in out

    # Running again finds nothing to do.
    out, _ = run()
    assert "Re-encrypted 0 values" in out
    assert f"{total} values were under the first key already." in out

    settings.SAFEGUARDING_KEYS = [new_key]
    assert RestrictedNote.objects.get(pk=note.pk).text == NOTE_TEXT
    fresh = RestrictedLink.objects.get(pk=link.pk)
    assert {name: getattr(fresh, name) for name in LINK_FIELDS} == LINK_VALUES
    assert RestrictedItemRevision.objects.get(pk=revision.pk).previous_values == (
        PREVIOUS
    )
    for n, extra in enumerate(more_notes):
        assert RestrictedNote.objects.get(pk=extra.pk).text == (
            f"Not seen at the address, visit {n}."
        )
    raw = stored(RestrictedNote, "text", note.pk)
    assert under_key(new_key, raw)
    assert not under_key(old_key, raw)
    assert under_key(new_key, stored(RestrictedItemRevision, "previous", revision.pk))


def test_rotation_changes_only_the_encrypted_column_of_a_revision(
    revision, settings, old_key, new_key
):
    before = RestrictedItemRevision.objects.values(
        "item_id", "revised_at", "revised_by_id"
    ).get(pk=revision.pk)
    settings.SAFEGUARDING_KEYS = [new_key, old_key]
    out, _ = run()
    assert "0 failures" in out
    settings.SAFEGUARDING_KEYS = [new_key]
    after = RestrictedItemRevision.objects.values(
        "item_id", "revised_at", "revised_by_id"
    ).get(pk=revision.pk)
    assert after == before
    assert under_key(new_key, stored(RestrictedItemRevision, "previous", revision.pk))


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)
def test_on_postgresql_the_revision_trigger_is_there_and_allows_the_rekey(
    revision, settings, old_key, new_key
):
    # The trigger refuses any other change, so the rotation test above proves
    # the command writes the one column the trigger allows.
    with pytest.raises(DatabaseError), transaction.atomic():
        RestrictedItemRevision.objects.filter(pk=revision.pk).update(
            revised_at=revision.revised_at.replace(year=2000)
        )
    settings.SAFEGUARDING_KEYS = [new_key, old_key]
    out, _ = run()
    assert "0 failures" in out
    assert under_key(new_key, stored(RestrictedItemRevision, "previous", revision.pk))


def test_a_value_no_key_can_decrypt_is_reported_by_row_and_fails_the_command(
    note, link, pupil, user, settings, old_key, new_key
):
    lost = RestrictedNote.objects.create(
        pupil=pupil, created_by=user, category=NoteCategory.OTHER, text="x"
    )
    stranger = Fernet(Fernet.generate_key()).encrypt(b"a lost secret").decode()
    store_raw(RestrictedNote, "text", lost.pk, stranger)
    total = stored_values()

    settings.SAFEGUARDING_KEYS = [new_key, old_key]
    out, err, error = run_failing()
    assert f"safeguarding.RestrictedNote, column text, pk {lost.pk}:" in err
    assert "no configured key can decrypt" in err
    assert f"Re-encrypted {total - 1} values" in out
    assert "1 failures" in out
    assert "1 values could not be decrypted" in error
    for text in (out, err, error):
        assert stranger not in text
        assert "a lost secret" not in text
        assert NOTE_TEXT not in text
    # The rest was re-encrypted; the lost value was left as it was.
    assert under_key(new_key, stored(RestrictedNote, "text", note.pk))
    assert under_key(new_key, stored(RestrictedLink, "url", link.pk))
    assert stored(RestrictedNote, "text", lost.pk) == stranger

    out, err, error = run_failing(check=True)
    assert f"1 of {total} values" in out
    assert "1 of them cannot be decrypted" in out
    assert f"column text, pk {lost.pk}:" in err
    assert stranger not in out + err + error


def test_the_command_needs_a_key(settings):
    settings.SAFEGUARDING_KEYS = []
    _, _, error = run_failing()
    assert "SAFEGUARDING_KEYS" in error


def test_the_command_refuses_a_malformed_key_without_showing_it(settings):
    settings.SAFEGUARDING_KEYS = ["not-a-fernet-key-at-all"]
    _, _, error = run_failing(check=True)
    assert "SAFEGUARDING_KEYS" in error
    assert "not-a-fernet-key-at-all" not in error


# --- The deploy check, in process (the subprocess tests are in test_deploy_check)


def test_the_deploy_check_wants_valid_keys_when_debug_is_off(settings, new_key):
    settings.DEBUG = False
    settings.SAFEGUARDING_KEYS = [new_key]
    assert not safeguarding_keys_invalid()
    settings.SAFEGUARDING_KEYS = []
    assert safeguarding_keys_invalid()
    settings.SAFEGUARDING_KEYS = [new_key, "too-short"]
    assert safeguarding_keys_invalid()
    settings.DEBUG = True
    assert not safeguarding_keys_invalid()
