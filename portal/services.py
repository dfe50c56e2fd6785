"""Writes of the portal's own records, and the daily "My work" email."""

import logging
from dataclasses import dataclass, field
from datetime import date

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import dateformat

from portal.models import WorkDigestSubscription
from schools.work import WorkItem, my_work

logger = logging.getLogger(__name__)


def work_digest_subscribe(*, user) -> WorkDigestSubscription:
    """Turn the daily email on for the user (again is harmless). Writes one row."""
    subscription, _ = WorkDigestSubscription.objects.get_or_create(user=user)
    return subscription


def work_digest_unsubscribe(*, user) -> None:
    """Turn the daily email off for the user (again is harmless). Deletes the row."""
    WorkDigestSubscription.objects.filter(user_id=user.pk).delete()


def _day(day: date) -> str:
    return dateformat.format(day, "j F Y")


def digest_text(*, user, items: list[WorkItem], today: date, base_url: str) -> str:
    """The plain-text email. Of each item it names only the kind, the pupil, the
    state and the due date, with its link: never what a record says."""
    base = base_url.rstrip("/")
    overdue = sum(item.overdue for item in items)
    lines = [
        f"Hello {user.first_name or user.get_username()},",
        "",
        f"Your work in the school attendance portal on "
        f"{dateformat.format(today, 'l j F Y')}: {len(items)} "
        f"{'item' if len(items) == 1 else 'items'} due, {overdue} overdue.",
        "",
    ]
    for number, item in enumerate(items, start=1):
        lines += [
            f"{number}. {item.status(today)}: {item.kind}, {item.pupil}, "
            f"due {_day(item.due_on)}",
            f"   {base}{item.url}",
        ]
    lines += [
        "",
        f"Your dashboard: {base}{reverse('portal:dashboard')}",
        "",
        "You get this email because you turned it on on your dashboard; you can "
        "turn it off there.",
    ]
    return "\n".join(lines) + "\n"


@dataclass
class DigestRun:
    """What one run of the daily email did, user by user (usernames)."""

    sent: list[str] = field(default_factory=list)
    nothing_due: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def _send_one(subscription: WorkDigestSubscription, today: date, base_url: str):
    user = subscription.user
    with transaction.atomic():
        locked = WorkDigestSubscription.objects.select_for_update().get(
            pk=subscription.pk
        )
        if locked.last_sent_on == today:
            return "already sent today"
        items = my_work(user, today)
        if not items:
            return "nothing due"
        overdue = sum(item.overdue for item in items)
        send_mail(
            subject=f"Your attendance work: {len(items)} due, {overdue} overdue",
            message=digest_text(user=user, items=items, today=today, base_url=base_url),
            from_email=None,
            recipient_list=[user.email],
        )
        locked.last_sent_on = today
        locked.save(update_fields=["last_sent_on"])
    return "sent"


def work_digests_send(*, today: date, base_url: str) -> DigestRun:
    """Email each subscribed, active user with an address their list for
    ``today``, unless it went already today or nothing is due.

    Side effects: one email per such user through Django's email backend, and
    ``last_sent_on`` set to ``today`` on their subscription in the same
    transaction. A failure for one user is logged and the others still go.
    """
    run = DigestRun()
    subscriptions = WorkDigestSubscription.objects.select_related("user").order_by(
        "user__username"
    )
    for subscription in subscriptions:
        user = subscription.user
        name = user.get_username()
        if not user.is_active:
            run.skipped.append((name, "account inactive"))
            continue
        if not user.email:
            run.skipped.append((name, "no email address"))
            continue
        try:
            outcome = _send_one(subscription, today, base_url)
        except Exception as error:  # one user's failure must not stop the rest
            logger.exception("The daily work email to %s failed", name)
            run.failed.append((name, error.__class__.__name__))
            continue
        if outcome == "sent":
            run.sent.append(name)
        elif outcome == "nothing due":
            run.nothing_due.append(name)
        else:
            run.skipped.append((name, outcome))
    return run
