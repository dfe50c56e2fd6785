"""Backups of the PostgreSQL database, and the checks that prove a restore.

A backup is ``pg_dump --format=custom`` of the configured default database,
taken from an exported snapshot so that a *manifest* written beside it (each
table's row count and checksum, and the triggers in the database) describes
exactly the rows in the dump. A restore is ``pg_restore`` into a named, empty
database, followed by a verification: the same fingerprint taken of the
restored database and compared with the manifest, every django-pgtrigger
trigger the models declare present and enabled, and one value of every
encrypted safeguarding column read back through its model with the configured
keys. The management commands ``backup_database`` and ``restore_database`` are
thin wrappers. See docs/backups.md.

The client programs get their arguments as a list built from the settings
(never a shell string) and the password only in ``PGPASSWORD``. The manifest
holds table names, counts and checksums: never a row's content.
"""

import copy
import json
import os
import shutil
import subprocess  # nosec B404 # pg_dump and pg_restore, from an argument list
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pgtrigger
from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.utils import load_backend

from safeguarding.encryption import EncryptedTextField, UndecryptableError

MANIFEST_SUFFIX = ".manifest.json"
MANIFEST_FORMAT = 1

SQLITE_REFUSAL = (
    "This site's database is SQLite ({name}); backup_database and "
    "restore_database work with PostgreSQL only. Back up SQLite by copying the "
    "file while the site is stopped, or while it runs with "
    "`sqlite3 {name} \".backup 'copy.sqlite3'\"` (see docs/backups.md)."
)


class BackupError(Exception):
    """A backup or restore could not be made or did not verify."""


@dataclass(frozen=True)
class Fingerprint:
    """What a database holds, without its content: per table the row count and
    an md5 of its rows in a stable order, and the (table, trigger) pairs."""

    tables: dict[str, tuple[int, str]]
    triggers: frozenset[tuple[str, str]]

    def as_json(self) -> dict:
        return {
            "format": MANIFEST_FORMAT,
            "tables": {
                name: {"rows": rows, "md5": md5}
                for name, (rows, md5) in sorted(self.tables.items())
            },
            "triggers": sorted([table, name] for table, name in self.triggers),
        }

    @classmethod
    def from_json(cls, data: dict) -> "Fingerprint":
        if data.get("format") != MANIFEST_FORMAT:
            raise BackupError(f"Unknown manifest format {data.get('format')!r}.")
        return cls(
            tables={
                name: (entry["rows"], entry["md5"])
                for name, entry in data["tables"].items()
            },
            triggers=frozenset((table, name) for table, name in data["triggers"]),
        )


@dataclass
class Backup:
    path: Path
    manifest_path: Path
    size: int
    seconds: float
    fingerprint: Fingerprint


@dataclass
class Verification:
    """The outcome of checking a restored database; ``problems`` empty is good."""

    database: str
    tables: int = 0
    rows: int = 0
    compared_with_manifest: bool = False
    triggers: int = 0
    decrypted_columns: list[str] = field(default_factory=list)
    empty_encrypted_columns: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Restore:
    target: str
    seconds: float
    verification: Verification


# --- Settings to client arguments --------------------------------------------


def default_settings() -> dict:
    return connections[DEFAULT_DB_ALIAS].settings_dict


def require_postgresql(settings_dict: dict) -> None:
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        raise BackupError(SQLITE_REFUSAL.format(name=settings_dict["NAME"]))
    if settings_dict["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError(f"Unsupported database engine {settings_dict['ENGINE']}.")


def client_environment(settings_dict: dict) -> dict[str, str]:
    """The process environment for pg_dump and pg_restore: the password (and
    the TLS mode, if set) travel here, never on the command line."""
    env = dict(os.environ)
    env.pop("PGPASSWORD", None)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    options = settings_dict.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = str(options["sslmode"])
    return env


def connection_arguments(settings_dict: dict) -> list[str]:
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    # Never wait for a password prompt: a timer has no one to answer it.
    return [*args, "--no-password"]


def client_program(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} was not found on the PATH. Install the PostgreSQL client "
            "programs of the server's major version (Debian: postgresql-client)."
        )
    return found


def pg_dump_arguments(
    *, settings_dict: dict, path: Path, snapshot: str | None = None
) -> list[str]:
    args = [
        client_program("pg_dump"),
        "--format=custom",
        "--file",
        str(path),
        *connection_arguments(settings_dict),
    ]
    if snapshot:
        args += ["--snapshot", snapshot]
    return [*args, "--dbname", str(settings_dict["NAME"])]


def pg_restore_arguments(
    *, settings_dict: dict, path: Path, target: str, clean: bool
) -> list[str]:
    args = [
        client_program("pg_restore"),
        # The restoring role owns everything, whoever owned it before; grants
        # name roles that may not exist on this server.
        "--no-owner",
        "--no-acl",
        "--exit-on-error",
        *connection_arguments(settings_dict),
        "--dbname",
        target,
    ]
    if clean:
        args += ["--clean", "--if-exists"]
    return [*args, str(path)]


def run_client(args: list[str], *, settings_dict: dict) -> None:
    result = subprocess.run(  # noqa: S603  # nosec B603 # a list from the settings, no shell
        args,
        env=client_environment(settings_dict),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        program = Path(args[0]).name
        raise BackupError(
            f"{program} failed (exit {result.returncode}): {result.stderr.strip()}"
        )


# --- Other databases on the same server ----------------------------------------


@contextmanager
def database_alias(name: str) -> Iterator[str]:
    """A connection alias, for the block only, to the database ``name`` on the
    default database's server with its user: models can be read through it
    with ``.using(alias)``. Its connection is separate from the default one, so
    it sees only committed rows."""
    alias = f"backups_{uuid.uuid4().hex[:12]}"
    settings_dict = copy.deepcopy(default_settings())
    settings_dict["NAME"] = name
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(
        settings_dict, alias
    )
    # Connected before the alias is registered: Django's test cases refuse
    # to open a registered alias they were not given, but allow a connection
    # made on the fly, which this is.
    wrapper.ensure_connection()
    connections.settings[alias] = settings_dict
    connections[alias] = wrapper
    try:
        yield alias
    finally:
        wrapper.close()
        del connections[alias]
        del connections.settings[alias]


def quote_name(name: str) -> str:
    return connections[DEFAULT_DB_ALIAS].ops.quote_name(name)


def database_exists(name: str) -> bool:
    with connections[DEFAULT_DB_ALIAS]._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def database_create(name: str) -> None:
    with connections[DEFAULT_DB_ALIAS]._nodb_cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {quote_name(name)}")


def database_drop(name: str) -> None:
    """Drop a database this module made (the drill's), ending its sessions."""
    with connections[DEFAULT_DB_ALIAS]._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quote_name(name)} WITH (FORCE)")


def table_names(alias: str) -> list[str]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


# --- Fingerprints ---------------------------------------------------------------


def database_fingerprint(*, using: str) -> Fingerprint:
    """Each table's row count and md5 of its rows (as text, in text order), and
    the user triggers on its tables, in the current schema of ``using``."""
    connection = connections[using]
    tables = {}
    with connection.cursor() as cursor:
        for table in table_names(using):
            name = connection.ops.quote_name(table)
            cursor.execute(
                "SELECT count(*), "  # noqa: S608  # nosec B608 # a name from the catalogue
                "md5(coalesce(string_agg(t::text, ',' "
                # A byte order, so a server with another default collation
                # puts the rows in the same order.
                "ORDER BY t::text COLLATE \"C\"), '')) "
                f"FROM {name} AS t"
            )
            rows, md5 = cursor.fetchone()
            tables[table] = (rows, md5)
        cursor.execute(
            "SELECT c.relname, t.tgname FROM pg_trigger t "
            "JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal "
            "AND c.relnamespace = current_schema()::regnamespace"
        )
        triggers = frozenset(cursor.fetchall())
    return Fingerprint(tables=tables, triggers=triggers)


def declared_triggers() -> set[tuple[str, str]]:
    """(table, trigger) for every django-pgtrigger trigger the models declare."""
    return {
        (model._meta.db_table, trigger.get_pgid(model))
        for model, trigger in pgtrigger.registered()
    }


def manifest_path_for(path: Path) -> Path:
    return path.with_name(path.name + MANIFEST_SUFFIX)


def read_manifest(path: Path) -> Fingerprint | None:
    manifest = manifest_path_for(path)
    if not manifest.exists():
        return None
    return Fingerprint.from_json(json.loads(manifest.read_text()))


def _private_file(path: Path) -> None:
    """Create the file readable by its owner only, before anything is written."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(descriptor)


# --- Backup ---------------------------------------------------------------------


def backup_file_name(*, database: str, at: time.struct_time) -> str:
    return f"{database}-{time.strftime('%Y%m%dT%H%M%SZ', at)}.dump"


def backup_create(*, path: Path) -> Backup:
    """Dump the default database to ``path`` (custom format) and write its
    manifest beside it, both readable by their owner only.

    The dump and the manifest come from one snapshot: a separate connection
    opens a repeatable-read transaction, exports its snapshot for pg_dump,
    and fingerprints the database in that same transaction. Refuses SQLite
    and an existing file. Side effects: two new files; nothing in the
    database changes.
    """
    settings_dict = default_settings()
    require_postgresql(settings_dict)
    path = Path(path)
    manifest = manifest_path_for(path)
    for existing in (path, manifest):
        if existing.exists():
            raise BackupError(f"{existing} already exists; choose another name.")
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    _private_file(path)
    try:
        with database_alias(settings_dict["NAME"]) as alias:
            with transaction.atomic(using=alias), connections[alias].cursor() as c:
                c.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                c.execute("SELECT pg_export_snapshot()")
                (snapshot,) = c.fetchone()
                run_client(
                    pg_dump_arguments(
                        settings_dict=settings_dict, path=path, snapshot=snapshot
                    ),
                    settings_dict=settings_dict,
                )
                fingerprint = database_fingerprint(using=alias)
        _private_file(manifest)
        manifest.write_text(json.dumps(fingerprint.as_json(), indent=1) + "\n")
    except BaseException:
        path.unlink(missing_ok=True)
        manifest.unlink(missing_ok=True)
        raise
    return Backup(
        path=path,
        manifest_path=manifest,
        size=path.stat().st_size,
        seconds=time.monotonic() - started,
        fingerprint=fingerprint,
    )


# --- Restore and verification ---------------------------------------------------


def backup_restore(*, path: Path, target: str, force: bool = False) -> Restore:
    """Restore the dump at ``path`` into the database ``target`` on the default
    database's server, then verify it (``restore_verify``) against the
    manifest beside the dump, if there is one.

    Creates ``target`` if it does not exist (and drops it again if pg_restore
    fails). Refuses a database that already has tables unless ``force``; with
    ``force`` the dump's objects are dropped and made again (``pg_restore
    --clean``). Side effects: the target database
    is created or rewritten; the default database is not touched.
    """
    settings_dict = default_settings()
    require_postgresql(settings_dict)
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    expected = read_manifest(path)
    clean, created = False, False
    if database_exists(target):
        with database_alias(target) as alias:
            existing = table_names(alias)
        if existing and not force:
            raise BackupError(
                f"The database {target} is not empty ({len(existing)} tables). "
                "Restore into a new database, or use --force to overwrite it."
            )
        clean = bool(existing)
    else:
        database_create(target)
        created = True
    started = time.monotonic()
    try:
        run_client(
            pg_restore_arguments(
                settings_dict=settings_dict, path=path, target=target, clean=clean
            ),
            settings_dict=settings_dict,
        )
    except BackupError:
        if created:  # leave no half-restored database that looks usable
            database_drop(target)
        raise
    seconds = time.monotonic() - started
    return Restore(
        target=target,
        seconds=seconds,
        verification=restore_verify(database=target, expected=expected),
    )


def restore_verify(*, database: str, expected: Fingerprint | None) -> Verification:
    """Check a restored database: its tables against the manifest (counts and
    checksums, every table both ways), the declared append-only triggers
    present and enabled, and each encrypted safeguarding column readable with
    the configured keys. Writes nothing; never reports a row's content."""
    report = Verification(database=database)
    with database_alias(database) as alias:
        found = database_fingerprint(using=alias)
        report.tables = len(found.tables)
        report.rows = sum(rows for rows, _ in found.tables.values())
        if expected is not None:
            report.compared_with_manifest = True
            report.problems += _compare_tables(expected, found)
            for table, name in sorted(expected.triggers - found.triggers):
                report.problems.append(f"trigger {name} on {table} is missing")
        reported = expected.triggers - found.triggers if expected else set()
        report.problems += _check_declared_triggers(alias, found, reported)
        report.triggers = len(found.triggers)
        _check_encrypted_columns(alias, report)
    return report


def _compare_tables(expected: Fingerprint, found: Fingerprint) -> list[str]:
    problems = []
    for table in sorted(expected.tables.keys() | found.tables.keys()):
        if table not in found.tables:
            problems.append(f"table {table} is missing")
        elif table not in expected.tables:
            problems.append(f"table {table} is not in the backup's manifest")
        elif expected.tables[table] != found.tables[table]:
            rows, got_rows = expected.tables[table][0], found.tables[table][0]
            what = "checksum" if rows == got_rows else f"{got_rows} rows, not {rows}"
            problems.append(f"table {table} differs: {what}")
    return problems


def _check_declared_triggers(
    alias: str, found: Fingerprint, reported: set[tuple[str, str]]
) -> list[str]:
    missing = declared_triggers() - found.triggers - reported
    problems = [
        f"append-only trigger {name} on {table} is missing (if the backup is "
        "older than this code, run migrate on the restored database, then "
        "--verify-only)"
        for table, name in sorted(missing)
    ]
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgname FROM pg_trigger t "
            "JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal AND t.tgenabled = 'D' "
            "AND c.relnamespace = current_schema()::regnamespace"
        )
        problems += [
            f"trigger {name} on {table} is disabled"
            for table, name in sorted(cursor.fetchall())
        ]
    return problems


def encrypted_columns() -> list[tuple[type, str]]:
    """(model, field name) for each encrypted column, each table column once."""
    seen, columns = set(), []
    for model in apps.get_models():
        for model_field in model._meta.local_concrete_fields:
            key = (model._meta.db_table, model_field.column)
            if isinstance(model_field, EncryptedTextField) and key not in seen:
                seen.add(key)
                columns.append((model, model_field.name))
    return columns


def _check_encrypted_columns(alias: str, report: Verification) -> None:
    """Read one stored value of each encrypted column through its model (which
    decrypts it); the text read is thrown away."""
    for model, name in encrypted_columns():
        label = f"{model._meta.label}.{name}"
        values = (
            model._base_manager.using(alias)
            .exclude(**{f"{name}__isnull": True})
            .exclude(**{name: ""})
            .order_by("pk")
        )
        try:
            value = values.values_list(name, flat=True).first()
        except UndecryptableError:
            report.problems.append(
                f"{label} cannot be decrypted with the configured SAFEGUARDING_KEYS"
            )
            continue
        if value is None:
            report.empty_encrypted_columns.append(label)
        else:
            report.decrypted_columns.append(label)
