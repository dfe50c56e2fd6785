"""End the restricted-record shares that are no longer in force, saying why.

Reads stop at once without this (eligibility is asked on every read); the
sweep removes the rows and writes one "lapsed" access-log row per share, so a
DSL sees when and why each share ended. Run it daily (see docs/operations.md);
running it twice changes nothing the second time.
"""

from django.core.management.base import BaseCommand

from safeguarding.models import RestrictedItemGrant
from safeguarding.services import shares_lapse


class Command(BaseCommand):
    help = "End expired or no-longer-eligible restricted-record shares, logging why."

    def handle(self, *args, **options) -> None:
        ended = shares_lapse(grants=RestrictedItemGrant.objects.all())
        if options["verbosity"]:
            self.stdout.write(f"{len(ended)} share(s) ended.")
