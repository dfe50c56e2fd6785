"""The client's address for login throttling, behind a known number of proxies."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from, as django-axes should count it.

    With no trusted proxy (the default), that is REMOTE_ADDR. Behind N trusted
    reverse proxies, each appends the address it received from to
    X-Forwarded-For, so the client is the Nth entry from the right; entries
    further left were written by the client and cannot be trusted.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.PORTAL_TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]
