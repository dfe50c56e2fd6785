"""Playwright with Debian's Chromium, against one live server for the session.

The live server and the demo are shared by every browser test. What a browser
test writes is committed; nothing is flushed at its end. Instead the database
is put back to the copy of the session's demo (tests/demo_snapshot.py) before
each browser test, so each starts from the same demo whatever ran before it.
"""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.servers.basehttp import WSGIServer
from playwright.sync_api import Browser
from pytest_django.live_server_helper import LiveServer

from tests.conftest import DEMO_SNAPSHOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": CHROMIUM_FLAGS,
    }


class OneRequestAtATime(WSGIServer):
    """Django's WSGI server without threads: it answers one request at a time
    (and closes each connection, so no browser connection holds it)."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.connections_override = connections_override


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, started once, answering one request at a time.

    Threads would share the one connection to SQLite's in-memory test database
    (Django's documentation warns that simultaneous queries through it fail at
    random): a page's background requests, such as the Wagtail editor's ping,
    ran at the same moment as the form it was posting.
    """
    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(addr, start=False)
    server.thread.server_class = OneRequestAtATime
    server.start()
    yield server
    server.stop()


@pytest.fixture
def transactional_db(request, django_db_setup, django_db_blocker):
    """The database of a browser test: the session's demo, put back first.

    pytest-django gives a test that uses ``live_server`` this fixture, as the
    live server needs committed data. Its own version empties every table at
    the end of the test (Django's flush), after which the demo had to be loaded
    again for the next browser test. This one, for the browser tests only,
    puts the database back to the copy of the session's demo taken by
    ``django_db_setup`` (tests/conftest.py) instead, and flushes nothing.
    """
    snapshot = request.config.stash[DEMO_SNAPSHOT]
    with django_db_blocker.unblock():
        snapshot.restore()
        yield


@pytest.fixture
def demo_site(live_server):
    """pytest-django's live server (one for the session) on the session's demo."""
    return live_server


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core on the page; fail on any serious or critical violation."""

    def check(page):
        results = axe.run(page)
        assert results.response["passes"], "axe-core did not run any rule"
        serious = [
            f"{violation['id']} ({violation['impact']}): {violation['help']} "
            f"at {[node['target'] for node in violation['nodes']]}"
            for violation in results.response["violations"]
            if violation["impact"] in ("serious", "critical")
        ]
        assert serious == [], "\n".join(serious)
        return results

    return check


@pytest.fixture(autouse=True)
def no_content_security_policy_violations(monkeypatch):
    """Every browser test runs under the site's content security policy and
    fails if the browser refuses anything under it.

    Each browser context a test opens (pytest-playwright's ``page`` and any
    ``browser.new_context()``) reports its console; Chromium writes every
    refusal there as an error naming the policy.
    """
    refused = []
    new_context = Browser.new_context

    def new_context_watched(self, *args, **kwargs):
        context = new_context(self, *args, **kwargs)
        context.on(
            "console",
            lambda message: (
                refused.append(f"{message.text} ({message.location})")
                if message.type == "error" and "Content Security Policy" in message.text
                else None
            ),
        )
        return context

    monkeypatch.setattr(Browser, "new_context", new_context_watched)
    yield refused
    assert refused == [], "The content security policy refused:\n" + "\n".join(refused)
