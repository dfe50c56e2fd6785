"""Give or take away a staff role: `staff_role add|remove USER ROLE --school URN`."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from schools.enums import LocalAuthorityRole, SchoolRole
from schools.models import LocalAuthority, School, StaffMembership
from schools.services import membership_add, membership_remove

ROLES = SchoolRole.values + LocalAuthorityRole.values


class Command(BaseCommand):
    help = (
        "Give a user a role in a school (--school URN) or a local authority "
        "(--la CODE), or take it away. Roles: " + ", ".join(ROLES)
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["add", "remove"])
        parser.add_argument("username")
        parser.add_argument("role", choices=ROLES)
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--school", metavar="URN", help="The school's URN.")
        where.add_argument("--la", metavar="CODE", help="The LA's three-digit number.")
        parser.add_argument("--job-title", default="", help="e.g. 'Head of Year 9'.")

    def handle(self, *args, action, username, role, school, la, job_title, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user is called {username!r}.") from None
        if school:
            organisation = School.objects.filter(urn=school).first()
            if organisation is None:
                raise CommandError(f"No school has the URN {school!r}.")
        else:
            organisation = LocalAuthority.objects.filter(code=la).first()
            if organisation is None:
                raise CommandError(f"No local authority has the number {la!r}.")

        if action == "add":
            try:
                membership_add(
                    user=user, organisation=organisation, role=role, job_title=job_title
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            self.stdout.write(f"{username} is now {role} at {organisation}.")
            return

        field = "school" if school else "local_authority"
        membership = StaffMembership.objects.filter(
            user=user, role=role, **{field: organisation}
        ).first()
        if membership is None:
            raise CommandError(f"{username} does not hold {role} at {organisation}.")
        membership_remove(membership=membership)
        self.stdout.write(f"{username} no longer holds {role} at {organisation}.")
