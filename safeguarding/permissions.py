"""Who may read, manage and share restricted safeguarding items. Deny by default.

Readers of an item are:

* the DSLs of the pupil's *current* school (a pupil who moves school takes
  their record to the new school's DSLs, who must be told separately: see
  DOMAIN section 10), and
* users a DSL shared the item with, while the share is in force: it has not
  expired, the grantee's account is active, and the grantee holds a role
  (a membership row) at the pupil's *current* school or at its local
  authority. That is checked on every read, so a share ends the moment the
  grantee leaves, is deactivated, or the pupil moves out of their reach.

Nobody else: not headteachers or attendance leads without the DSL role, not LA
staff unless shared, not superusers. Deputies hold the DSL role in the portal.
Only the DSLs (not people an item is shared with) add, edit and share items,
see who has read them, and set the "consult the DSL" flag.

Every view and selector asks here; nothing else decides.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from cases.models import Case
from cases.permissions import case_roles
from safeguarding.models import (
    ChildProtectionFileTransfer,
    RestrictedItem,
    RestrictedItemGrant,
)
from schools.enums import SchoolRole
from schools.models import Pupil, StaffMembership
from schools.permissions import remembered, school_ids_where_role

User = AbstractBaseUser | AnonymousUser

# Every share ends: the DSL picks the day, by default this many days ahead...
SHARE_DEFAULT_DAYS = 30
# ...and at most this many (renewing is a new share).
SHARE_LONGEST_DAYS = 365


def share_default_expiry(today: date) -> date:
    return today + timedelta(days=SHARE_DEFAULT_DAYS)


def share_latest_expiry(today: date) -> date:
    return today + timedelta(days=SHARE_LONGEST_DAYS)


def dsl_school_ids(user: User) -> list[int]:
    """Schools where the user is a DSL (from the user's roles, read once per
    request by ``schools.permissions``)."""
    return school_ids_where_role(user, SchoolRole.DSL)


def grants_in_force(
    grants: QuerySet[RestrictedItemGrant], today: date | None = None
) -> QuerySet[RestrictedItemGrant]:
    """The shares among ``grants`` that still let their grantee read.

    A share is in force while it has not expired (by school date), the
    grantee's account is active, and the grantee holds a role at the pupil's
    current school or at that school's local authority. The one statement of
    who may read by a share: reads, lists and the lapse sweep all use it.
    """
    today = today or timezone.localdate()
    works_at_school = StaffMembership.objects.filter(
        user=OuterRef("user"), school=OuterRef("content_object__pupil__school")
    )
    works_at_la = StaffMembership.objects.filter(
        user=OuterRef("user"),
        local_authority=OuterRef("content_object__pupil__school__local_authority"),
    )
    return grants.filter(expires_on__gte=today, user__is_active=True).filter(
        Exists(works_at_school) | Exists(works_at_la)
    )


def current_grants(
    user: User, today: date | None = None
) -> QuerySet[RestrictedItemGrant]:
    """Shares to this user that are in force (see ``grants_in_force``)."""
    if not (user and user.is_authenticated and user.is_active):
        return RestrictedItemGrant.objects.none()
    return grants_in_force(
        RestrictedItemGrant.objects.filter(
            user=user,
            permission__codename="read_restricted_item",
            permission__content_type__app_label="safeguarding",
        ),
        today,
    )


def granted_item_ids(user: User) -> frozenset[int]:
    """The items shared with the user by a share in force today
    (``current_grants``): one query, remembered on the user like their roles
    until a permission changes (a share, a membership, the account)."""
    if not (user and user.is_authenticated and user.is_active):
        return frozenset()
    return remembered(
        user,
        ("safeguarding.granted_item_ids", timezone.localdate()),
        lambda: frozenset(
            current_grants(user).values_list("content_object", flat=True)
        ),
    )


def readable_items(user: User) -> QuerySet[RestrictedItem]:
    """Every restricted item the user may read, as one query (after the user's
    roles and shares, which are read once per request)."""
    schools, granted = dsl_school_ids(user), granted_item_ids(user)
    if not (schools or granted):
        return RestrictedItem.objects.none()
    return RestrictedItem.objects.filter(
        Q(pupil__school_id__in=schools) | Q(pk__in=sorted(granted))
    )


def is_dsl_for(user: User, pupil: Pupil) -> bool:
    """The user is a DSL at the pupil's current school."""
    return is_dsl_at(user, pupil.school_id)


def is_dsl_at(user: User, school_id: int) -> bool:
    return school_id in dsl_school_ids(user)


def visible_transfers(user: User) -> QuerySet[ChildProtectionFileTransfer]:
    """Child-protection file transfers of the schools where the user is a DSL,
    the school the pupil left and the one they joined."""
    schools = dsl_school_ids(user)
    if not schools:
        return ChildProtectionFileTransfer.objects.none()
    return ChildProtectionFileTransfer.objects.filter(
        Q(move__from_school_id__in=schools) | Q(move__to_school_id__in=schools)
    )


def can_manage_item(user: User, item: RestrictedItem) -> bool:
    """Edit, share, and see who has read the item: the pupil's school's DSLs."""
    return is_dsl_for(user, item.pupil)


def can_manage_case_flag(user: User, case: Case) -> bool:
    """Set or clear "consult the DSL" and record a consultation: a DSL on the case."""
    return case.is_open and SchoolRole.DSL in case_roles(user, case)


def share_candidates(item: RestrictedItem) -> QuerySet[AbstractBaseUser]:
    """Whom a DSL may share an item with: active staff of the pupil's school or
    of its local authority, each with those roles loaded (``roles_here``)."""
    school = item.pupil.school
    here = Q(school=school) | Q(local_authority_id=school.local_authority_id)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(pk__in=StaffMembership.objects.filter(here).values("user"))
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=StaffMembership.objects.filter(here).select_related(
                    "school", "local_authority"
                ),
                to_attr="roles_here",
            )
        )
        .order_by("last_name", "first_name", "pk")
    )
