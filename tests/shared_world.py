"""Test worlds built once and shared by the tests that follow, as Django's
``TestCase.setUpTestData`` shares a test class's data.

A world fixture made with ``shared_world(build)`` gives each test the world
``build()`` makes (organisations, users and their roles), exactly as if the
test had built it itself:

* ``build()`` runs once, inside a savepoint opened *around* the test's own
  transaction (pytest-django's), before that transaction starts. Each test's
  changes are rolled back at its end, as always; the world's rows stay for the
  next test that asks for the same world.
* Each test gets its own deep copy of the world's objects, so what one test
  changes on them in memory (a user made inactive, a school renamed) is not
  seen by the next.
* Only tests that ask for that world see its rows: before any other test
  starts (one using the database without it, one asking for another world, a
  transactional or browser test), the savepoint is rolled back and the world
  is gone.
* A transactional test (``django_db(transaction=True)``, ``transactional_db``,
  ``live_server``) builds its world itself, as before: it commits, and a
  savepoint cannot hold it.

A world is built before the test's own fixtures are set up, so in real time
unless ``frozen_at`` says otherwise. A test asking for two shared worlds gets
neither shared: each is built for it.
"""

import copy
from collections.abc import Callable
from contextlib import nullcontext
from datetime import datetime
from typing import TypeVar

import pytest
import time_machine
from django.db import transaction
from django.test import override_settings
from pytest_django.plugin import blocking_manager_key

T = TypeVar("T")

# The attribute naming a world fixture's builder and clock, on its function.
BUILDER = "_shared_world_builder"


def shared_world(
    build: Callable[[], T],
    *,
    name: str = "world",
    frozen_at: datetime | None = None,
    fixtures: tuple[str, ...] = (),
):
    """A function-scoped fixture called ``name`` giving each test a copy of
    the world ``build()`` makes, built once for a run of tests.

    ``frozen_at``: the world is built with the clock stopped at that moment
    (time-machine), for a world whose dates matter; ``fixtures``: other
    fixtures every test using the world gets (say, the same frozen clock).
    """

    def world(request, db) -> T:
        for other in fixtures:
            request.getfixturevalue(other)
        worlds = request.config.stash[SHARED_WORLDS]
        if worlds.prepared_for is request.node:
            return worlds.copy()
        # A transactional test: its own world, committed.
        with _clock(frozen_at):
            return build()

    setattr(world, BUILDER, (build, frozen_at))
    world.__doc__ = build.__doc__
    return pytest.fixture(world, name=name)


def _clock(frozen_at: datetime | None):
    if frozen_at is None:
        return nullcontext()
    return time_machine.travel(frozen_at, tick=False)


class SharedWorlds:
    """The one world held at a time, in the savepoint that holds its rows."""

    def __init__(self, blocker) -> None:
        self._blocker = blocker
        self._atomic = None
        self._build = None
        self._world = None
        self.prepared_for = None  # the test whose fixture may copy the world

    def prepare(self, builder: tuple, item) -> None:
        if self._build != builder:
            self.release()
            with self._blocker.unblock():
                atomic = transaction.atomic()
                # As Django's TestCase marks its own: a durable block a test
                # opens is checked as if this one were not there.
                atomic._from_testcase = True
                atomic.__enter__()
                self._atomic = atomic
                self._build = builder
                # Under the settings the test itself runs with (its autouse
                # fixtures are not set up yet): the fast password hasher above all.
                from tests.conftest import fast_test_settings

                build, frozen_at = builder
                try:
                    with override_settings(**fast_test_settings()), _clock(frozen_at):
                        self._world = build()
                except BaseException:
                    self.release()  # nothing half-built is left for the next test
                    raise
        self.prepared_for = item

    def copy(self):
        return copy.deepcopy(self._world)

    def release(self) -> None:
        self.prepared_for = None
        if self._atomic is None:
            return
        atomic, self._atomic = self._atomic, None
        self._build = self._world = None
        with self._blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


SHARED_WORLDS = pytest.StashKey[SharedWorlds]()


def _builder(item) -> tuple | None:
    """The builder of the one shared world the test asks for, if any."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return None
    builders = {
        getattr(defs[-1].func, BUILDER, None)
        for defs in info.name2fixturedefs.values()
        if defs
    } - {None}
    return builders.pop() if len(builders) == 1 else None


def _is_transactional(item) -> bool:
    """As pytest-django decides it (``_django_db_helper``)."""
    marker = item.get_closest_marker("django_db")
    if marker and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    ):
        return True
    names = set(getattr(item, "fixturenames", ()))
    return bool(
        names & {"transactional_db", "live_server", "django_db_reset_sequences"}
    )


def pytest_configure(config) -> None:
    config.stash[SHARED_WORLDS] = SharedWorlds(config.stash[blocking_manager_key])


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item) -> None:
    """Before any fixture of a test that does not share the world held: the
    world is rolled back."""
    worlds = item.config.stash[SHARED_WORLDS]
    if _builder(item) is None or _is_transactional(item):
        worlds.release()
    else:
        worlds.prepared_for = None


@pytest.fixture(scope="session")
def _shared_worlds(django_db_setup, pytestconfig):
    """The world held, rolled back before the test database is destroyed."""
    worlds = pytestconfig.stash[SHARED_WORLDS]
    yield worlds
    worlds.release()


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    """Just before pytest-django opens a test's transaction (its database is
    set up by then): the test's world, built if it is not held already."""
    if fixturedef.argname == "_django_db_helper":
        item = request.node
        build = _builder(item)
        if build is not None and not _is_transactional(item):
            request.getfixturevalue("_shared_worlds").prepare(build, item)
    return (yield)
