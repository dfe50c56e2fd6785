"""`import_marks FILE --school URN [--reason TEXT]`: import register marks."""

from attendance.management.commands._importing import ImportCommand
from attendance.register_import import OPTIONAL, REQUIRED, marks_import


class Command(ImportCommand):
    help = (
        "Import register marks into a school. Columns: "
        + ",".join(REQUIRED)
        + "; optional: "
        + ",".join(OPTIONAL)
        + ". A changed code becomes an amendment with --reason (default: "
        "'import <file name> <time>'). See docs/data-import.md."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--reason", default="", help="The reason recorded on each amendment."
        )

    def handle(self, *args, **options):
        school = self.school(options["school"])
        with self.open(options["file"]) as stream:
            report = marks_import(
                stream,
                school=school,
                file_name=options["file"].name,
                imported_by=self.imported_by(options),
                reason=options["reason"],
                skip_invalid=options["skip_invalid"],
            )
        self.finish(report)
