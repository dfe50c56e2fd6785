"""Login helpers: the absolute session clock and the htmx-aware login check."""

import time
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url

from portal.middleware import LOGIN_AT_SESSION_KEY


def record_login_time(sender, request: HttpRequest, user, **kwargs) -> None:
    """Start the absolute session clock when someone logs in."""
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT_SESSION_KEY] = time.time()


def portal_login_required(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Every portal view except login: anonymous users go to the login page.

    An htmx request with no session gets an ``HX-Redirect`` header, so the
    browser loads the login page instead of swapping it into a fragment.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            current = request.htmx.current_url_abs_path or request.get_full_path()
            response["HX-Redirect"] = redirect_to_login(current).url
            return response
        return redirect_to_login(request.get_full_path(), resolve_url("portal:login"))

    return wrapped
