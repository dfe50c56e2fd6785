"""What a member of staff has to do next: the "My work" list and its sources.

The list is put together from *work sources* that the apps register when they
load, so the portal shows whatever the installed apps know about without
knowing them in advance. The registry lives here, in the lowest app, so that
every app above may add a source without importing anything above itself::

    from schools.work import WorkItem, register_work_source

    @register_work_source
    def reviews_due(user, today):
        return [WorkItem(...) for plan in ...]

A source receives the user and the day, returns the ``WorkItem`` objects that
are the user's and due, runs a fixed number of queries however many items
there are, and must only return items about records the user may see (it
asks its own app's permission helpers). It must not write anything.

At run time this module imports nothing from the apps.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

# How far ahead the list looks for things falling due.
DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class WorkItem:
    """One thing to do.

    ``kind`` names the sort of item in a few words ("Plan review"). It and the
    pupil's name are all the daily email says about an item, so neither may
    carry safeguarding content. ``what`` and ``detail`` are shown on the page
    only, to the user the source chose them for.
    """

    kind: str
    what: str
    pupil: str
    due_on: date
    overdue: bool
    url: str
    detail: str = ""

    def status(self, today: date) -> str:
        """The state in words, so that it is never shown by colour alone."""
        if self.overdue:
            return "Overdue"
        if self.due_on <= today:
            return "Due today"
        return "Due soon"


WorkSource = Callable[..., list[WorkItem]]

_sources: dict[str, WorkSource] = {}


def register_work_source(source: WorkSource) -> WorkSource:
    """Add a source (usable as a decorator); registering it again replaces it."""
    _sources[f"{source.__module__}.{source.__qualname__}"] = source
    return source


def work_sources() -> list[WorkSource]:
    return list(_sources.values())


def my_work(user, today: date) -> list[WorkItem]:
    """Everything due for the user: overdue first, then by due date.

    Nothing for an anonymous or inactive user.
    """
    if not (user and user.is_authenticated and user.is_active):
        return []
    items = [item for source in work_sources() for item in source(user, today)]
    return sorted(
        items, key=lambda item: (not item.overdue, item.due_on, item.kind, item.pupil)
    )
