"""The migrated schema kept between runs (tests/demo_snapshot.py) is used only
while nothing that decides it has changed: its key follows every migration
file."""

import sys

import pytest

from tests.demo_snapshot import MigratedSchema, schema_key

pytestmark = pytest.mark.unit


@pytest.fixture
def schools_migrations_in(tmp_path, settings, monkeypatch):
    """The schools app's migrations read from a package of the test's own."""
    package = tmp_path / "kept_schema_migrations"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "0001_initial.py").write_text("# the first migration\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    settings.MIGRATION_MODULES = {"schools": "kept_schema_migrations"}
    yield package
    sys.modules.pop("kept_schema_migrations", None)


def test_the_key_is_the_same_while_nothing_changes(
    schools_migrations_in, django_db_blocker
):
    with django_db_blocker.unblock():
        assert schema_key() == schema_key()


def test_a_new_or_edited_migration_makes_a_new_key(
    schools_migrations_in, django_db_blocker
):
    with django_db_blocker.unblock():
        before = schema_key()
        (schools_migrations_in / "0002_more.py").write_text("# a new migration\n")
        added = schema_key()
        (schools_migrations_in / "0001_initial.py").write_text("# edited\n")
        edited = schema_key()
    assert len({before, added, edited}) == 3


def test_ci_never_uses_the_kept_schema(monkeypatch, django_db_blocker):
    monkeypatch.setenv("CI", "true")
    with django_db_blocker.unblock():
        assert MigratedSchema.for_this_run() is None


def test_the_kept_schema_can_be_turned_off(monkeypatch, django_db_blocker):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("ATTENDANCE_TEST_SCHEMA_CACHE", "off")
    with django_db_blocker.unblock():
        assert MigratedSchema.for_this_run() is None
