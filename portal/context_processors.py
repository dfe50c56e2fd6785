"""Template context the portal's pages share."""

from django.http import HttpRequest


def csp_nonce(request: HttpRequest) -> dict:
    """The response's content-security-policy nonce, as ``csp_nonce``.

    django-htmx's ``{% htmx_script %}`` reads it under this name; templates put
    it on any inline ``<style>`` or ``<script>``. It is made only when a
    template uses it, and then the policy names it.
    """
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
