"""Load the demo: organisations, pupils and families, staff users, the public site."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from demo.authenticator import DEMO_AUTHENTICATOR_SECRET
from demo.cases import demo_cases_ensure
from demo.la_work import demo_la_work_ensure
from demo.letters import demo_letters_ensure
from demo.meetings import demo_templates_ensure
from demo.organisations import organisations_ensure
from demo.plans import demo_plans_ensure
from demo.pupils import pupils_ensure
from demo.registers import registers_ensure
from demo.safeguarding import demo_safeguarding_ensure
from demo.site import site_ensure
from demo.users import DEMO_USERS, EDITOR_USERNAME, users_ensure
from demo.voice import demo_voice_ensure

# Demo schools with staff, and the key of their LA's demo users.
DEMO_CASE_SCHOOLS = (("chaucer", "sheffield"), ("woolwich", "greenwich"))
DEFAULT_DEMO_PASSWORD = "attendance-demo-2026"  # noqa: S105 (printed for the demo)  # nosec B105


class Command(BaseCommand):
    help = (
        "Load the demo data (idempotent). Refuses to run with DEBUG off unless "
        "--force is given, because it creates users with a known password."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off."
        )
        parser.add_argument(
            "--pupils-per-school",
            type=int,
            default=600,
            help="Pupils at each demo secondary school (default 600).",
        )
        parser.add_argument(
            "--pupils-per-primary",
            type=int,
            default=200,
            help="Pupils at each fictional primary school (default 200).",
        )

    def handle(
        self,
        *args,
        force: bool,
        pupils_per_school: int,
        pupils_per_primary: int,
        **options,
    ):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this looks like a real installation: load_demo "
                "creates users with a published password. Use --force to load it."
            )
        if pupils_per_school < 1 or pupils_per_primary < 1:
            raise CommandError(
                "--pupils-per-school and --pupils-per-primary must be at least 1."
            )
        password = os.environ.get("DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)
        with transaction.atomic():
            schools = organisations_ensure()
            pupils = pupils_ensure(
                schools=schools,
                pupils_per_secondary=pupils_per_school,
                pupils_per_primary=pupils_per_primary,
                today=timezone.localdate(),
            )
            marks = registers_ensure(
                schools=list(schools.values()), today=timezone.localdate()
            )
            # The site first: the editor's groups hold permissions on its root.
            site_ensure()
            new_users = users_ensure(schools=schools, password=password)
            # The schools' own letter wording first: the cases' letters use it.
            for key, _la in DEMO_CASE_SCHOOLS:
                demo_templates_ensure(school=schools[key], school_key=key)
            cases = sum(
                demo_cases_ensure(school=schools[key], school_key=key, la_key=la)
                for key, la in DEMO_CASE_SCHOOLS
            )
            plans = sum(
                demo_plans_ensure(school=schools[key], school_key=key)
                for key, _la in DEMO_CASE_SCHOOLS
            )
            voices = sum(
                demo_voice_ensure(school=schools[key], school_key=key)
                for key, _la in DEMO_CASE_SCHOOLS
            )
            restricted = sum(
                demo_safeguarding_ensure(school=schools[key], school_key=key, la_key=la)
                for key, la in DEMO_CASE_SCHOOLS
            )
            letters = sum(
                demo_letters_ensure(school=schools[key], school_key=key)
                for key, _la in DEMO_CASE_SCHOOLS
            )
            la_work = sum(
                demo_la_work_ensure(
                    school=schools[key],
                    school_key=key,
                    la_key=la,
                    today=timezone.localdate(),
                )
                for key, la in DEMO_CASE_SCHOOLS
            )
        self.stdout.write(
            f"Pupils created: {pupils}. Register marks created: {marks}. "
            f"Users created: {len(new_users)}. Cases created: {cases}. "
            f"Plans created: {plans}. Voice records created: {voices}. "
            f"Restricted records created: {restricted}. Letters prepared: {letters}. "
            f"LA work recorded: {la_work}."
        )
        self.stdout.write(f"Demo users (password for new users: {password}):")
        if len(new_users) < len(DEMO_USERS) + 1:
            self.stdout.write(
                "  (users that already existed keep the password they were "
                "created with)"
            )
        for demo in DEMO_USERS:
            self.stdout.write(f"  {demo.username:<18} {demo.job_title}")
        self.stdout.write(f"  {EDITOR_USERNAME:<18} Wagtail editor (public site)")
        self.stdout.write(
            "Second step of signing in: the code from an authenticator app set up "
            f"with the key {DEMO_AUTHENTICATOR_SECRET}, or run "
            "`.venv/bin/python manage.py demo_code` for the current one."
        )
