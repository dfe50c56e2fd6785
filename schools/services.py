"""Writes for the schools app: memberships and the role groups behind them."""

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import AbstractBaseUser, Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from guardian.utils import get_group_obj_perms_model

from schools import signals
from schools.enums import LocalAuthorityRole, SchoolRole, StaffChangeKind
from schools.models import (
    LocalAuthority,
    Pupil,
    PupilMove,
    School,
    StaffChange,
    StaffMembership,
)
from schools.role_groups import role_groups_unlocked
from schools.roles import (
    LOCAL_AUTHORITY_ROLE_PERMISSIONS,
    ROLE_GLOBAL_PERMISSIONS,
    SCHOOL_ROLE_PERMISSIONS,
    role_group_name,
)


def role_group_ensure(*, organisation: School | LocalAuthority, role: str) -> Group:
    """The group for one role in one organisation, with exactly the role's permissions.

    Side effects: creates the group if missing, grants the role's object
    permissions on the organisation, and removes any it should not hold (so a
    permission taken out of schools/roles.py goes from existing groups too).
    What the group holds is read once and only the difference is written, so
    an existing, complete group costs three reads and no write.
    """
    if isinstance(organisation, School):
        kind, table = "school", SCHOOL_ROLE_PERMISSIONS
    else:
        kind, table = "la", LOCAL_AUTHORITY_ROLE_PERMISSIONS
    if role not in table:
        where = "school" if kind == "school" else "local authority"
        raise ValidationError(f"{role!r} is not a role in a {where}.")
    with role_groups_unlocked():
        group, _ = Group.objects.get_or_create(
            name=role_group_name(
                organisation_kind=kind, organisation_pk=organisation.pk, role=role
            )
        )
    _object_permissions_ensure(group, organisation, table[role])
    _global_permissions_ensure(group, ROLE_GLOBAL_PERMISSIONS.get(role, ()))
    return group


def _permissions(
    wanted: Iterable[str], *, of: School | LocalAuthority | None = None
) -> list[Permission]:
    """The Permission rows of ``app_label.codename`` names, all of them or an
    error; with ``of``, only permissions of that object's model (an object
    permission names one of its own model's permissions)."""
    wanted = set(wanted)
    if not wanted:
        return []
    either = Q()
    for perm in wanted:
        app_label, codename = perm.split(".", 1)
        either |= Q(content_type__app_label=app_label, codename=codename)
    found = Permission.objects.filter(either).select_related("content_type")
    if of is not None:
        found = found.filter(content_type=ContentType.objects.get_for_model(of))
    found = list(found)
    missing = wanted - {f"{p.content_type.app_label}.{p.codename}" for p in found}
    if missing:
        names = ", ".join(sorted(missing))
        raise Permission.DoesNotExist(f"No such permission: {names}")
    return found


def _object_permissions_ensure(
    group: Group, organisation: School | LocalAuthority, wanted: tuple[str, ...]
) -> None:
    """The group holds exactly ``wanted`` on the organisation."""
    grants = get_group_obj_perms_model(organisation).objects
    ours = {
        f"{app_label}.{codename}": pk
        for app_label, codename, pk in grants.filter(
            group=group, content_object=organisation
        ).values_list(
            "permission__content_type__app_label", "permission__codename", "pk"
        )
    }
    stale = [pk for perm, pk in ours.items() if perm not in wanted]
    if stale:
        grants.filter(pk__in=stale).delete()
    missing = [perm for perm in wanted if perm not in ours]
    grants.bulk_create(
        [
            grants.model(group=group, content_object=organisation, permission=perm)
            for perm in _permissions(missing, of=organisation)
        ],
        # Two people given the same new role at once both write its grants.
        ignore_conflicts=True,
    )


def _global_permissions_ensure(group: Group, wanted: tuple[str, ...]) -> None:
    """The group holds exactly the site-wide permissions of its role."""
    held = {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }
    if held != set(wanted):
        group.permissions.set(_permissions(wanted))


@transaction.atomic
def membership_add(
    *,
    user: AbstractBaseUser,
    organisation: School | LocalAuthority,
    role: SchoolRole | LocalAuthorityRole | str,
    job_title: str = "",
    by: AbstractBaseUser | None = None,
) -> StaffMembership:
    """Give a user a role in a school or local authority.

    Side effects: creates the membership (or updates its job title) and adds the
    user to the role's group, which holds the object permissions; a new role is
    written to the organisation's audit log (``StaffChange``), as given ``by``
    someone or, with no one, from the command line.
    """
    group = role_group_ensure(organisation=organisation, role=role)
    lookup = (
        {"school": organisation}
        if isinstance(organisation, School)
        else {"local_authority": organisation}
    )
    membership, created = StaffMembership.objects.get_or_create(
        user=user, role=role, **lookup, defaults={"job_title": job_title}
    )
    if not created and job_title and membership.job_title != job_title:
        membership.job_title = job_title
        membership.save(update_fields=["job_title"])
    with role_groups_unlocked():
        user.groups.add(group)
    if created:
        staff_change_record(
            kind=StaffChangeKind.ROLE_GIVEN,
            person=user,
            organisation=organisation,
            role=role,
            by=by,
        )
    return membership


@transaction.atomic
def membership_remove(
    *, membership: StaffMembership, by: AbstractBaseUser | None = None
) -> None:
    """Take a role away from a user.

    Side effects: deletes the membership and removes the user from the role's
    group, so the permissions go at once; written to the audit log.
    """
    group = role_group_ensure(
        organisation=membership.organisation, role=membership.role
    )
    with role_groups_unlocked():
        membership.user.groups.remove(group)
    membership.delete()
    staff_change_record(
        kind=StaffChangeKind.ROLE_REMOVED,
        person=membership.user,
        organisation=membership.organisation,
        role=membership.role,
        by=by,
    )


def staff_change_record(
    *,
    kind: StaffChangeKind,
    person: AbstractBaseUser,
    organisation: School | LocalAuthority,
    role: str = "",
    by: AbstractBaseUser | None = None,
) -> StaffChange:
    """Write one line of an organisation's staff audit log."""
    where = (
        {"school": organisation}
        if isinstance(organisation, School)
        else {"local_authority": organisation}
    )
    return StaffChange.objects.create(
        kind=kind, person=person, role=role, by=by, **where
    )


@transaction.atomic
def pupil_move(
    *,
    pupil: Pupil,
    to_school: School,
    joined_on: date,
    by: AbstractBaseUser | None,
) -> PupilMove:
    """Put a pupil on another school's roll from ``joined_on``.

    Side effects: the pupil's school becomes ``to_school``; a PupilMove row
    keeps the history (the previous school keeps its marks and its cases, and
    lists the pupil among its leavers); ``signals.pupil_moved`` is sent in the
    same transaction, on which the safeguarding app ends shares the move puts
    out of reach and opens the child-protection file transfer.
    """
    locked = Pupil.objects.select_for_update().get(pk=pupil.pk)
    if locked.school_id == to_school.pk:
        raise ValidationError("The pupil is already on this school's roll.")
    move = PupilMove.objects.create(
        pupil=locked,
        from_school_id=locked.school_id,
        to_school=to_school,
        joined_on=joined_on,
        recorded_by=by,
    )
    locked.school = to_school
    locked.save(update_fields=["school"])
    pupil.school = to_school
    signals.pupil_moved.send(sender=PupilMove, move=move, by=by)
    return move
