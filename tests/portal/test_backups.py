"""Backups: the client arguments, the SQLite refusal, and (on PostgreSQL) a
restore drill of the test session's demo: one dump, one restore, verified."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from portal.backups import (
    BackupError,
    backup_restore,
    client_environment,
    database_alias,
    database_drop,
    database_exists,
    database_fingerprint,
    declared_triggers,
    pg_dump_arguments,
    pg_restore_arguments,
    read_manifest,
    require_postgresql,
)
from safeguarding.models import RestrictedNote

POSTGRESQL_SETTINGS = {
    "ENGINE": "django.db.backends.postgresql",
    "NAME": "attendance",
    "USER": "attendance",
    "PASSWORD": "s3cret; rm -rf /",
    "HOST": "db.internal",
    "PORT": 5432,
    "OPTIONS": {"sslmode": "require"},
}

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="pg_dump and pg_restore back up PostgreSQL only; CI runs this test "
    "on PostgreSQL.",
)


@pytest.mark.unit
def test_pg_dump_gets_a_list_from_the_settings_and_the_password_in_its_environment(
    monkeypatch,
):
    monkeypatch.setattr("portal.backups.shutil.which", lambda name: f"/usr/bin/{name}")
    args = pg_dump_arguments(
        settings_dict=POSTGRESQL_SETTINGS, path=Path("/b/x.dump"), snapshot="0-1"
    )
    assert args == [
        "/usr/bin/pg_dump",
        "--format=custom",
        "--file",
        "/b/x.dump",
        "--host",
        "db.internal",
        "--port",
        "5432",
        "--username",
        "attendance",
        "--no-password",
        "--snapshot",
        "0-1",
        "--dbname",
        "attendance",
    ]
    env = client_environment(POSTGRESQL_SETTINGS)
    assert (env["PGPASSWORD"], env["PGSSLMODE"]) == ("s3cret; rm -rf /", "require")


@pytest.mark.unit
def test_pg_restore_restores_without_owners_and_stops_at_the_first_error(
    monkeypatch,
):
    monkeypatch.setattr("portal.backups.shutil.which", lambda name: f"/usr/bin/{name}")
    args = pg_restore_arguments(
        settings_dict=POSTGRESQL_SETTINGS,
        path=Path("/b/x.dump"),
        target="attendance_drill",
        clean=False,
    )
    assert args == [
        "/usr/bin/pg_restore",
        "--no-owner",
        "--no-acl",
        "--exit-on-error",
        "--host",
        "db.internal",
        "--port",
        "5432",
        "--username",
        "attendance",
        "--no-password",
        "--dbname",
        "attendance_drill",
        "/b/x.dump",
    ]


@pytest.mark.unit
def test_sqlite_is_refused_with_the_way_to_back_it_up():
    with pytest.raises(BackupError, match=r"sqlite3 /srv/db.sqlite3 \"\.backup"):
        require_postgresql(
            {"ENGINE": "django.db.backends.sqlite3", "NAME": "/srv/db.sqlite3"}
        )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite refusal")
@pytest.mark.integration
def test_on_sqlite_the_commands_refuse(tmp_path):
    with pytest.raises(CommandError, match="PostgreSQL only"):
        call_command("backup_database", output=tmp_path / "x.dump")
    with pytest.raises(CommandError, match="PostgreSQL only"):
        call_command("restore_database", tmp_path / "x.dump", target="wt_backup_x")
    assert list(tmp_path.iterdir()) == []


@on_postgresql
@pytest.mark.integration
@pytest.mark.django_db
def test_the_restore_drill_restores_every_table_trigger_and_readable_note(tmp_path):
    """The demo was committed when the session began; the dump, taken from
    another process, sees exactly that (this test writes nothing). One dump
    and one restore, through the two commands."""
    target = f"{connection.settings_dict['NAME']}_restore_drill"
    dump = tmp_path / "drill.dump"
    database_drop(target)  # left by an interrupted run
    try:
        out = io.StringIO()
        call_command("backup_database", output=dump, stdout=out)
        assert out.getvalue().startswith("Backed up ")
        with database_alias(connection.settings_dict["NAME"]) as source:
            committed = database_fingerprint(using=source)
        # The manifest describes the committed database, table by table.
        assert read_manifest(dump) == committed
        assert oct(dump.stat().st_mode & 0o777) == "0o600"

        out = io.StringIO()
        call_command("restore_database", dump, target=target, stdout=out)

        lines = out.getvalue().splitlines()
        rows = sum(count for count, _ in committed.tables.values())
        assert lines[1] == (
            f"{len(committed.tables)} tables, {rows} rows matching the backup's "
            f"manifest; {len(committed.triggers)} triggers present."
        )
        assert "Decrypted a stored value of safeguarding.RestrictedNote.text." in lines
        assert lines[-1] == f"{target} verified."
        with database_alias(target) as restored:
            assert database_fingerprint(using=restored) == committed
            assert declared_triggers() <= committed.triggers
            assert len(committed.tables) > 100
            # Read through the model, so decrypted with the configured keys.
            note = RestrictedNote.objects.using(restored).order_by("pk").first()
            assert note.text == RestrictedNote.objects.order_by("pk").first().text
            assert note.text != ""
        with pytest.raises(CommandError, match="not empty"):
            call_command("restore_database", dump, target=target)
        with pytest.raises(BackupError, match="not empty"):
            backup_restore(path=dump, target=target)
    finally:
        database_drop(target)


@on_postgresql
@pytest.mark.integration
@pytest.mark.django_db
def test_a_failed_restore_leaves_no_database_behind(tmp_path):
    target = f"{connection.settings_dict['NAME']}_restore_failed"
    garbage = tmp_path / "not-a.dump"
    garbage.write_bytes(b"PGDMP but not really")
    try:
        with pytest.raises(BackupError, match="pg_restore failed"):
            backup_restore(path=garbage, target=target)
        assert database_exists(target) is False
    finally:
        database_drop(target)
