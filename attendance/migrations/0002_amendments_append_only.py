"""Register amendments are statutory records: the database refuses to change or
delete them, whatever code (or person with a SQL prompt) asks.

On PostgreSQL, the production database, both updates and deletes are refused
(``TRUNCATE``, which an administrator or the test runner's flush uses, is not a
row delete). On SQLite, the embedded demo database, only updates are refused:
SQLite has no TRUNCATE, and ``manage.py flush`` must still work there. The
model refuses both on every database."""

from django.db import migrations

MESSAGE = "register amendments are permanent and cannot be changed or deleted"

POSTGRESQL = f"""
CREATE OR REPLACE FUNCTION attendance_amendment_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER attendance_amendment_append_only
    BEFORE UPDATE OR DELETE ON attendance_registeramendment
    FOR EACH ROW EXECUTE FUNCTION attendance_amendment_refuse_change();
"""
POSTGRESQL_REVERSE = """
DROP TRIGGER IF EXISTS attendance_amendment_append_only ON attendance_registeramendment;
DROP FUNCTION IF EXISTS attendance_amendment_refuse_change();
"""
SQLITE = [
    f"""CREATE TRIGGER attendance_amendment_no_update
    BEFORE UPDATE ON attendance_registeramendment
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS attendance_amendment_no_update;"]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, [POSTGRESQL])
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, [POSTGRESQL_REVERSE])
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("attendance", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
