"""Panels other apps add to the case page.

An app above ``cases`` (safeguarding, later meetings and contracts) registers a
function ``(request, case) -> str`` that renders its own panel; the case page
shows each panel's HTML in registration order. The function decides what the
user may see, so the case page needs to know nothing of it.
"""

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from cases.models import Case

CasePanel = Callable[[HttpRequest, Case], str]
_panels: list[CasePanel] = []


def register_case_panel(panel: CasePanel) -> None:
    if panel not in _panels:
        _panels.append(panel)


def render_case_panels(request: HttpRequest, case: Case) -> list[SafeString]:
    rendered = (panel(request, case) for panel in _panels)
    return [mark_safe(html) for html in rendered if html]  # noqa: S308 (templates)
