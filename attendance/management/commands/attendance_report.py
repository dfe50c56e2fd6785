"""`attendance_report --school URN [--as-of YYYY-MM-DD] [--format json|csv]`."""

import io
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from attendance.report import REPORT_FIELDS, report_rows, write_csv, write_json
from schools.models import School


class Command(BaseCommand):
    help = (
        "Print each pupil on a school's roll with their attendance figures for "
        "the academic year to date. Fields: " + ", ".join(REPORT_FIELDS) + "."
    )

    def add_arguments(self, parser):
        parser.add_argument("--school", metavar="URN", required=True)
        parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="Default: today.")
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args, school, as_of, format, **options):
        found = School.objects.filter(urn=school).first()
        if found is None:
            raise CommandError(f"No school has the URN {school!r}.")
        if as_of is None:
            day = timezone.localdate()
        else:
            try:
                day = date.fromisoformat(as_of)
            except ValueError:
                raise CommandError(
                    f"--as-of {as_of!r} is not a date written YYYY-MM-DD."
                ) from None
        rows = report_rows(found, day)
        out = io.StringIO()
        (write_csv if format == "csv" else write_json)(rows, out)
        self.stdout.write(out.getvalue(), ending="")
