"""The content security policy: nonces for the portal and the public site, and a
looser policy for the Wagtail admin, which still needs inline code.

The policy itself is ``CONTENT_SECURITY_POLICY`` in the settings (django-csp);
this module adds the one exception, and the endpoint browsers report
violations to. See docs/security.md.
"""

import json
import logging

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger("portal.csp")

# Wagtail's admin writes inline scripts and style attributes of its own, which
# cannot carry a nonce (wagtail/wagtail#1288). A nonce in a directive makes
# browsers ignore 'unsafe-inline', so the admin's directives replace those of
# the strict policy rather than adding to them. Everything else stays strict:
# no eval, no other origins, no framing.
WAGTAIL_ADMIN_DIRECTIVES = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
}
REPORT_BODY_LIMIT = 16 * 1024


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the Wagtail admin's exception."""

    def get_policy_parts(
        self, request: HttpRequest, response, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(reverse("wagtailadmin_home")):
            parts.replace = {**(parts.replace or {}), **WAGTAIL_ADMIN_DIRECTIVES}
        return parts


@csrf_exempt  # browsers send reports without a token
@login_not_required
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    """Log what a browser refused under the policy, briefly; keep nothing else."""
    if len(request.body) > REPORT_BODY_LIMIT:
        return HttpResponse(status=413)
    try:
        report = json.loads(request.body or b"{}").get("csp-report", {})
    except (ValueError, AttributeError):
        return HttpResponse(status=400)
    if not isinstance(report, dict):
        return HttpResponse(status=400)
    logger.warning(
        "Content security policy refused %s on %s (%s)",
        str(report.get("blocked-uri", ""))[:200],
        str(report.get("document-uri", "")).split("?")[0][:200],
        str(report.get("violated-directive", ""))[:100],
    )
    return HttpResponse(status=204)
