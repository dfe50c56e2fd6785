"""Reads of the portal's own records."""

from portal.models import WorkDigestSubscription


def work_digest_subscribed(user) -> bool:
    """The user gets the daily "My work" email (one query)."""
    return WorkDigestSubscription.objects.filter(user_id=user.pk).exists()
