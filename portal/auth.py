"""Login helpers: the absolute session clock and the htmx-aware redirect to the
login page that ``middleware.PortalLoginRequiredMiddleware`` sends."""

import time

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import urlencode

from portal.middleware import LOGIN_AT_SESSION_KEY, RENEWED_AT_SESSION_KEY


def record_login_time(sender, request: HttpRequest, user, **kwargs) -> None:
    """Start the absolute session clock when someone logs in; the login's own
    write of the session starts the idle clock too."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[LOGIN_AT_SESSION_KEY] = now
        request.session[RENEWED_AT_SESSION_KEY] = now


def login_redirect(request: HttpRequest) -> HttpResponse:
    """Where an anonymous request for a portal page goes: the login page.

    An htmx request with no session gets an ``HX-Redirect`` header, so the
    browser loads the login page instead of swapping it into a fragment.
    """
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        current = request.htmx.current_url_abs_path or request.get_full_path()
        response["HX-Redirect"] = redirect_to_login(current).url
        return response
    return redirect_to_login(request.get_full_path(), resolve_url("portal:login"))


def url_with_next(name: str, wanted: str | None) -> str:
    """The URL named ``name``, carrying ``next`` when there is one (the sign-in
    pages pass the address the person was going to from step to step)."""
    url = reverse(name)
    return f"{url}?{urlencode({'next': wanted})}" if wanted else url
