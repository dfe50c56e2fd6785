"""Apply the retention rules (docs/retention.md).

    python manage.py apply_retention                        # what is due; no change
    python manage.py apply_retention --purge --by USERNAME  # remove what is due

Register marks over 6 years old and closed cases past
CLOSED_CASE_RETENTION_YEARS are removed only with ``--purge``, by an active
superuser named with ``--by``, and each removal is recorded. Safeguarding
records past the pupil's 25th birthday are listed, never removed, and a closed
case one of them refers to is kept. The work is in ``portal.retention``.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.retention import (
    RetentionDue,
    closed_cases_purge,
    register_marks_purge,
    retention_due,
)


class Command(BaseCommand):
    help = (
        "List the records past their retention period, per school; with "
        "--purge, remove the register marks and closed cases among them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--purge",
            action="store_true",
            help="Remove the register marks and closed cases that are due "
            "(default: a dry run).",
        )
        parser.add_argument(
            "--by", help="With --purge: the username of the superuser removing them."
        )

    def handle(self, *args, purge: bool, by: str | None, **options):
        years = settings.CLOSED_CASE_RETENTION_YEARS
        if years < 1:
            raise CommandError("CLOSED_CASE_RETENTION_YEARS must be at least 1.")
        user = self.remover(by) if purge else None
        today = timezone.localdate()
        due = retention_due(today=today, closed_case_years=years)
        mode = (
            "removing the register marks and closed cases due"
            if purge
            else "dry run: nothing is removed (--purge removes the register "
            "marks and closed cases)"
        )
        self.stdout.write(f"Retention on {today:%Y-%m-%d}, {mode}.")
        self.write_register(due, purge)
        if purge:
            try:
                removals = register_marks_purge(today=today, by=user)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            for removal in removals:
                self.stdout.write(
                    f"  Removed from {removal.school}: {removal.marks} marks, "
                    f"{removal.amendments} amendments, {removal.mis_entries} MIS "
                    f"entries (removal record {removal.pk}, by "
                    f"{removal.removed_by_name})."
                )
        self.write_flags(due)
        self.write_cases(due, purge)
        if purge:
            for removal in closed_cases_purge(today=today, years=years, by=user):
                self.stdout.write(
                    f"  Removed case {removal.case_number} of {removal.school}: "
                    f"{sum(removal.rows.values())} rows (removal record "
                    f"{removal.pk}, by {removal.removed_by_name})."
                )

    @staticmethod
    def remover(username: str | None):
        if not username:
            raise CommandError("--purge needs --by USERNAME: who removes them.")
        user = (
            get_user_model()
            .objects.filter(username=username, is_active=True, is_superuser=True)
            .first()
        )
        if user is None:
            raise CommandError(f"{username} is not an active superuser.")
        return user

    def write_register(self, due: RetentionDue, purge: bool) -> None:
        self.stdout.write(
            f"Register marks: kept 6 years from the entry; marks dated on or "
            f"before {due.register_cutoff:%Y-%m-%d} are due."
        )
        verb = "to remove" if purge else "would be removed"
        for school in due.register:
            self.stdout.write(
                f"  {school.school}: {school.marks} marks "
                f"({school.earliest:%Y-%m-%d} to {school.latest:%Y-%m-%d}), "
                f"{school.amendments} amendments, {school.mis_entries} MIS "
                f"entries {verb}."
            )
        if not due.register:
            self.stdout.write("  None due.")

    def write_flags(self, due: RetentionDue) -> None:
        self.stdout.write(
            "Safeguarding records: kept until the pupil's 25th birthday (born on "
            f"or before {due.born_on_or_before:%Y-%m-%d}), then reviewed by the "
            "DSL; never removed here."
        )
        for school, items in due.safeguarding:
            listed = ", ".join(f"{item.pk} (pupil {item.pupil_id})" for item in items)
            self.stdout.write(f"  {school}: {len(items)} items for review: {listed}.")
        if not due.safeguarding:
            self.stdout.write("  None due.")

    def write_cases(self, due: RetentionDue, purge: bool) -> None:
        self.stdout.write(
            f"Closed cases: kept {due.closed_case_years} years after closing "
            "(CLOSED_CASE_RETENTION_YEARS; closed on or before "
            f"{due.closed_on_or_before:%Y-%m-%d}), then removed with their "
            "records, unless a restricted record or another case refers to them."
        )
        verb = "to remove" if purge else "would be removed"
        for school, cases in due.closed_cases:
            going = [d for d in cases if not d.kept_because]
            kept = [d for d in cases if d.kept_because]
            if going:
                listed = ", ".join(
                    f"{d.case.pk} ({sum(d.rows.values())} rows)" for d in going
                )
                self.stdout.write(f"  {school}: {len(going)} cases {verb}: {listed}.")
            for d in kept:
                self.stdout.write(
                    f"  {school}: case {d.case.pk} kept: "
                    f"{', '.join(d.kept_because)} refer to it."
                )
        if not due.closed_cases:
            self.stdout.write("  None due.")
