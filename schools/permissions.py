"""The permission helpers every app uses. Deny by default.

Everything that asks "may this user see or do this?" goes through here, and
this is the only module that reads django-guardian's per-object grants. Two
traps are closed here for good:

* guardian's ``get_objects_for_user`` returns everything to superusers and to
  holders of a model-level permission unless told otherwise; the grants are
  read here from guardian's grant tables alone (``_object_grants``), so
  neither gives anything;
* ``user.has_perm`` is always true for a superuser, so predicates never use it.

A superuser with no membership therefore sees no pupil in the portal.

Roles are read from the membership rows (``StaffMembership``), which change
only through ``schools.services`` (audited, and the only path allowed to touch
the role groups). The role groups mirror them for per-object grants to a
team; a group membership without its membership row gives nothing here.

Each user's permission sets are read once and remembered on the user object
(``remembered``): the user's membership rows in one query, and each kind of
per-object grant in one more when first asked. The request's user is a new
object on every request, so they last one request; and any change to the rows
they come from (a membership, a role group's members, a per-object grant, the
account) makes every remembered set be read again (``permissions_changed``).
"""

import os
import threading
from collections.abc import Callable
from typing import TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

from schools.models import LocalAuthority, Pupil, School, StaffMembership
from schools.roles import (
    LOCAL_AUTHORITY_ROLE_PERMISSIONS,
    SCHOOL_ROLE_PERMISSIONS,
    VIEW_PUPIL_DIRECTORY,
    VIEW_PUPIL_RECORD,
)

User = AbstractBaseUser | AnonymousUser
T = TypeVar("T")


# --- Read once per request ------------------------------------------------

_generation = 0
_generation_lock = threading.Lock()


def permissions_changed(**_signal_kwargs) -> None:
    """Something a permission is read from has changed: whatever was
    remembered before is read again. Connected in ``SchoolsConfig.ready`` to
    every save and delete of the rows permissions come from (see
    ``watch_permission_rows``)."""
    global _generation
    with _generation_lock:
        _generation += 1


def remembered(holder: object, key: object, read: Callable[[], T]) -> T:
    """``read()`` once for ``holder`` (the user, or a case for who it is shared
    with) until a permission changes anywhere; remembered in the holder's own
    ``__dict__``, so nothing passes from one user object to another. (The
    process id in the stamp keeps an object copied into another process, by
    pickling or a fork, from trusting what it remembered here.)"""
    stamp = (os.getpid(), _generation)
    memo = holder.__dict__.get("_permissions_read")
    if memo is None or memo[0] != stamp:
        memo = (stamp, {})
        holder.__dict__["_permissions_read"] = memo
    values = memo[1]
    if key not in values:
        values[key] = read()
    return values[key]


def watch_permission_rows() -> None:
    """Forget remembered permissions whenever their rows change: membership
    rows, role group members, every django-guardian per-object grant table
    (schools', cases', safeguarding's), the accounts, and a pupil's move."""
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from guardian.models import BaseObjectPermission

    from schools.signals import pupil_moved

    user_model = get_user_model()
    watched = [StaffMembership, user_model] + [
        model for model in apps.get_models() if issubclass(model, BaseObjectPermission)
    ]
    for model in watched:
        uid = f"permissions_changed:{model._meta.label}"
        post_save.connect(permissions_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(permissions_changed, sender=model, dispatch_uid=uid)
    m2m_changed.connect(
        permissions_changed,
        sender=user_model.groups.through,
        dispatch_uid="permissions_changed:groups",
    )
    pupil_moved.connect(permissions_changed, dispatch_uid="permissions_changed:move")


def _is_staff_user(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _roles_holding(perm: str, table: dict[str, tuple[str, ...]]) -> list[str]:
    return [role for role, perms in table.items() if perm in perms]


def _active_memberships(user: User) -> QuerySet[StaffMembership]:
    if not _is_staff_user(user):
        return StaffMembership.objects.none()
    return StaffMembership.objects.filter(user_id=user.pk)


def _roles(user: User) -> tuple[tuple[str, int | None, int | None], ...]:
    """The user's roles as (role, school id, LA id), one query a request."""
    if not _is_staff_user(user):
        return ()
    return remembered(
        user,
        "roles",
        lambda: tuple(
            StaffMembership.objects.filter(user_id=user.pk)
            .order_by("pk")
            .values_list("role", "school_id", "local_authority_id")
        ),
    )


def school_ids_with_permission(user: User, perm: str) -> list[int]:
    """The ids of ``schools_with_permission``, from the user's roles read once."""
    roles = _roles_holding(perm, SCHOOL_ROLE_PERMISSIONS)
    return sorted({s for role, s, _ in _roles(user) if s and role in roles})


def schools_with_permission(user: User, perm: str) -> QuerySet[School]:
    """Schools where the user holds a role that carries ``perm`` (schools/roles.py)."""
    return School.objects.filter(pk__in=school_ids_with_permission(user, perm))


def school_permissions_held(user: User) -> frozenset[str]:
    """Every permission the user's school roles carry, at one school or more.

    For the navigation, which asks only whether a page is open to the user
    somewhere (the pages themselves still ask per school).
    """
    return frozenset(
        perm
        for role, school_id, _ in _roles(user)
        if school_id
        for perm in SCHOOL_ROLE_PERMISSIONS.get(role, ())
    )


def local_authority_ids_with_permission(user: User, perm: str) -> list[int]:
    """The ids of ``local_authorities_with_permission``."""
    roles = _roles_holding(perm, LOCAL_AUTHORITY_ROLE_PERMISSIONS)
    return sorted({la for role, _, la in _roles(user) if la and role in roles})


def local_authorities_with_permission(
    user: User, perm: str
) -> QuerySet[LocalAuthority]:
    """Local authorities where the user holds a role that carries ``perm``."""
    return LocalAuthority.objects.filter(
        pk__in=local_authority_ids_with_permission(user, perm)
    )


def _object_grants(user: User, perm: str, model: type[Model]) -> frozenset[int]:
    """The ids of ``model`` rows on which ``perm`` is granted to the user, or to
    one of the user's groups, by a django-guardian per-object grant: one query.

    Read from guardian's grant tables directly, as its ``get_objects_for_user``
    does with ``with_superuser=False, accept_global_perms=False`` (a
    model-level or superuser permission grants nothing here), without the
    rest of that helper's general machinery.
    """
    app_label, codename = perm.split(".", 1)
    content_type = ContentType.objects.get_for_model(model)
    if content_type.app_label != app_label:
        raise ValueError(f"{perm} is not a permission of {model._meta.label}.")
    granted = Q(permission__content_type=content_type, permission__codename=codename)
    by_user = get_user_obj_perms_model(model).objects.filter(granted, user_id=user.pk)
    by_group = get_group_obj_perms_model(model).objects.filter(
        granted, group__user=user.pk
    )
    ids = _granted_object_ids(by_user).union(_granted_object_ids(by_group))
    return frozenset(int(pk) for pk in ids)


def _granted_object_ids(grants: QuerySet) -> QuerySet:
    """The granted objects' ids: a direct foreign key, or guardian's generic
    text column."""
    generic = grants.model.objects.is_generic()
    return grants.values_list(
        "object_pk" if generic else "content_object_id", flat=True
    )


def ids_with_object_permission(
    user: User, perm: str, model: type[Model]
) -> frozenset[int]:
    """The ids of every ``model`` row the user holds ``perm`` on by a per-object
    grant (for grants on single records: a case shared with an LA team or one
    practitioner), never through a model-level or superuser permission: one
    query a request."""
    if not _is_staff_user(user):
        return frozenset()
    return remembered(
        user,
        ("objects", perm, model._meta.label),
        lambda: _object_grants(user, perm, model),
    )


def user_roles_in(user: User, organisations: list[School | LocalAuthority]) -> set[str]:
    """The roles the user holds in any of these organisations."""
    schools = {o.pk for o in organisations if isinstance(o, School)}
    las = {o.pk for o in organisations if isinstance(o, LocalAuthority)}
    return {
        role
        for role, school_id, la_id in _roles(user)
        if (school_id and school_id in schools) or (la_id and la_id in las)
    }


def works_in_local_authority(user: User, local_authority_id: int) -> bool:
    """Whether the user holds any role in the local authority."""
    return any(la_id == local_authority_id for _, _, la_id in _roles(user))


def record_schools(user: User) -> QuerySet[School]:
    """Schools whose pupils' full records (parents, date of birth...) the user sees."""
    return schools_with_permission(user, VIEW_PUPIL_RECORD)


def visible_pupils(user: User) -> QuerySet[Pupil]:
    """Every pupil the user may see at all: one query, usable as a subquery.

    School staff see their own schools' pupils. LA staff see the directory
    (name, school, year group) of the pupils at their LA's schools.
    """
    schools = school_ids_with_permission(user, VIEW_PUPIL_RECORD)
    las = local_authority_ids_with_permission(user, VIEW_PUPIL_DIRECTORY)
    if not (schools or las):
        return Pupil.objects.none()
    return Pupil.objects.filter(
        Q(school_id__in=schools) | Q(school__local_authority_id__in=las)
    )


def can_view_pupil_record(user: User, pupil: Pupil) -> bool:
    """Whether the user sees the pupil's full record, not only the directory entry."""
    return pupil.school_id in school_ids_with_permission(user, VIEW_PUPIL_RECORD)


def visible_schools(user: User) -> QuerySet[School]:
    """Schools the user works with: their own, and every school of their LAs."""
    schools = school_ids_with_permission(user, VIEW_PUPIL_RECORD)
    las = local_authority_ids_with_permission(user, VIEW_PUPIL_DIRECTORY)
    if not (schools or las):
        return School.objects.none()
    return School.objects.filter(Q(pk__in=schools) | Q(local_authority_id__in=las))


def user_has_role(user: User, organisation: School | LocalAuthority, role: str) -> bool:
    """Whether the user holds ``role`` in the school or local authority."""
    at = 1 if isinstance(organisation, School) else 2
    return any(row[0] == role and row[at] == organisation.pk for row in _roles(user))


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
    return sorted({s for r, s, _ in _roles(user) if s and r == role})


def local_authority_ids_where_role(user: User, role: str) -> list[int]:
    """The local authorities where the user holds ``role``."""
    return sorted({la for r, _, la in _roles(user) if la and r == role})


def roles_held(user: User) -> tuple[tuple[str, int | None, int | None], ...]:
    """Every role the user holds, as (role, school id, LA id); one query a request."""
    return _roles(user)
