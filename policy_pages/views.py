"""The public site search: Wagtail search over live, public pages of this site."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe
from wagtail.models import Site

from policy_pages.cache import public_cache_headers
from policy_pages.selectors import (
    school_home_for,
    school_names_for,
    search_public_pages,
)

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """Search results for ``?q=``; the same for every visitor, so cacheable."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    site = Site.find_for_request(request)
    results, schools = None, {}
    if query:
        matches = search_public_pages(site=site, query=query)
        results = Paginator(matches, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        schools = school_names_for(list(results))
    response = TemplateResponse(
        request,
        "policy_pages/search.html",
        {
            "query": query,
            "results": results,
            "hits": [(page, schools.get(page.pk, "")) for page in results or []],
            # On a school's own site, the header names the school.
            "school_home": school_home_for(site.root_page) if site else None,
        },
    )
    return public_cache_headers(response)
