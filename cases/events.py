"""Chronology kinds: the case core's own, and those other apps register.

An app that writes to a case's chronology owns its kinds (a ``TextChoices`` of
values namespaced by the app, such as ``plan.…``) and registers them here
when it loads, with any of them that show voluntary support was tried and
ended without success (what the step to a parenting contract asks for).
Nothing in the case core names another app's kinds.

An app may also act when staff record one of the case core's hand-recorded
facts (``cases.services.case_record``): the plans app, for one, puts a meeting
held with the parents in the support-first ledger. It registers a handler for
the kind with ``on_recorded``; the handler runs inside the same transaction,
after the event is written, and an error in it undoes the whole record.

At run time this module imports only ``cases.enums``.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import models

from cases.enums import EventKind

if TYPE_CHECKING:
    from cases.models import CaseEvent

_labels: dict[str, str] = {}
_support_exhausted: set[str] = set()
_prosecution_route: set[str] = set()
_on_recorded: dict[str, list[Callable[["CaseEvent"], None]]] = {}


def register_event_kinds(
    kinds: type[models.TextChoices],
    *,
    support_exhausted: tuple[str, ...] = (),
    prosecution_route: tuple[str, ...] = (),
) -> None:
    """Add an app's chronology kinds; which of them mean voluntary support
    ended without success; and which are a decision that opens the way to
    prosecution before a parenting contract (the LA's decision on an unpaid
    penalty notice). Registering the same kinds again changes nothing."""
    for value, label in kinds.choices:
        known = _labels.get(value)
        if known is not None and known != str(label):
            raise ValueError(f"The chronology kind {value!r} is already registered.")
        _labels[value] = str(label)
    unknown = (set(support_exhausted) | set(prosecution_route)) - set(kinds.values)
    if unknown:
        raise ValueError(f"Not kinds of {kinds.__name__}: {sorted(unknown)}")
    _support_exhausted.update(support_exhausted)
    _prosecution_route.update(prosecution_route)


def event_label(kind: str) -> str:
    """The kind in words; the raw value for a kind nobody registered."""
    return _labels.get(kind, kind)


def support_exhausted_kinds() -> list[str]:
    """Kinds that show voluntary support was tried and did not work, or was
    not appropriate, from every app."""
    return sorted(_support_exhausted)


def prosecution_route_kinds() -> list[str]:
    """Kinds that let a case go to prosecution before a parenting contract."""
    return sorted(_prosecution_route)


def on_recorded(kind: str, handler: Callable[["CaseEvent"], None]) -> None:
    """Run ``handler(event)`` whenever staff record a fact of this kind by hand.
    Registering the same handler again changes nothing."""
    handlers = _on_recorded.setdefault(kind, [])
    if handler not in handlers:
        handlers.append(handler)


def recorded_handlers(kind: str) -> list[Callable[["CaseEvent"], None]]:
    return list(_on_recorded.get(kind, ()))


register_event_kinds(
    EventKind, support_exhausted=(EventKind.VOLUNTARY_SUPPORT_EXHAUSTED,)
)
