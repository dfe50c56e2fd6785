"""The documented way to install into an existing Wagtail site works as written."""

import re
import types
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.layout import PROJECT_APPS

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

DOC = (
    Path(__file__).resolve().parent.parent / "docs" / "install-into-existing-wagtail.md"
)


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(), re.DOTALL)


def test_documented_urls_snippet_serves_the_portal_and_wagtail(client, settings):
    (urls_block,) = [block for block in python_blocks() if "urlpatterns" in block]
    module = types.ModuleType("documented_urls")
    exec(compile(urls_block, str(DOC), "exec"), module.__dict__)  # noqa: S102
    settings.ROOT_URLCONF = module

    assert reverse("portal:login") == "/portal/login/"
    assert reverse("portal:pupil_detail", kwargs={"pk": 7}) == "/portal/pupils/7/"
    assert client.get("/portal/login/").status_code == 200
    assert client.get("/portal/").status_code == 302
    assert client.get("/").status_code == 200  # Wagtail still serves the site root
    assert reverse("policy_pages:search") == "/search/"
    assert client.get("/search/?q=absence").status_code == 200


def test_documented_apps_are_the_apps_this_project_runs():
    (apps_block,) = [block for block in python_blocks() if "INSTALLED_APPS +=" in block]
    namespace = {"INSTALLED_APPS": []}
    exec(compile(apps_block, str(DOC), "exec"), namespace)  # noqa: S102
    ours = list(PROJECT_APPS)
    assert list(settings.INSTALLED_APPS[: len(ours)]) == ours
    assert namespace["INSTALLED_APPS"][: len(ours)] == ours
    assert "demo" not in namespace["INSTALLED_APPS"]  # the demo project's own
    assert set(namespace["INSTALLED_APPS"]) <= set(settings.INSTALLED_APPS)


def test_documented_middleware_and_backends_match_the_project():
    (block,) = [block for block in python_blocks() if "MIDDLEWARE +=" in block]
    namespace = {"MIDDLEWARE": []}
    exec(compile(block, str(DOC), "exec"), namespace)  # noqa: S102
    assert set(namespace["MIDDLEWARE"]) <= set(settings.MIDDLEWARE)
    assert namespace["MIDDLEWARE"][-1] == settings.MIDDLEWARE[-1]
    assert namespace["AUTHENTICATION_BACKENDS"] == settings.AUTHENTICATION_BACKENDS
    assert namespace["ANONYMOUS_USER_NAME"] is None
    for name in (
        "AXES_FAILURE_LIMIT",
        "SESSION_COOKIE_AGE",
        "PORTAL_SESSION_ABSOLUTE_SECONDS",
        "PORTAL_SESSION_REFRESH_SECONDS",
        "AXES_LOCKOUT_CALLABLE",
        "PORTAL_CASES_PER_PAGE",
        "PORTAL_CASE_OVERDUE_DAYS",
    ):
        assert namespace[name] == getattr(settings, name), name


def test_documented_users_app_replacement_is_what_this_project_runs():
    (block,) = [
        block for block in python_blocks() if "RoleSafeWagtailUsersConfig" in block
    ]
    namespace = {"INSTALLED_APPS": ["wagtail.snippets", "wagtail.users", "wagtail"]}
    exec(compile(block, str(DOC), "exec"), namespace)  # noqa: S102
    (replacement,) = set(namespace["INSTALLED_APPS"]) - {"wagtail.snippets", "wagtail"}
    assert replacement in settings.INSTALLED_APPS
    assert "wagtail.users" not in settings.INSTALLED_APPS
