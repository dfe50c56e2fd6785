"""The safeguarding app's part of "My work" (``schools.work``).

* Shares about to end: those a DSL made (while still a DSL of the pupil's
  school) and those made to the user, in force and ending within a week.
* Child-protection files the user's school has still to send, due within a
  week or overdue.

Registered by ``hooks.register()`` when the app is ready. Only what
``safeguarding.permissions`` lets the user read or manage is listed, and an
item never carries the record's content: the item kind and the pupil's name.
"""

from datetime import date, timedelta

from django.db.models import Q

from safeguarding.models import RestrictedItemGrant
from safeguarding.permissions import (
    current_grants,
    dsl_school_ids,
    grants_in_force,
    visible_transfers,
)
from schools.work import DUE_SOON_DAYS, WorkItem, register_work_source

SHARE_ENDING = "Restricted record: share ending"
FILE_TO_SEND = "Child-protection file to send"


def _ending(grants, today: date):
    soon = today + timedelta(days=DUE_SOON_DAYS)
    return (
        grants_in_force(grants.filter(expires_on__lte=soon), today)
        .select_related("content_object__pupil", "user")
        .order_by("expires_on", "pk")
    )


@register_work_source
def shares_ending(user, today: date) -> list[WorkItem]:
    """Shares made by or to the user that end within a week (two queries, and
    one for the user's DSL schools unless already known)."""
    made = RestrictedItemGrant.objects.filter(
        shared_by=user,
        content_object__pupil__school_id__in=dsl_school_ids(user),
        permission__codename="read_restricted_item",
        permission__content_type__app_label="safeguarding",
    )
    items = [
        WorkItem(
            kind=SHARE_ENDING,
            what="Your share of a restricted record ends",
            pupil=grant.content_object.pupil.display_name,
            due_on=grant.expires_on,
            overdue=False,
            url=grant.content_object.get_absolute_url(),
            detail=f"Shared with {grant.user.get_full_name() or grant.user}",
        )
        for grant in _ending(made, today)
    ]
    items += [
        WorkItem(
            kind=SHARE_ENDING,
            what="Your access to a restricted record ends",
            pupil=grant.content_object.pupil.display_name,
            due_on=grant.expires_on,
            overdue=False,
            url=grant.content_object.get_absolute_url(),
        )
        for grant in _ending(current_grants(user, today), today)
    ]
    return items


@register_work_source
def files_to_send(user, today: date) -> list[WorkItem]:
    """Transfers the user's school (as the pupil's previous school, where the
    user is a DSL) has not yet sent, due within a week or overdue."""
    schools = dsl_school_ids(user)
    if not schools:
        return []
    transfers = (
        visible_transfers(user)
        .filter(
            Q(move__from_school_id__in=schools),
            sent_on__isnull=True,
            due_on__lte=today + timedelta(days=DUE_SOON_DAYS),
        )
        .select_related("move__pupil")
        .order_by("due_on", "pk")
    )
    return [
        WorkItem(
            kind=FILE_TO_SEND,
            what="Send the child-protection file to the new school",
            pupil=transfer.move.pupil.display_name,
            due_on=transfer.due_on,
            overdue=transfer.is_overdue(today),
            url=transfer.get_absolute_url(),
        )
        for transfer in transfers
    ]
