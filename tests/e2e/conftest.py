"""Playwright with Debian's Chromium, against pytest-django's live server."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import load_small_demo

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


@pytest.fixture
def demo_site(transactional_db, live_server):
    """The live server with the small demo (a transactional test flushes data)."""
    load_small_demo()
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
