"""Test-only environment, loaded as a pytest plugin before Django reads its settings.

The settings module refuses to start without SECRET_KEY when DEBUG is off, and
tests run with DEBUG off, as production does. Nothing here is used outside tests.
"""

import os
import tempfile

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault(
    "SECRET_KEY", "test-only-key-never-used-outside-the-test-suite-0123456789"
)
# A fixed Fernet key for the tests' restricted safeguarding text.
os.environ.setdefault(
    "SAFEGUARDING_KEYS", "dGVzdC1vbmx5LWtleS1mb3ItdGhlLXRlc3Qtc3VpdGU="
)
# Pupil-voice drawings from the test demo go to a throwaway folder, one per
# pytest-xdist worker (a worker inherits the environment of the process that
# started it, so a folder made there is replaced by one of the worker's own).
if "PRIVATE_MEDIA_ROOT" not in os.environ or (
    os.environ.get("PYTEST_XDIST_WORKER")
    and os.environ.get("ATTENDANCE_TEST_PRIVATE_MEDIA")
    == os.environ["PRIVATE_MEDIA_ROOT"]
):
    os.environ["PRIVATE_MEDIA_ROOT"] = tempfile.mkdtemp(
        prefix="attendance-test-private-"
    )
    os.environ["ATTENDANCE_TEST_PRIVATE_MEDIA"] = os.environ["PRIVATE_MEDIA_ROOT"]
# WhiteNoise looks in STATIC_ROOT when the application starts and warns when
# the folder is missing; the tests collect no static files, so an empty one.
if "STATIC_ROOT" not in os.environ:
    os.environ["STATIC_ROOT"] = tempfile.mkdtemp(prefix="attendance-test-static-")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# The test client and the live server speak plain HTTP.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# Playwright's sync API runs an event loop in the test thread; Django's ORM
# calls from that thread are safe here because each test owns its database.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# --- One demo for every pytest-xdist worker ------------------------------------
#
# The process that starts the workers makes a folder for the demo database that
# the first worker builds and the others copy (tests/demo_snapshot.py), and
# names it in the environment the workers inherit. It removes the folder (and,
# on PostgreSQL, the template database) when the run ends.
SHARED_DEMO_VARIABLE = "ATTENDANCE_TEST_SHARED_DEMO"


def _starts_workers(config) -> bool:
    return (
        not hasattr(config, "workerinput")
        and config.getoption("dist", "no") != "no"
        and bool(config.getoption("tx", None))
    )


def pytest_configure(config):
    if _starts_workers(config):
        os.environ[SHARED_DEMO_VARIABLE] = tempfile.mkdtemp(
            prefix="attendance-test-demo-"
        )


def pytest_unconfigure(config):
    if _starts_workers(config) and os.environ.get(SHARED_DEMO_VARIABLE):
        from tests.demo_snapshot import remove_shared_demo

        remove_shared_demo(os.environ.pop(SHARED_DEMO_VARIABLE))
