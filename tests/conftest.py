"""Shared fixtures. The demo is loaded once per test session, small, for role tests."""

import os
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from demo.users import DEMO_USERS, EDITOR_USERNAME
from tests.demo_snapshot import DatabaseSnapshot

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEMO_PASSWORD = "attendance-demo-2026"
# Small enough to walk every pupil page for every demo user in a few seconds.
DEMO_SIZES = {"pupils_per_school": 12, "pupils_per_primary": 8}
DEMO_USERNAMES = [demo.username for demo in DEMO_USERS]
# Where django_db_setup leaves the copy of the demo the browser tests start from.
DEMO_SNAPSHOT = pytest.StashKey[DatabaseSnapshot]()


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


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """The test database, with the small demo loaded once for every test.

    When browser tests were collected, a copy of the database is taken here,
    before any test can change it: each browser test starts from that copy
    (tests/e2e/conftest.py).
    """
    with django_db_blocker.unblock():
        load_small_demo()
        if any(item.get_closest_marker("e2e") for item in request.session.items):
            snapshot = DatabaseSnapshot()
            snapshot.take()
            request.config.stash[DEMO_SNAPSHOT] = snapshot


@pytest.fixture(autouse=True)
def _fast_test_settings(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }


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
