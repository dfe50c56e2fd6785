"""One view of a case per request, shared by the case page and its panels.

The case page, the workflow rules behind its steps, the checklist providers
and the panels other apps add all ask about the same case: whether it is
shared, its checklist, the "consult the DSL" flag, which restricted items the
user may read. While the page is being put together (``viewing(case)``,
around the view's context), each such read goes through ``once`` and is made
only the first time; the rest of the page gets the same answer.

Outside ``viewing`` (the services, commands, tests), ``once`` reads every
time, so a write is never judged on a stale read. The view lives in the case
object's own ``__dict__``, and a view loads its case afresh on each request,
so nothing passes from one request, or one user, to another. Keys that depend
on the user include the user's id.

This module imports nothing, so every case module (the checklist too) and the
apps above can use it.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")

_VIEW = "_case_view"


@contextmanager
def viewing(case) -> Iterator[None]:
    """Read what the page asks of ``case`` once, inside this block."""
    if _VIEW in case.__dict__:  # already inside a view of this case object
        yield
        return
    case.__dict__[_VIEW] = {}
    try:
        yield
    finally:
        case.__dict__.pop(_VIEW, None)


def once(case, key: object, read: Callable[[], T]) -> T:
    """``read()``, made once per view of the case (every time outside one)."""
    view = case.__dict__.get(_VIEW)
    if view is None:
        return read()
    if key not in view:
        view[key] = read()
    return view[key]
