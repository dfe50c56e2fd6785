"""The permission helpers every app uses. Deny by default.

Everything that asks "may this user see or do this?" goes through here, and
this is the only module that calls django-guardian's query helpers. Two traps
are closed here for good:

* ``get_objects_for_user`` returns everything to superusers and to holders of a
  model-level permission unless told otherwise, so it is always called with
  ``with_superuser=False, accept_global_perms=False``;
* ``user.has_perm`` is always true for a superuser, so predicates never use it.

A superuser with no membership therefore sees no pupil in the portal.

Roles are read from the membership rows (``StaffMembership``), which change
only through ``schools.services`` (audited, and the only path allowed to touch
the role groups). The role groups mirror them for per-object grants to a
team; a group membership without its membership row gives nothing here.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404
from guardian.shortcuts import get_objects_for_user

from schools.models import LocalAuthority, Pupil, School, StaffMembership
from schools.roles import (
    LOCAL_AUTHORITY_ROLE_PERMISSIONS,
    SCHOOL_ROLE_PERMISSIONS,
    VIEW_PUPIL_DIRECTORY,
    VIEW_PUPIL_RECORD,
)

User = AbstractBaseUser | AnonymousUser


def _is_staff_user(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _roles_holding(perm: str, table: dict[str, tuple[str, ...]]) -> list[str]:
    return [role for role, perms in table.items() if perm in perms]


def _active_memberships(user: User) -> QuerySet[StaffMembership]:
    if not _is_staff_user(user):
        return StaffMembership.objects.none()
    return StaffMembership.objects.filter(user_id=user.pk)


def schools_with_permission(user: User, perm: str) -> QuerySet[School]:
    """Schools where the user holds a role that carries ``perm`` (schools/roles.py)."""
    roles = _roles_holding(perm, SCHOOL_ROLE_PERMISSIONS)
    return School.objects.filter(
        pk__in=_active_memberships(user)
        .filter(role__in=roles, school__isnull=False)
        .values("school_id")
    )


def school_permissions_held(user: User) -> frozenset[str]:
    """Every permission the user's school roles carry, at one school or more.

    One query; for the navigation, which asks only whether a page is open to
    the user somewhere (the pages themselves still ask per school).
    """
    roles = (
        _active_memberships(user)
        .filter(school__isnull=False)
        .values_list("role", flat=True)
        .distinct()
    )
    return frozenset(
        perm for role in roles for perm in SCHOOL_ROLE_PERMISSIONS.get(role, ())
    )


def local_authorities_with_permission(
    user: User, perm: str
) -> QuerySet[LocalAuthority]:
    """Local authorities where the user holds a role that carries ``perm``."""
    roles = _roles_holding(perm, LOCAL_AUTHORITY_ROLE_PERMISSIONS)
    return LocalAuthority.objects.filter(
        pk__in=_active_memberships(user)
        .filter(role__in=roles, local_authority__isnull=False)
        .values("local_authority_id")
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
    schools = [o.pk for o in organisations if isinstance(o, School)]
    las = [o.pk for o in organisations if isinstance(o, LocalAuthority)]
    if not (schools or las):
        return set()
    return set(
        _active_memberships(user)
        .filter(Q(school_id__in=schools) | Q(local_authority_id__in=las))
        .values_list("role", flat=True)
    )


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
    """Whether the user holds ``role`` in the school or local authority."""
    where = (
        {"school": organisation}
        if isinstance(organisation, School)
        else {"local_authority": organisation}
    )
    return _active_memberships(user).filter(role=role, **where).exists()


def memberships_of(user: User) -> QuerySet[StaffMembership]:
    """The user's roles, with their organisations loaded."""
    return _active_memberships(user).select_related("school", "local_authority")


def chosen_school(
    schools: QuerySet[School], wanted: str | None, *, required: bool = False
) -> tuple[School, list[School]]:
    """The school a page asks for (``?school=<pk>``) among the user's
    ``schools`` (a permission query), and all of them by name for a picker.

    Without ``wanted`` (unless ``required``), the first by name. Raises
    Http404 when the user has none, or asks for one that is not theirs: never a
    403 that would confirm the school exists.
    """
    choices = list(schools.order_by("name"))
    if not choices:
        raise Http404("No school for this user here.")
    if not wanted and not required:
        return choices[0], choices
    school = next((s for s in choices if str(s.pk) == wanted), None)
    if school is None:
        raise Http404("Not one of the user's schools.")
    return school, choices


def position_at(user: User, school: School) -> str:
    """The user's position at the school, for the records that must name it
    (register amendments): their job titles there, or their roles' names."""
    return ", ".join(
        membership.job_title or membership.get_role_display()
        for membership in _active_memberships(user).filter(school=school)
    )


def school_ids_where_role(user: User, role: str) -> list[int]:
    """The schools where the user holds ``role``."""
    return sorted(
        _active_memberships(user)
        .filter(role=role, school__isnull=False)
        .values_list("school_id", flat=True)
    )
