"""Writes: a school sends the notifications it has chosen; the LA receives one.

Nothing is sent without a person choosing and confirming it: the school's
page posts here only from its confirmation step.
"""

from collections.abc import Collection
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from returns.enums import NotificationKind
from returns.models import LaNotification
from returns.permissions import can_receive, can_send_returns
from returns.selectors import DueItem, due_notifications
from schools.models import Pupil, School


def _name(user: AbstractBaseUser) -> str:
    return user.get_full_name() or user.get_username()


@transaction.atomic
def notifications_send(
    *,
    user: AbstractBaseUser,
    school: School,
    due_items: Collection[DueItem | str],
    as_of: date | None = None,
) -> list[LaNotification]:
    """Send the chosen items (``DueItem`` or their ``ref``) to the school's LA,
    all together or none.

    The school row is locked and the items worked out again inside the
    transaction, so an item sent meanwhile by someone else, or no longer due,
    is refused with its pupil named and nothing is written. Side effects: one
    ``LaNotification`` per item, with the figures as they are now.
    """
    if not can_send_returns(user, school):
        raise ValidationError("You cannot send this school's notifications to the LA.")
    wanted = {
        item.ref if isinstance(item, DueItem) else str(item) for item in due_items
    }
    if not wanted:
        raise ValidationError("Choose at least one notification to send.")
    School.objects.select_for_update().filter(pk=school.pk).first()
    as_of = as_of or timezone.localdate()
    due = {item.ref: item for item in due_notifications(school, as_of)}
    missing = sorted(wanted - due.keys())
    if missing:
        raise ValidationError(
            [
                f"{_describe(ref, school)} has already been sent to the LA or is "
                "no longer due. Nothing was sent: check the list and try again."
                for ref in missing
            ]
        )
    now = timezone.now()
    rows = [
        LaNotification(
            school=school,
            local_authority_id=school.local_authority_id,
            kind=due[ref].kind,
            pupil=due[ref].pupil,
            key=due[ref].key,
            figures=due[ref].figures,
            due_on=due[ref].due_on,
            sent_by=user,
            sent_by_name=_name(user),
            sent_at=now,
        )
        for ref in due
        if ref in wanted
    ]
    try:
        with transaction.atomic():
            return LaNotification.objects.bulk_create(rows)
    except IntegrityError:
        # Someone else sent one of them between our read and our write (only
        # possible where the lock above is not kept, as on SQLite).
        raise ValidationError(
            "Someone else has just sent some of these notifications. Nothing was "
            "sent: check the list and try again."
        ) from None


def _describe(ref: str, school: School) -> str:
    """A refused item in words, without naming a pupil of another school."""
    kind, _, rest = ref.partition(":")
    pupil_id, _, _key = rest.partition(":")
    pupil = (
        Pupil.objects.filter(pk=pupil_id, school=school).first()
        if pupil_id.isdigit()
        else None
    )
    label = (
        NotificationKind(kind).label
        if kind in NotificationKind.values
        else "A notification"
    )
    return f"{label} for {pupil}" if pupil else label


@transaction.atomic
def notification_receive(
    *, user: AbstractBaseUser, notification: LaNotification
) -> LaNotification:
    """The LA acknowledges a notification. Receiving it again changes nothing.

    Side effects: the notification's received_by and received_at are set.
    """
    locked = LaNotification.objects.select_for_update().get(pk=notification.pk)
    if not can_receive(user, locked.local_authority_id):
        raise ValidationError("You cannot receive this LA's notifications.")
    if locked.received_at is None:
        locked.received_by = user
        locked.received_by_name = _name(user)
        locked.received_at = timezone.now()
        locked.save(update_fields=["received_by", "received_by_name", "received_at"])
    return locked
