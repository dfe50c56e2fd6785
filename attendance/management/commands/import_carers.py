"""`import_carers FILE --school URN`: pupils' parents and carers from CSV."""

from attendance.carer_import import OPTIONAL, REQUIRED, carers_import
from attendance.management.commands._importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Import the parents and carers of a school's pupils. Columns: "
        + ",".join(REQUIRED)
        + "; optional: "
        + ",".join(OPTIONAL)
        + ". For each pupil in the file, the file is their whole list of "
        "contacts. See docs/data-import.md."
    )

    def handle(self, *args, **options):
        school = self.school(options["school"])
        with self.open(options["file"]) as stream:
            report = carers_import(
                stream,
                school=school,
                file_name=options["file"].name,
                imported_by=self.imported_by(options),
                skip_invalid=options["skip_invalid"],
            )
        self.finish(report)
