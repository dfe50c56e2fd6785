"""Invitations to the portal, and the sessions that passed both factors."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


def token_digest(token: str) -> str:
    """Invitations keep only a digest of their link's token, never the token."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """A one-time link for a new member of staff to set a password.

    The account and its role exist from the moment of the invitation (so the
    staff list shows the person, waiting); its password is unusable until the
    link is used. The link works once, until ``expires_at``, and not after it
    is withdrawn or the account is deactivated.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    token_digest = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"Invitation of user {self.person_id}"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.accepted_at is None
            and self.withdrawn_at is None
            and now < self.expires_at
        )


class SignedInSession(models.Model):
    """A session that passed both factors, so that it can be ended from elsewhere.

    Written when the second factor passes and removed at sign-out; "Sign out
    everywhere", deactivating an account and resetting its authenticator end
    every session listed for the person. Sessions the store has already
    expired leave a row that the next of those removes.
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
