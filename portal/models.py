"""The portal's own records: staff preferences that belong to no app below it."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class WorkDigestSubscription(models.Model):
    """A user asked for the daily "My work" email. No row, no email.

    ``last_sent_on`` is the day the last digest went, so that running the
    command twice in a day sends once.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="work_digest",
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_sent_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "daily work email"
        default_permissions = ()

    def __str__(self) -> str:
        return f"Daily work email for user {self.user_id}"
