"""Print the code the demo's authenticator app shows now (demo only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.authenticator import demo_code


class Command(BaseCommand):
    help = (
        "Print the current sign-in code of the demo accounts' authenticator "
        "app. Runs only with DEBUG on: a real site has no shared secret."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo_code is for the demo only (DEBUG is off).")
        self.stdout.write(demo_code())
