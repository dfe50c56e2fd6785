"""Copies of the test database: the demo shared by pytest-xdist's workers, and
the snapshot put back before each browser test.

SharedDemo
----------

Under pytest-xdist every worker has a test database of its own. Migrating it
and loading the small demo costs about a minute of CPU, the same work in every
worker. Instead the first worker to need the database builds it while holding
a lock, and leaves a copy in a folder that the process which started the
workers made for this run (``tests/environment.py``); the other workers wait
for the lock and start from that copy:

- SQLite: the in-memory database is written to a file with SQLite's backup API,
  and read back into each other worker's in-memory database the same way.
- PostgreSQL: the first worker's test database is cloned into a template
  database (``CREATE DATABASE ... TEMPLATE``), and each other worker's test
  database is created from that template (Django's ``TEST["TEMPLATE"]``).

The other workers' databases are still made by Django's ``setup_databases``,
with ``TEST["MIGRATE"]`` off (the tables come from the copy), so everything
else about them is as before. The private media the demo wrote (pupil-voice
drawings, letters' PDFs) are copied too.

DatabaseSnapshot
----------------


The browser tests share the session's live server and the session's demo. What
a browser test writes is committed (the live server answers in other threads,
and on PostgreSQL through other connections), so it cannot be rolled back;
instead the database is put back to the copy taken right after the demo was
loaded. That also undoes the flush that ends a transactional test.

SQLite: the in-memory test database is copied with SQLite's backup API, both
ways (a few milliseconds).

PostgreSQL: every table is copied into a schema of its own (``e2e_snapshot``)
in the test database. To put it back, one query finds the tables whose rows
changed since the copy (a different row count, or a row written by a later
transaction, seen by its ``xmin``), and only those are emptied and filled from
the copy, in one transaction with the foreign keys checked at its end. Their
own triggers (the append-only ones refuse deletes) are disabled meanwhile.
"""

import fcntl
import hashlib
import os
import shutil
import sqlite3
import sys
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import connection, transaction

SCHEMA = "e2e_snapshot"


class DatabaseSnapshot:
    """The whole test database as it was when ``take`` ran."""

    def __init__(self):
        self._sqlite: sqlite3.Connection | None = None
        # PostgreSQL: table -> its columns, its rows, and whether it has triggers.
        self._columns: dict[str, str] = {}
        self._rows: dict[str, int] = {}
        self._triggered: set[str] = set()
        self._xid = 0  # the last transaction whose writes are in the copy

    def take(self) -> None:
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            self._sqlite = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(self._sqlite)
        elif connection.vendor == "postgresql":
            self._take_postgresql()
        else:  # pragma: no cover - the project runs on these two
            raise NotImplementedError(connection.vendor)

    def restore(self) -> list[str]:
        """Put the database back; returns the tables that were put back."""
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            self._sqlite.backup(connection.connection)
            restored = ["(all)"]
        else:
            restored = self._restore_postgresql()
        # What the process keeps of the data: cached pages and site roots, and
        # content types (a flush recreates them under new keys).
        for cache in caches.all(initialized_only=True):
            cache.clear()
        ContentType.objects.clear_cache()
        return restored

    # --- PostgreSQL ---------------------------------------------------------

    def _take_postgresql(self) -> None:
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
            cursor.execute(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND is_generated = 'NEVER' "
                "ORDER BY table_name, ordinal_position"
            )
            columns: dict[str, list[str]] = {}
            for table, column in cursor.fetchall():
                columns.setdefault(table, []).append(quote(column))
            self._columns = {table: ", ".join(columns[table]) for table in tables}
            cursor.execute(
                "SELECT DISTINCT c.relname FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal "
                "AND c.relnamespace = current_schema()::regnamespace"
            )
            self._triggered = {table for (table,) in cursor.fetchall()}
            cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
            cursor.execute(f"CREATE SCHEMA {SCHEMA}")
            for table, cols in self._columns.items():
                cursor.execute(
                    f"CREATE TABLE {SCHEMA}.{quote(table)} AS "  # noqa: S608 (names from the catalogue)
                    f"SELECT {cols} FROM {quote(table)}"
                )
        self._rows = dict(self._counts(young_since=None))
        self._xid = self._current_xid()

    def _current_xid(self) -> int:
        """A new transaction's id: every later write has a younger one."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT txid_current() % 4294967296")
            return cursor.fetchone()[0]

    def _counts(self, young_since: int | None) -> list[tuple[str, int]]:
        """Each table's row count, or with ``young_since`` its rows counted
        twice over when any of them was written after that transaction."""
        quote = connection.ops.quote_name
        parts = []
        for table in self._columns:
            young = (
                f" + CASE WHEN bool_or(age(xmin) < age('{young_since}'::xid)) "
                "THEN 1000000000 ELSE 0 END"
                if young_since is not None
                else ""
            )
            parts.append(
                f"SELECT '{table}', count(*){young} FROM {quote(table)}"  # noqa: S608 (names from the catalogue)
            )
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts))
            return cursor.fetchall()

    def _restore_postgresql(self) -> list[str]:
        quote = connection.ops.quote_name
        changed = [
            table
            for table, count in self._counts(young_since=self._xid)
            if count != self._rows[table]
        ]
        if changed:
            triggered = [quote(table) for table in changed if table in self._triggered]
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                for name in triggered:
                    cursor.execute(f"ALTER TABLE {name} DISABLE TRIGGER USER")
                for table in changed:
                    name, cols = quote(table), self._columns[table]
                    cursor.execute(f"DELETE FROM {name}")  # noqa: S608
                    cursor.execute(
                        f"INSERT INTO {name} ({cols}) "  # noqa: S608 (names from the catalogue)
                        f"SELECT {cols} FROM {SCHEMA}.{name}"
                    )
                    if '"id"' in cols.split(", "):
                        # A table dropped and made again (the migration test
                        # does that) starts its ids at 1: move its sequence
                        # past the rows put back, never backwards.
                        cursor.execute(
                            "SELECT pg_get_serial_sequence(%s, 'id')", [table]
                        )
                        (sequence,) = cursor.fetchone()
                        if sequence:
                            cursor.execute(
                                f"SELECT setval(%s, GREATEST("  # noqa: S608
                                f"(SELECT COALESCE(MAX(id), 0) FROM {name}), "
                                f"(SELECT last_value FROM {sequence})))",
                                [sequence],
                            )
                # The foreign keys are checked here, before the triggers are
                # enabled again (a table with checks pending cannot be altered).
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                for name in triggered:
                    cursor.execute(f"ALTER TABLE {name} ENABLE TRIGGER USER")
            # The rows put back were written now: later writes are younger.
            self._xid = self._current_xid()
        return changed


# --- Copies to make test databases from ---------------------------------------


class DatabaseCopy:
    """A copy of this process's test database that other test databases are
    made from: on SQLite a file written with the backup API, on PostgreSQL a
    template database."""

    def __init__(self, sqlite_file: Path):
        self.sqlite_file = sqlite_file

    def template_name(self) -> str:
        raise NotImplementedError

    def keep(self) -> None:
        """Copy this process's test database as it is now."""
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            partial = self.sqlite_file.with_suffix(f".{os.getpid()}.partial")
            target = sqlite3.connect(partial)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
            partial.replace(self.sqlite_file)  # whole or not at all
        elif connection.vendor == "postgresql":
            source = connection.settings_dict["NAME"]
            template = self.template_name()
            # A database with open connections cannot be a template's source.
            connection.close()
            with connection._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {_quoted(template)}")
                cursor.execute(
                    f"CREATE DATABASE {_quoted(template)} TEMPLATE {_quoted(source)}"
                )
        else:  # pragma: no cover - the project runs on these two
            raise NotImplementedError(connection.vendor)

    @contextmanager
    def creating_from_copy(self):
        """Around Django's ``setup_databases``: the test database is made from
        the copy, not migrated."""
        test = connection.settings_dict.setdefault("TEST", {})
        saved = dict(test)
        test["MIGRATE"] = False
        if connection.vendor == "postgresql":
            test["TEMPLATE"] = self.template_name()
        try:
            yield
        finally:
            test.clear()
            test.update(saved)

    def copy_in(self) -> None:
        """After ``setup_databases``: fill the new test database from the copy."""
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            source = sqlite3.connect(self.sqlite_file)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        for cache in caches.all(initialized_only=True):
            cache.clear()
        ContentType.objects.clear_cache()


# --- The demo shared by pytest-xdist's workers --------------------------------


class SharedDemo(DatabaseCopy):
    """The folder of one pytest-xdist run's shared demo, and its lock."""

    def __init__(self, folder: str):
        self.folder = Path(folder)
        super().__init__(self.folder / "demo.sqlite3")

    @property
    def _template_file(self) -> Path:
        return self.folder / "template"

    @property
    def _private(self) -> Path:
        return self.folder / "private"

    @property
    def built(self) -> bool:
        return (self.folder / "built").exists()

    def template_name(self) -> str:
        """The builder names it after its own test database and writes the
        name down for the others."""
        if self._template_file.exists():
            return self._template_file.read_text()
        return f"{connection.settings_dict['NAME']}_demo"[:63]

    @contextmanager
    def claimed(self):
        """Hold the run's lock: one worker at a time builds or copies."""
        with open(self.folder / "lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def keep(self) -> None:
        """Keep a copy of this worker's freshly built test database, and the
        private media the demo wrote."""
        super().keep()
        if connection.vendor == "postgresql":
            self._template_file.write_text(self.template_name())
        shutil.copytree(settings.PRIVATE_MEDIA_ROOT, self._private, dirs_exist_ok=True)
        (self.folder / "built").touch()

    def copy_in(self) -> None:
        super().copy_in()
        if self._private.exists():
            shutil.copytree(
                self._private, settings.PRIVATE_MEDIA_ROOT, dirs_exist_ok=True
            )


# --- The migrated schema, kept between runs -----------------------------------

# "off" turns the cache off; CI (CI=true) never uses it, and builds from the
# migrations every time.
SCHEMA_CACHE_VARIABLE = "ATTENDANCE_TEST_SCHEMA_CACHE"
# Bump when what is kept, or how, changes.
SCHEMA_CACHE_FORMAT = "1"


class MigratedSchema(DatabaseCopy):
    """The test database right after its migrations, before the demo is
    loaded, kept between runs (``.venv/test-schema-cache/`` for SQLite, a
    template database for PostgreSQL) under a key made from everything that
    decides it: every installed app's migration files, the installed
    packages' versions, the settings module, the database server and Python.
    Migrating takes about a minute of CPU; making a database from the copy
    takes a second or two. A change to any migration makes a new key, so the
    next run migrates afresh and keeps that instead."""

    def __init__(self, key: str):
        folder = Path(settings.BASE_DIR) / ".venv" / "test-schema-cache"
        folder.mkdir(parents=True, exist_ok=True)
        super().__init__(folder / f"{key}.sqlite3")
        self.key = key
        # Named before the test database exists (Django then renames the
        # connection's database to the test database's name).
        self._template = f"test_{connection.settings_dict['NAME']}_migrated_"[:46]
        self._template += key[:16]

    @classmethod
    def for_this_run(cls) -> "MigratedSchema | None":
        if os.environ.get("CI", "").lower() == "true":
            return None
        if os.environ.get(SCHEMA_CACHE_VARIABLE, "").lower() == "off":
            return None
        if connection.vendor not in ("sqlite", "postgresql"):  # pragma: no cover
            return None
        return cls(schema_key())

    def template_name(self) -> str:
        return self._template

    @property
    def kept(self) -> bool:
        if connection.vendor == "sqlite":
            return self.sqlite_file.exists()
        with connection._nodb_cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [self._template]
            )
            return cursor.fetchone() is not None

    def keep(self) -> None:
        super().keep()
        # Only the newest schema is kept.
        if connection.vendor == "sqlite":
            for old in self.sqlite_file.parent.glob("*.sqlite3"):
                if old != self.sqlite_file:
                    old.unlink(missing_ok=True)
            return
        prefix = self._template[: -len(self.key[:16])]
        with connection._nodb_cursor() as cursor:
            cursor.execute(
                "SELECT datname FROM pg_database WHERE starts_with(datname, %s) "
                "AND datname <> %s",
                [prefix, self._template],
            )
            for (old,) in cursor.fetchall():
                cursor.execute(f"DROP DATABASE IF EXISTS {_quoted(old)}")


def schema_key() -> str:
    """A digest of everything that decides the migrated test database."""
    from importlib import metadata
    from importlib.util import find_spec

    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    digest = hashlib.sha256()

    def add(*parts) -> None:
        for part in parts:
            digest.update(part if isinstance(part, bytes) else str(part).encode())
            digest.update(b"\0")

    add(SCHEMA_CACHE_FORMAT, sys.version, connection.vendor)
    if connection.vendor == "postgresql":
        with connection._nodb_cursor() as cursor:
            cursor.execute("SHOW server_version_num")
            add(cursor.fetchone()[0])
    for dist in sorted(
        (d.metadata["Name"] or "", d.version) for d in metadata.distributions()
    ):
        add(*dist)
    add(Path(settings.BASE_DIR, "config", "settings.py").read_bytes())
    for app_config in apps.get_app_configs():
        module, _explicit = MigrationLoader.migrations_module(app_config.label)
        spec = find_spec(module) if module else None
        add(app_config.label, module)
        for location in (spec and spec.submodule_search_locations) or ():
            for path in sorted(Path(location).glob("*.py")):
                add(path.name, path.read_bytes())
    return digest.hexdigest()


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def remove_shared_demo(folder: str) -> None:
    """At the end of the run: the folder, and on PostgreSQL the template."""
    template = Path(folder) / "template"
    if template.exists() and connection.vendor == "postgresql":
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {_quoted(template.read_text())}")
    shutil.rmtree(folder, ignore_errors=True)


def shared_demo_for_this_worker() -> SharedDemo | None:
    """The run's shared demo, in a pytest-xdist worker of a run that has one."""
    folder = os.environ.get("ATTENDANCE_TEST_SHARED_DEMO")
    if not os.environ.get("PYTEST_XDIST_WORKER") or not folder:
        return None
    if not Path(folder).is_dir():
        return None
    return SharedDemo(folder)
