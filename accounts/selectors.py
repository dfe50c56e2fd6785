"""Reads for the staff pages: the organisations a manager manages, their staff,
and their audit log."""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import Invitation
from accounts.rules import roles_giveable
from accounts.services import Organisation, manager_roles_at
from schools.models import LocalAuthority, School, StaffChange, StaffMembership

CHANGES_SHOWN = 100


def organisations_managed(user) -> list[Organisation]:
    """The schools and LAs where the user may give at least one role, by name."""
    held = manager_roles_at(user)
    school_ids = [
        pk
        for (kind, pk), roles in held.items()
        if kind == "school" and roles_giveable(roles)
    ]
    la_ids = [
        pk
        for (kind, pk), roles in held.items()
        if kind == "la" and roles_giveable(roles)
    ]
    organisations: list[Organisation] = []
    if school_ids:
        organisations += School.objects.filter(pk__in=school_ids)
    if la_ids:
        organisations += LocalAuthority.objects.filter(pk__in=la_ids)
    return sorted(organisations, key=lambda organisation: organisation.name)


def manages_anyone(user) -> bool:
    """For the header link: from the roles already read, no query."""
    return any(roles_giveable(roles) for roles in manager_roles_at(user).values())


def organisation_managed(user, kind: str, pk: int) -> Organisation:
    """The organisation a staff page is about, or 404 if the user manages none there."""
    model = {"school": School, "la": LocalAuthority}.get(kind)
    if model is None or not roles_giveable(manager_roles_at(user).get((kind, pk), ())):
        raise Http404("Not an organisation this user manages.")
    return model.objects.get(pk=pk)


def _at(organisation: Organisation) -> dict:
    return (
        {"school": organisation}
        if isinstance(organisation, School)
        else {"local_authority": organisation}
    )


@dataclass
class StaffMember:
    person: object
    memberships: list = field(default_factory=list)

    @property
    def is_waiting(self) -> bool:
        """Invited, and has not set a password yet."""
        return not self.person.has_usable_password()


def staff_at(organisation: Organisation) -> list[StaffMember]:
    """Everyone holding a role here, with their roles here; two queries."""
    members: dict[int, StaffMember] = {}
    for membership in (
        StaffMembership.objects.filter(**_at(organisation))
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__pk", "role")
    ):
        member = members.setdefault(
            membership.user_id, StaffMember(person=membership.user)
        )
        member.memberships.append(membership)
    return list(members.values())


def staff_member(organisation: Organisation, person_pk: int) -> StaffMember:
    """One person with a role here, or 404 (a manager sees no one else)."""
    memberships = list(
        StaffMembership.objects.filter(**_at(organisation), user_id=person_pk)
        .select_related("user")
        .order_by("role")
    )
    if not memberships:
        raise Http404("No one with a role here has that id.")
    return StaffMember(person=memberships[0].user, memberships=memberships)


def changes_at(organisation: Organisation) -> QuerySet[StaffChange]:
    return (
        StaffChange.objects.filter(**_at(organisation))
        .select_related("person", "by")
        .order_by("-at", "-pk")[:CHANGES_SHOWN]
    )


def changes_of(organisation: Organisation, person) -> QuerySet[StaffChange]:
    return (
        StaffChange.objects.filter(**_at(organisation), person=person)
        .select_related("by")
        .order_by("-at", "-pk")
    )


def open_invitation(person) -> Invitation | None:
    return (
        Invitation.objects.filter(person=person, accepted_at=None, withdrawn_at=None)
        .order_by("-created_at")
        .first()
    )
