"""Back up the PostgreSQL database: ``pg_dump --format=custom`` and a manifest.

    python manage.py backup_database                 # a timestamped file in BACKUP_DIR
    python manage.py backup_database --output FILE   # that file

The work is in ``portal.backups``; see docs/backups.md.
"""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.backups import (
    BackupError,
    backup_create,
    backup_file_name,
    default_settings,
    require_postgresql,
)


class Command(BaseCommand):
    help = (
        "Dump the PostgreSQL database (pg_dump custom format) with a manifest "
        "of each table's row count and checksum beside it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="The file to write. Default: a timestamped file in BACKUP_DIR.",
        )

    def handle(self, *args, output: Path | None, **options):
        try:
            require_postgresql(default_settings())
            path = output or self.default_path()
            backup = backup_create(path=path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        tables = backup.fingerprint.tables
        self.stdout.write(
            f"Backed up {len(tables)} tables, "
            f"{sum(rows for rows, _ in tables.values())} rows, to {backup.path} "
            f"({backup.size / 1_000_000:.1f} MB in {backup.seconds:.1f} s); "
            f"manifest {backup.manifest_path}."
        )

    @staticmethod
    def default_path() -> Path:
        directory = getattr(settings, "BACKUP_DIR", None)
        if not directory:
            raise CommandError("Give --output FILE, or set BACKUP_DIR.")
        name = backup_file_name(database=default_settings()["NAME"], at=time.gmtime())
        return Path(directory) / name
