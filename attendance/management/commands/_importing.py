"""What the two import commands share: finding the school, printing the report."""

import getpass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from attendance.csv_files import ImportReport
from attendance.register_import import ImportedBy
from schools.models import School


class ImportCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The CSV file (UTF-8).")
        parser.add_argument("--school", metavar="URN", required=True)
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the good rows and list the rest (default: refuse the file).",
        )
        parser.add_argument(
            "--by-name",
            default="",
            help="Who is importing, for the record (default: the login name).",
        )
        parser.add_argument("--by-position", default="", help="Their position.")

    def school(self, urn: str) -> School:
        school = School.objects.filter(urn=urn).first()
        if school is None:
            raise CommandError(f"No school has the URN {urn!r}.")
        return school

    def imported_by(self, options) -> ImportedBy:
        name = options["by_name"].strip() or f"{getpass.getuser()} (command line)"
        return ImportedBy(name=name, position=options["by_position"].strip())

    def open(self, path: Path):
        try:
            return path.open("rb")
        except OSError as error:
            raise CommandError(f"Cannot open {path}: {error.strerror}.") from None

    def finish(self, report: ImportReport) -> None:
        for note in report.notes:
            self.stdout.write(note)
        for error in report.errors:
            self.stderr.write(str(error))
        for conflict in report.conflicts:
            self.stderr.write(f"Not applied: {conflict}")
        self.stdout.write(report.summary())
        if not report.imported:
            raise CommandError("The file was not imported; nothing was changed.")
