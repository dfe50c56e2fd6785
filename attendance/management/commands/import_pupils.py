"""`import_pupils FILE --school URN`: add or update a school's pupils from CSV."""

from attendance.management.commands._importing import ImportCommand
from attendance.pupil_import import OPTIONAL, REQUIRED, pupils_import


class Command(ImportCommand):
    help = (
        "Import pupils into a school's roll. Columns: "
        + ",".join(REQUIRED)
        + "; optional: "
        + ",".join(OPTIONAL)
        + ". See docs/data-import.md."
    )

    def handle(self, *args, **options):
        school = self.school(options["school"])
        with self.open(options["file"]) as stream:
            report = pupils_import(
                stream,
                school=school,
                file_name=options["file"].name,
                imported_by=self.imported_by(options),
                skip_invalid=options["skip_invalid"],
            )
        self.finish(report)
