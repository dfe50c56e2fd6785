"""Restore a backup into a named database and verify it.

    python manage.py restore_database FILE --target NAME [--force]
    python manage.py restore_database --verify-only --target NAME [--manifest FILE]

The target is a database on the same server as the configured one, made if it
does not exist; one that has tables is refused unless ``--force``. After the
restore the database is checked against the manifest beside the dump (row
counts and checksums per table), for the append-only triggers, and for
safeguarding text readable with SAFEGUARDING_KEYS. The work is in
``portal.backups``; see docs/backups.md.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backups import (
    BackupError,
    Verification,
    backup_restore,
    database_exists,
    default_settings,
    read_manifest,
    require_postgresql,
    restore_verify,
)


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_database into a named, empty "
        "database, then verify it."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", nargs="?", type=Path, help="The .dump file.")
        parser.add_argument(
            "--target", required=True, help="The database to restore into."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore even if the target already has tables (they are "
            "dropped and made again from the backup).",
        )
        parser.add_argument(
            "--verify-only",
            action="store_true",
            help="Restore nothing: verify the target database as it is, "
            "against the manifest of the backup given, if any.",
        )

    def handle(self, *args, backup, target, force, verify_only, **options):
        try:
            require_postgresql(default_settings())
            if target == default_settings()["NAME"] and not force:
                raise BackupError(
                    f"{target} is the site's own database. Restore into another "
                    "database, check it, then point DATABASE_URL at it."
                )
            if verify_only:
                if not database_exists(target):
                    raise BackupError(f"There is no database {target}.")
                expected = read_manifest(backup) if backup else None
                report = restore_verify(database=target, expected=expected)
            else:
                if backup is None:
                    raise BackupError("Give the backup file to restore.")
                restore = backup_restore(path=backup, target=target, force=force)
                self.stdout.write(
                    f"Restored {backup} into {target} in {restore.seconds:.1f} s."
                )
                report = restore.verification
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.write_report(report)
        if not report.ok:
            raise CommandError(
                f"The restored database {target} did not verify: "
                f"{len(report.problems)} problem(s)."
            )

    def write_report(self, report: Verification) -> None:
        against = (
            "matching the backup's manifest"
            if report.compared_with_manifest
            else "(no manifest beside the backup: counts not compared)"
        )
        self.stdout.write(
            f"{report.tables} tables, {report.rows} rows {against}; "
            f"{report.triggers} triggers present."
            if report.ok
            else f"{report.tables} tables, {report.rows} rows, "
            f"{report.triggers} triggers."
        )
        for label in report.decrypted_columns:
            self.stdout.write(f"Decrypted a stored value of {label}.")
        for label in report.empty_encrypted_columns:
            self.stdout.write(f"No stored value of {label} to decrypt.")
        for problem in report.problems:
            self.stderr.write(f"Problem: {problem}")
        if report.ok:
            self.stdout.write(f"{report.database} verified.")
