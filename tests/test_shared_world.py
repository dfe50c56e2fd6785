"""A shared world (tests/shared_world.py) behaves as one built by each test.

The tests here are symmetric: each first checks that it starts from the
pristine world (or, for the test without it, from no world), then changes the
world in the database and in memory. Whichever runs after another in the same
process therefore checks that the other's changes did not reach it. Run alone
(``pytest tests/test_shared_world.py``) they share one process and one world.
"""

from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone
from pytest_django.plugin import blocking_manager_key

from schools.models import School
from tests.cases.conftest import World, build_world
from tests.factories import SchoolFactory
from tests.shared_world import SHARED_WORLDS, shared_world

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

BUILDS = []
ORIGINAL_NAME = "Shared World Academy"


def build_counted_world() -> World:
    BUILDS.append(1)
    w = build_world()
    w.school.name = ORIGINAL_NAME
    w.school.save()
    return w


world = shared_world(build_counted_world)


def starts_pristine(w: World) -> None:
    assert w.school.name == ORIGINAL_NAME
    assert School.objects.get(pk=w.school.pk).name == ORIGINAL_NAME
    assert w.users["officer"].is_active
    assert get_user_model().objects.get(pk=w.users["officer"].pk).is_active
    assert not School.objects.filter(name__startswith="Left behind").exists()


def changes_everything(w: World, tag: str) -> None:
    w.school.name = f"Renamed by {tag}"
    w.school.save()
    w.users["officer"].is_active = False
    w.users["officer"].save()
    SchoolFactory(name=f"Left behind by {tag}", local_authority=w.la)


@pytest.mark.parametrize("tag", ["first", "second", "third"])
def test_each_test_starts_from_the_pristine_world(world, tag):
    starts_pristine(world)
    changes_everything(world, tag)


def test_the_world_is_built_once_for_the_tests_that_share_it(world, request):
    held = request.config.stash[SHARED_WORLDS]
    assert held.prepared_for is request.node
    assert len(BUILDS) >= 1
    before = len(BUILDS)
    copy = held.copy()
    assert len(BUILDS) == before  # a copy, not a new build
    assert copy is not world
    assert copy.school is not world.school
    assert copy.school.pk == world.school.pk
    assert copy.users["lead"].pk == world.users["lead"].pk


def test_a_test_without_the_world_does_not_see_its_rows():
    assert not School.objects.filter(name=ORIGINAL_NAME).exists()
    assert not get_user_model().objects.filter(username="t.officer").exists()


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_builds_its_own_world(world, request):
    """It commits, so no savepoint may hold its world: it is built for it."""
    assert request.config.stash[SHARED_WORLDS].prepared_for is None
    starts_pristine(world)
    assert School.objects.filter(name=ORIGINAL_NAME).count() == 1


FROZEN_AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def stopped_clock():
    with time_machine.travel(FROZEN_AT, tick=False):
        yield


def build_dated_world() -> World:
    return build_world()


dated_world = shared_world(
    build_dated_world,
    name="dated_world",
    frozen_at=FROZEN_AT,
    fixtures=("stopped_clock",),
)


@pytest.mark.parametrize("run", [1, 2])
def test_a_world_frozen_at_a_moment_is_built_then_and_used_then(dated_world, run):
    assert dated_world.users["officer"].date_joined == FROZEN_AT
    assert timezone.now() == FROZEN_AT


def test_a_world_that_fails_to_build_leaves_nothing_behind(request):
    """A failing builder fails the test that asked for it, and the next test
    starts with no world held and no transaction left open."""
    from django.db import connection

    from tests.shared_world import SharedWorlds

    def broken() -> World:
        SchoolFactory(name="Half-built Academy")
        raise RuntimeError("the builder broke")

    worlds = SharedWorlds(request.config.stash[blocking_manager_key])
    depth = len(connection.savepoint_ids)
    with pytest.raises(RuntimeError, match="the builder broke"):
        worlds.prepare((broken, None), request.node)
    assert worlds.prepared_for is None
    assert len(connection.savepoint_ids) == depth
    assert not School.objects.filter(name="Half-built Academy").exists()
