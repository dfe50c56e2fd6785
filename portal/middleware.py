"""Session limits and response headers for the staff portal."""

import re
import time
from collections.abc import Callable
from uuid import uuid4

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from wagtail.contrib.redirects.middleware import RedirectMiddleware

from portal.client_ip import client_ip

LOGIN_AT_SESSION_KEY = "portal_login_at"
RENEWED_AT_SESSION_KEY = "portal_renewed_at"
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


class SessionLifetimeMiddleware:
    """A session's two limits: 30 minutes idle, and 12 hours after login.

    The idle limit is the session's age (``SESSION_COOKIE_AGE``), renewed by
    activity: a request to a session not written for a minute
    (``PORTAL_SESSION_REFRESH_SECONDS``) marks it changed, so Django writes it
    with a new expiry. Other requests write nothing, so a session ends between
    29 and 30 minutes after its last request, and reading a page costs no
    write. The absolute limit (``PORTAL_SESSION_ABSOLUTE_SECONDS``) is counted
    from login, and activity cannot extend it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            login_at = request.session.get(LOGIN_AT_SESSION_KEY)
            limit = settings.PORTAL_SESSION_ABSOLUTE_SECONDS
            if login_at is None or time.time() - login_at > limit:
                logout(request)
        self._renew_idle_limit(request.session)
        return self.get_response(request)

    @staticmethod
    def _renew_idle_limit(session) -> None:
        if session.session_key is None:
            return  # no session cookie: nothing to renew, nothing read
        renewed_at = session.get(RENEWED_AT_SESSION_KEY)  # reads the session
        if session.session_key is None:
            return  # the cookie named a session that has ended
        now = time.time()
        if renewed_at is None or (
            now - renewed_at >= settings.PORTAL_SESSION_REFRESH_SECONDS
        ):
            session[RENEWED_AT_SESSION_KEY] = now


class SecondFactorMiddleware:
    """A session that has passed the password but not the second factor is anonymous.

    Everything after this middleware (the portal's login check, the Wagtail
    admin's, private documents and pages) sees ``AnonymousUser``, so no entry
    point can be used to skip the code. The signed-in user waits in
    ``request.pending_user`` for the second-factor pages, the only ones that
    read it. The Wagtail admin's and the public site's login pages send people
    to the portal's, where both factors are asked. The system check
    ``portal.E004`` refuses to run without this middleware.
    """

    # Wagtail's own login views: a password typed there would skip nothing
    # (the session would stay pending) but would strand people at a page with
    # no second step, so they go to the portal's login instead.
    OTHER_LOGIN_VIEWS = frozenset({"wagtailadmin_login", "wagtailcore_login"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from portal.second_factor import session_is_pending  # needs the app registry

        request.pending_user = None
        if session_is_pending(request.session):
            request.pending_user = request.user
            request.user = AnonymousUser()

            async def anonymous():
                return AnonymousUser()

            request.auser = anonymous
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        if match is None or match.url_name not in self.OTHER_LOGIN_VIEWS:
            return None
        from django.urls import reverse

        home = "/" if match.url_name == "wagtailcore_login" else "wagtailadmin_home"
        next_url = request.GET.get("next") or resolve_url(home)
        return redirect_to_login(next_url, reverse("portal:login"))


class PortalLoginRequiredMiddleware:
    """Every view in the ``portal`` URL namespace needs a signed-in user.

    Deny by default: the views that the portal includes from the apps below
    it (attendance, cases, safeguarding) carry no login decorator and import
    nothing from the portal. A view opts out only with Django's
    ``login_not_required`` (the login page, and logging out). Anonymous
    requests go to the login page (``auth.login_redirect``; htmx gets an
    ``HX-Redirect``). The system check ``portal.E003`` refuses to run a site
    that includes the portal without this middleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        if match is None or "portal" not in match.namespaces:
            return None
        if not getattr(view_func, "login_required", True):
            return None
        if request.user.is_authenticated:
            return None
        from portal.auth import login_redirect  # auth imports this module

        return login_redirect(request)


class PublicSiteRedirectMiddleware(RedirectMiddleware):
    """Wagtail's redirects, for the public site only.

    Wagtail looks up a redirect for every 404. A portal view's 404 is its
    answer to a record the user may not see (or that does not exist): it stays
    a 404, and no redirect made in the CMS can stand in for it. Not looking
    one up also saves two queries on each such answer.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse):
        match = getattr(request, "resolver_match", None)
        if match is not None and "portal" in match.namespaces:
            return response
        return super().process_response(request, response)


class PortalResponseHeadersMiddleware:
    """Portal pages are never stored by browsers or proxies.

    Pupil data must not linger in a shared computer's cache, so every response
    from a view in the ``portal`` namespace gets ``Cache-Control: no-store``,
    and varies on ``HX-Request`` because the same URL answers htmx with a partial.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and "portal" in match.namespaces:
            add_never_cache_headers(response)
            patch_vary_headers(response, ["HX-Request"])
        return response


class RequestContextMiddleware:
    """Gives each request an id and the client's address, for audit logs.

    The id comes from a trusted proxy's ``X-Request-ID`` when it looks like
    one, otherwise it is made here; it is sent back on the response so a log
    line and an access-log row can be matched.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        trusted = settings.PORTAL_TRUSTED_PROXY_COUNT > 0
        request.request_id = (
            incoming if trusted and _REQUEST_ID.fullmatch(incoming) else uuid4().hex
        )
        request.client_ip = client_ip(request)
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


class RequestBodyLimitMiddleware:
    """Refuses a request body that is too large before anything reads it.

    A request whose ``Content-Length`` is over ``MAX_REQUEST_BODY_BYTES`` gets
    ``413`` with a short message, unless its URL resolves to one of the upload
    views in ``PORTAL_UPLOAD_LIMITS``, which may take up to their own limit,
    and then only from a signed-in user: ``process_view`` runs before
    ``CsrfViewMiddleware`` reads the form, so an anonymous visitor cannot make
    the site read a large body there either. Only the header is looked at, so
    an anonymous 150 MB post to the login page costs nothing. A body sent
    without a length (chunked) is read by Django as empty; the reverse proxy's
    own limit (nginx's ``client_max_body_size``) stays the hard ceiling.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = _content_length(request)
        if length > settings.MAX_REQUEST_BODY_BYTES and length > self.limit(request):
            return _too_large("Request too large.")
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if _content_length(request) <= settings.MAX_REQUEST_BODY_BYTES:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return _too_large("Request too large: sign in to upload files.")
        return None

    @staticmethod
    def limit(request: HttpRequest) -> int:
        """The largest body this request's view accepts."""
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return settings.MAX_REQUEST_BODY_BYTES
        return settings.PORTAL_UPLOAD_LIMITS.get(
            match.view_name, settings.MAX_REQUEST_BODY_BYTES
        )


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django reads a body of unreadable length as empty


def _too_large(message: str) -> HttpResponse:
    return HttpResponse(
        f"{message}\n", status=413, content_type="text/plain; charset=utf-8"
    )


class PermissionsPolicyMiddleware:
    """Sends ``Permissions-Policy`` from ``settings.PERMISSIONS_POLICY``.

    Each feature maps to the origins allowed to use it; an empty list switches
    it off for the page and anything it embeds, so a script injected into a
    page cannot ask for the camera, the microphone or the location.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})"
            for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
