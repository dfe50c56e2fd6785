"""A per-page cache for the public pages that is never stale after a publish.

Public pages carry no per-user data (no user bar, no CSRF token, no pupil data),
so one rendering serves every visitor. A rendered page is kept in Django's
cache under a key made of:

- the site and the page;
- the page's live revision and publish time, read from the page row that
  Wagtail's routing has already loaded, so a publish of the page itself always
  misses the old entry, even with a per-process cache;
- ``render_cache_parts()``: the same for pages whose content this page shows
  (a school's home page shows its policy page's contacts);
- today's date, because a policy's review can become overdue overnight;
- a generation that changes whenever any page, contact, document, site or
  school is saved or deleted (``generation_bump``), for everything else a page
  may show, such as a linked page's title.

The generation lives in the cache itself, so it reaches every process only
when the cache is shared (Redis, Memcached or the database cache). With a
per-process cache, the page's own publishes are still seen at once and other
changes within ``POLICY_PAGES_CACHE_SECONDS``. ``POLICY_PAGES_CACHE_SECONDS = 0``
turns the cache off.

Pages behind a Wagtail view restriction (password, login, groups) are never
cached and say ``Cache-Control: private, no-store``. Other responses say
``Cache-Control: public, max-age=0, must-revalidate`` with an ETag: browsers
and proxies may keep a copy but must check it on every visit, which costs a 304
and no rendering when nothing has changed.
"""

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag

GENERATION_KEY = "policy_pages:generation"
DEFAULT_SECONDS = 600


def _cache():
    return caches[getattr(settings, "POLICY_PAGES_CACHE_ALIAS", "default")]


def cache_seconds() -> int:
    return int(getattr(settings, "POLICY_PAGES_CACHE_SECONDS", DEFAULT_SECONDS))


def generation() -> str:
    """The current generation; a fresh one if the cache has lost it."""
    cache = _cache()
    value = cache.get(GENERATION_KEY)
    if value is None:
        # A new value, never a counter restarting at 1: an evicted counter must
        # not bring back keys that were in use before it was lost.
        value = str(time.time_ns())
        cache.add(GENERATION_KEY, value, None)
        value = cache.get(GENERATION_KEY, value)
    return value


def generation_bump(**kwargs) -> None:
    """Signal receiver: every cached public page is rendered again on next view."""
    _cache().set(GENERATION_KEY, str(time.time_ns()), None)


def page_cache_key(page, request: HttpRequest) -> str:
    """The key for ``page`` as served on the request's site."""
    from wagtail.models import Site

    site = Site.find_for_request(request)
    parts = (
        site.pk if site else None,
        page.pk,
        page.live_revision_id,
        page.last_published_at.isoformat() if page.last_published_at else None,
        *page.render_cache_parts(),
        # Pages say whether a review is overdue, which changes at midnight.
        timezone.localdate().isoformat(),
        generation(),
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:40]
    return f"policy_pages:page:{digest}"


def public_cache_headers(response: HttpResponse) -> HttpResponse:
    """Cacheable by anyone, but checked with the server on every use."""
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    return response


def serve_cached(
    page, request: HttpRequest, render: Callable[..., HttpResponse], *args, **kwargs
) -> HttpResponse:
    """Serve ``page`` from the cache, rendering it with ``render`` on a miss."""
    if request.method not in ("GET", "HEAD"):
        return render(request, *args, **kwargs)
    if page.get_view_restrictions().exists():
        # Behind a password or login: Wagtail has let this visitor in; the
        # page must not be kept for anyone else, here or in a shared proxy.
        response = render(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response
    seconds = cache_seconds()
    key = page_cache_key(page, request) if seconds > 0 else None
    content = _cache().get(key) if key else None
    if content is None:
        response = render(request, *args, **kwargs)
        if response.status_code != 200 or response.streaming:
            return response
        if hasattr(response, "render"):
            response.render()
        content = response.content
        if key:
            _cache().set(key, content, seconds)
    else:
        response = HttpResponse(content, content_type="text/html; charset=utf-8")
    response["ETag"] = quote_etag(hashlib.sha256(content).hexdigest()[:32])
    public_cache_headers(response)
    not_modified = get_conditional_response(
        request, etag=response["ETag"], response=response
    )
    return not_modified if not_modified is not None else response
