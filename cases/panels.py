"""Panels other apps add to the case page.

An app above ``cases`` (safeguarding, plans, voice, later meetings and
contracts) registers a function ``(request, case) -> str`` that renders its
own panel, and says where it goes:

* ``"notices"``: at the top, before the pupil (the DSL's "consult me" flag);
* ``"work"``: after the forms for recording on the case and before the legal
  checklist (plans and support, pupil voice).

The case page shows each place's panels in registration order (the order of
``INSTALLED_APPS``). The function decides what the user may see, so the case
page needs to know nothing of it; an empty string shows nothing.
"""

from collections.abc import Callable
from typing import Literal

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from cases.models import Case

CasePanel = Callable[[HttpRequest, Case], str]
PanelPlace = Literal["notices", "work"]
PLACES: tuple[PanelPlace, ...] = ("notices", "work")
_panels: dict[PanelPlace, list[CasePanel]] = {place: [] for place in PLACES}


def register_case_panel(panel: CasePanel, *, place: PanelPlace) -> None:
    if place not in _panels:
        raise ValueError(f"A case panel goes in one of {PLACES}, not {place!r}.")
    if panel not in _panels[place]:
        _panels[place].append(panel)


def render_case_panels(request: HttpRequest, case: Case) -> dict[str, list[SafeString]]:
    """Each place's rendered panels, keyed by place."""
    rendered = {}
    for place, panels in _panels.items():
        html = (panel(request, case) for panel in panels)
        rendered[place] = [mark_safe(part) for part in html if part]  # noqa: S308 - rendered templates  # nosec B308 B703
    return rendered
