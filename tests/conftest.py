"""Shared fixtures. The demo is loaded once per test session, small, for role tests."""

import os
import sys

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.core.management import call_command
from django.test import override_settings
from django_otp import DEVICE_ID_SESSION_KEY

from demo.users import DEMO_USERS, EDITOR_USERNAME
from tests.demo_snapshot import (
    DatabaseSnapshot,
    MigratedSchema,
    shared_demo_for_this_worker,
)
from tests.sign_in import DEMO_PASSWORD

# Worlds built once and shared by the tests that ask for them (tests/shared_world.py).
pytest_plugins = ["tests.shared_world"]

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Small enough to walk every pupil page for every demo user in a few seconds.
DEMO_SIZES = {"pupils_per_school": 12, "pupils_per_primary": 8}
DEMO_USERNAMES = [demo.username for demo in DEMO_USERS]
# Where django_db_setup leaves the copy of the demo the browser tests start from.
DEMO_SNAPSHOT = pytest.StashKey[DatabaseSnapshot]()


def _test_client_shortcut_passes_second_factor(sender, request, user, **kwargs):
    """The test client's ``force_login`` and ``login`` stand for a whole sign-in.

    They skip the sign-in pages, so they stand for both factors: the session
    they make is marked as having passed the second one. Only they log in with
    a bare ``HttpRequest`` (no path); a request through the pages is left
    pending, so the tests of the sign-in itself (tests/portal/
    test_second_factor.py) go through every step.
    """
    if not request.path:
        request.session[DEVICE_ID_SESSION_KEY] = "test-client-shortcut"


user_logged_in.connect(
    _test_client_shortcut_passes_second_factor,
    dispatch_uid="tests_client_shortcut_second_factor",
)


def load_small_demo() -> None:
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        call_command("load_demo", force=True, verbosity=0, **DEMO_SIZES)


def pytest_deselected(items):
    """CI runs the sweeps (the ``sweep`` marker): only a developer may leave
    them out, with ``-m 'not sweep'``."""
    if os.environ.get("CI", "").lower() == "true" and any(
        item.get_closest_marker("sweep") for item in items
    ):
        message = "CI runs every sweep test (the sweep marker); none may be deselected."
        if os.environ.get("PYTEST_XDIST_WORKER"):
            # A pytest-xdist worker's error ends the run (an internal error,
            # exit code 3) without its message: print that first.
            print(f"\nERROR: {message}", file=sys.stderr, flush=True)
        raise pytest.UsageError(message)


# The fixtures through which a test reaches the database (pytest-django's
# ordering looks at the same ones, and at the django_db marker).
DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_setup"}


def uses_database(item) -> bool:
    return bool(
        item.get_closest_marker("django_db")
        or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


# The browser test modules that take longest, longest first. The browser tests
# run last (they are transactional), so under pytest-xdist the run ends when
# the last of them does: started first, the long ones do not leave one worker
# finishing a 40-second test while the other has nothing left. Other browser
# modules follow in their usual order. Each browser test starts from the
# demo's snapshot, so their order changes nothing else.
E2E_LONGEST_FIRST = [
    "test_small_screens.py",
    "test_legal.py",
    "test_meetings.py",
    "test_contracts.py",
    "test_safeguarding.py",
    "test_plans.py",
    "test_cases.py",
    "test_penalty_notices.py",
    "test_pupil_moves.py",
    "test_editor_publishes.py",
]


def _e2e_rank(item) -> int:
    name = item.path.name
    return E2E_LONGEST_FIRST.index(name) if name in E2E_LONGEST_FIRST else 99


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The tests that use no database first, then pytest-django's order (the
    others, transactional ones last). Under pytest-xdist the first tests go to
    the first worker, which runs them while another builds the demo; in one
    process it only moves them. The browser tests, in the places they hold,
    are put longest first."""
    items.sort(key=uses_database)  # a stable sort: each group keeps its order
    places = [i for i, item in enumerate(items) if item.get_closest_marker("e2e")]
    browser = sorted((items[i] for i in places), key=_e2e_rank)
    for place, item in zip(places, browser, strict=True):
        items[place] = item


@pytest.fixture(scope="session")
def django_db_setup(  # noqa: PLR0913 - pytest-django's own fixture, with its arguments
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """The test database, with the small demo loaded once for every test.

    pytest-django's own fixture, extended: the demo is loaded right after the
    test database is made. Under pytest-xdist the first worker builds it and
    the others start from its copy (``SharedDemo`` in tests/demo_snapshot.py),
    unless migrations are off or the database is kept between runs.

    When browser tests were collected, a copy of the database is taken here,
    before any test can change it: each browser test starts from that copy
    (tests/e2e/conftest.py).
    """
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    setup_args = {}
    if not django_db_use_migrations:
        _disable_migrations()
    if django_db_keepdb and not django_db_createdb:
        setup_args["keepdb"] = True
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    shared_allowed = django_db_use_migrations and not setup_args
    shared = shared_demo_for_this_worker() if shared_allowed else None

    def create() -> list:
        return setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
            **setup_args,
        )

    def create_migrated() -> list:
        """A migrated test database: from the schema kept by an earlier run
        when its key still matches, else migrated (and kept)."""
        schema = MigratedSchema.for_this_run() if shared_allowed else None
        if schema is None:
            return create()
        if schema.kept:
            with schema.creating_from_copy():
                db_cfg = create()
            schema.copy_in()
            return db_cfg
        db_cfg = create()
        schema.keep()
        return db_cfg

    with django_db_blocker.unblock():
        if shared is None:
            db_cfg = create_migrated()
            load_small_demo()
        else:
            with shared.claimed():
                if shared.built:
                    with shared.creating_from_copy():
                        db_cfg = create()
                    shared.copy_in()
                else:
                    db_cfg = create_migrated()
                    load_small_demo()
                    shared.keep()
        if any(item.get_closest_marker("e2e") for item in request.session.items):
            snapshot = DatabaseSnapshot()
            snapshot.take()
            request.config.stash[DEMO_SNAPSHOT] = snapshot

    yield

    if not django_db_keepdb:
        with django_db_blocker.unblock():
            try:
                _end_stray_sessions()
                teardown_databases(db_cfg, verbosity=request.config.option.verbose)
            except Exception as exc:  # noqa: BLE001 - as pytest-django does
                request.node.warn(
                    pytest.PytestWarning(
                        f"Error when trying to teardown test databases: {exc!r}"
                    )
                )


def _end_stray_sessions() -> None:
    """On PostgreSQL, end any other session still connected to this worker's
    test database, so that it can be dropped. Under pytest-xdist, after the
    browser tests, one such session was left (its source is not yet found);
    without this the database stayed behind with a warning."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    name = connection.settings_dict["NAME"]
    connection.close()  # this process's own session ends the ordinary way
    with connection._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )


def fast_test_settings() -> dict:
    """The settings every test runs with, over the project's own."""
    from django.conf import settings

    return {
        "PASSWORD_HASHERS": FAST_HASHERS,
        "CACHES": {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
        },
        # Production's manifest storage needs collectstatic first
        # (config/settings.py, STORAGES); the tests render {% static %} from the
        # apps' own folders.
        "STORAGES": {
            **settings.STORAGES,
            "staticfiles": {
                "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
            },
        },
    }


@pytest.fixture(autouse=True)
def _fast_test_settings(settings):
    for name, value in fast_test_settings().items():
        setattr(settings, name, value)


@pytest.fixture
def demo_user(db):
    """A demo user by username."""

    def get(username: str):
        return get_user_model().objects.get(username=username)

    return get


@pytest.fixture
def client_as(client, demo_user):
    """A test client logged in as a demo user (or a given user)."""

    def login(user_or_username):
        user = (
            demo_user(user_or_username)
            if isinstance(user_or_username, str)
            else user_or_username
        )
        client.force_login(user)
        return client

    return login


__all__ = [
    "DEMO_PASSWORD",
    "DEMO_SNAPSHOT",
    "DEMO_USERNAMES",
    "EDITOR_USERNAME",
    "load_small_demo",
]
