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
import os
import shutil
import sqlite3
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


# --- The demo shared by pytest-xdist's workers --------------------------------


class SharedDemo:
    """The folder of one pytest-xdist run's shared demo, and its lock."""

    def __init__(self, folder: str):
        self.folder = Path(folder)
        self._lock = None

    @property
    def _sqlite_file(self) -> Path:
        return self.folder / "demo.sqlite3"

    @property
    def _template_file(self) -> Path:
        return self.folder / "template"

    @property
    def _private(self) -> Path:
        return self.folder / "private"

    @property
    def built(self) -> bool:
        return (self.folder / "built").exists()

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
        """Keep a copy of this worker's freshly built test database."""
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(self._sqlite_file)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        elif connection.vendor == "postgresql":
            source = connection.settings_dict["NAME"]
            template = f"{source}_demo"[:63]
            # A database with open connections cannot be a template's source.
            connection.close()
            with connection._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {_quoted(template)}")
                cursor.execute(
                    f"CREATE DATABASE {_quoted(template)} TEMPLATE {_quoted(source)}"
                )
            self._template_file.write_text(template)
        else:  # pragma: no cover - the project runs on these two
            raise NotImplementedError(connection.vendor)
        shutil.copytree(settings.PRIVATE_MEDIA_ROOT, self._private, dirs_exist_ok=True)
        (self.folder / "built").touch()

    @contextmanager
    def creating_from_copy(self):
        """Around Django's ``setup_databases``: the test database is made from
        the copy, not migrated."""
        test = connection.settings_dict.setdefault("TEST", {})
        saved = dict(test)
        test["MIGRATE"] = False
        if connection.vendor == "postgresql":
            test["TEMPLATE"] = self._template_file.read_text()
        try:
            yield
        finally:
            test.clear()
            test.update(saved)

    def copy_in(self) -> None:
        """After ``setup_databases``: fill the new test database from the copy."""
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            source = sqlite3.connect(self._sqlite_file)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        if self._private.exists():
            shutil.copytree(
                self._private, settings.PRIVATE_MEDIA_ROOT, dirs_exist_ok=True
            )
        for cache in caches.all(initialized_only=True):
            cache.clear()
        ContentType.objects.clear_cache()


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
