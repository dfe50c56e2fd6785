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


class SignedInSession(models.Model):
    """A session that passed both factors, so that it can be ended from elsewhere.

    Written when the second factor passes and removed at sign-out; "Sign out
    everywhere" (and, later, deactivating a leaver) ends every session listed
    for the user. Sessions the store has already expired leave a row that the
    next sign-out everywhere removes.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="signed_in_sessions",
    )
    session_key = models.CharField(max_length=40, unique=True)
    signed_in_at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"Session of user {self.user_id} from {self.signed_in_at:%Y-%m-%d %H:%M}"
