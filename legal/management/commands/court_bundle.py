"""`court_bundle <case id> --as <username> --output <file.pdf> [--draft]`."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from cases.selectors import visible_case_or_404
from legal.bundle_services import bundle_produce_now
from legal.enums import BundleStatus
from legal.permissions import can_produce_bundle


class Command(BaseCommand):
    help = (
        "Produce a case's court evidence bundle as the user named, who must be "
        "allowed to see the case and produce that kind of bundle (the LA legal "
        "officer; the school's attendance lead for a draft). Prints the bundle's "
        "SHA-256 and page count. The production is recorded in the case's "
        "chronology, as one made in the portal is."
    )

    def add_arguments(self, parser):
        parser.add_argument("case", type=int, metavar="CASE_ID")
        parser.add_argument("--as", dest="username", required=True, metavar="USERNAME")
        parser.add_argument("--output", required=True, metavar="FILE.pdf")
        parser.add_argument(
            "--draft",
            action="store_true",
            help="A draft for the LA, as the school's attendance lead makes.",
        )

    def handle(self, *args, case, username, output, draft, **options):
        # One answer for an unknown user, a case they may not see and a bundle
        # they may not produce, so the command reveals nothing about the case.
        refused = CommandError(f"No case {case} that {username} can see.")
        user = (
            get_user_model().objects.filter(username=username, is_active=True).first()
        )
        if user is None:
            raise refused
        try:
            found = visible_case_or_404(user, case)
        except Http404:
            raise refused from None
        if not can_produce_bundle(user, found, draft=draft):
            raise refused
        try:
            bundle = bundle_produce_now(case=found, by=user, draft=draft)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if bundle.status != BundleStatus.DONE:
            raise CommandError(f"The bundle could not be produced: {bundle.error}")
        try:
            with bundle.pdf.open("rb") as stored:
                Path(output).write_bytes(stored.read())
        except OSError as error:
            raise CommandError(f"Could not write {output}: {error.strerror}.") from None
        self.stdout.write(f"Wrote {output}")
        self.stdout.write(f"SHA-256: {bundle.sha256}")
        self.stdout.write(f"Pages: {bundle.page_count}")
