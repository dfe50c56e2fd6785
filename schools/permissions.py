"""The permission helpers every app uses. Deny by default.

Everything that asks "may this user see or do this?" goes through here, and
this is the only module that calls django-guardian's query helpers. Two traps
are closed here for good:

* ``get_objects_for_user`` returns everything to superusers and to holders of a
  model-level permission unless told otherwise, so it is always called with
  ``with_superuser=False, accept_global_perms=False``;
* ``user.has_perm`` is always true for a superuser, so predicates never use it.

A superuser with no membership therefore sees no pupil in the portal.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from guardian.shortcuts import get_objects_for_user

from schools.enums import LocalAuthorityRole, SchoolRole
from schools.models import LocalAuthority, Pupil, School, StaffMembership
from schools.roles import VIEW_PUPIL_DIRECTORY, VIEW_PUPIL_RECORD, role_group_name

User = AbstractBaseUser | AnonymousUser


def _is_staff_user(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def schools_with_permission(user: User, perm: str) -> QuerySet[School]:
    """Schools on which the user holds ``perm`` through a role (or a direct grant)."""
    if not _is_staff_user(user):
        return School.objects.none()
    return get_objects_for_user(
        user, perm, School, with_superuser=False, accept_global_perms=False
    )


def local_authorities_with_permission(
    user: User, perm: str
) -> QuerySet[LocalAuthority]:
    """Local authorities on which the user holds ``perm``."""
    if not _is_staff_user(user):
        return LocalAuthority.objects.none()
    return get_objects_for_user(
        user, perm, LocalAuthority, with_superuser=False, accept_global_perms=False
    )


def objects_with_permission(user: User, perm: str, queryset: QuerySet) -> QuerySet:
    """Objects of ``queryset`` on which the user holds ``perm`` by a per-object grant.

    For grants on single records (a case shared with an LA team or one
    practitioner), never through a model-level or superuser permission.
    """
    if not _is_staff_user(user):
        return queryset.none()
    return get_objects_for_user(
        user, perm, queryset, with_superuser=False, accept_global_perms=False
    )


def user_roles_in(user: User, organisations: list[School | LocalAuthority]) -> set[str]:
    """The roles the user holds in any of these organisations, read in one query."""
    if not _is_staff_user(user):
        return set()
    names = {}
    for organisation in organisations:
        kind, roles = (
            ("school", SchoolRole.values)
            if isinstance(organisation, School)
            else ("la", LocalAuthorityRole.values)
        )
        for role in roles:
            name = role_group_name(
                organisation_kind=kind, organisation_pk=organisation.pk, role=role
            )
            names[name] = role
    held = user.groups.filter(name__in=names).values_list("name", flat=True)
    return {names[name] for name in held}


def record_schools(user: User) -> QuerySet[School]:
    """Schools whose pupils' full records (parents, date of birth...) the user sees."""
    return schools_with_permission(user, VIEW_PUPIL_RECORD)


def visible_pupils(user: User) -> QuerySet[Pupil]:
    """Every pupil the user may see at all: one query, usable as a subquery.

    School staff see their own schools' pupils. LA staff see the directory
    (name, school, year group) of the pupils at their LA's schools.
    """
    if not _is_staff_user(user):
        return Pupil.objects.none()
    directory_las = local_authorities_with_permission(user, VIEW_PUPIL_DIRECTORY)
    return Pupil.objects.filter(
        Q(school__in=record_schools(user).values("pk"))
        | Q(school__local_authority__in=directory_las.values("pk"))
    )


def can_view_pupil_record(user: User, pupil: Pupil) -> bool:
    """Whether the user sees the pupil's full record, not only the directory entry."""
    return record_schools(user).filter(pk=pupil.school_id).exists()


def visible_schools(user: User) -> QuerySet[School]:
    """Schools the user works with: their own, and every school of their LAs."""
    if not _is_staff_user(user):
        return School.objects.none()
    directory_las = local_authorities_with_permission(user, VIEW_PUPIL_DIRECTORY)
    return School.objects.filter(
        Q(pk__in=record_schools(user).values("pk"))
        | Q(local_authority__in=directory_las.values("pk"))
    )


def user_has_role(user: User, organisation: School | LocalAuthority, role: str) -> bool:
    """Whether the user holds ``role`` in the school or local authority.

    Read from the role group, the same place every permission comes from, so a
    role and what it lets the user see can never disagree.
    """
    if not _is_staff_user(user):
        return False
    if isinstance(organisation, School):
        kind, roles = "school", SchoolRole.values
    else:
        kind, roles = "la", LocalAuthorityRole.values
    if role not in roles:
        return False
    name = role_group_name(
        organisation_kind=kind, organisation_pk=organisation.pk, role=role
    )
    return user.groups.filter(name=name).exists()


def memberships_of(user: User) -> QuerySet[StaffMembership]:
    """The user's roles, with their organisations loaded."""
    if not _is_staff_user(user):
        return StaffMembership.objects.none()
    return StaffMembership.objects.filter(user=user).select_related(
        "school", "local_authority"
    )


def school_ids_where_role(user: User, role: str) -> list[int]:
    """The schools where the user holds ``role``, read from their role groups."""
    if not _is_staff_user(user) or role not in SchoolRole.values:
        return []
    names = user.groups.filter(
        name__startswith="school:", name__endswith=f":{role}"
    ).values_list("name", flat=True)
    return sorted(int(name.split(":")[1]) for name in names)
