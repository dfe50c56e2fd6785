"""Send the daily "My work" email to everyone who turned it on.

Meant for a daily timer (docs/operations.md, "Housekeeping"). Running it again
the same day sends nothing new.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.services import work_digests_send


class Command(BaseCommand):
    help = "Email each subscribed user their list of work due (once a day)."

    def handle(self, *args, **options):
        base_url = getattr(settings, "PORTAL_BASE_URL", "") or getattr(
            settings, "WAGTAILADMIN_BASE_URL", ""
        )
        if not base_url:
            raise CommandError(
                "Set PORTAL_BASE_URL (or WAGTAILADMIN_BASE_URL): the email's "
                "links need the site's address."
            )
        run = work_digests_send(today=timezone.localdate(), base_url=base_url)
        for name in run.sent:
            self.stdout.write(f"{name}: sent")
        for name in run.nothing_due:
            self.stdout.write(f"{name}: nothing due, no email sent")
        for name, reason in run.skipped:
            self.stdout.write(f"{name}: skipped, {reason}")
        for name, reason in run.failed:
            self.stderr.write(f"{name}: failed ({reason}); see the log")
        self.stdout.write(
            f"{len(run.sent)} sent, {len(run.nothing_due)} with nothing due, "
            f"{len(run.skipped)} skipped, {len(run.failed)} failed."
        )
        if run.failed:
            raise CommandError(f"{len(run.failed)} daily work email(s) failed.")
