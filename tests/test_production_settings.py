"""Production settings read from the environment: the cache, email, static
files, and the headers every response carries."""

import os
import re
import runpy
import tomllib
from pathlib import Path
from unittest import mock

import pytest
from django.urls import reverse

pytestmark = pytest.mark.integration

SETTINGS = Path(__file__).resolve().parent.parent / "config" / "settings.py"
PRODUCTION = {"DEBUG": "false", "SECRET_KEY": "x" * 50}
UNSET = ("CACHE_URL", "REDIS_URL", "EMAIL_BACKEND", "DEBUG")


def settings_with(**env: str) -> dict:
    """config/settings.py executed afresh with ``env`` (and none of UNSET)."""
    clean = {k: v for k, v in os.environ.items() if k not in UNSET}
    with mock.patch.dict(os.environ, {**clean, **env}, clear=True):
        return runpy.run_path(str(SETTINGS))


def test_the_cache_is_redis_when_a_url_is_given_and_memory_otherwise():
    redis = "django.core.cache.backends.redis.RedisCache"
    for variable in ("CACHE_URL", "REDIS_URL"):
        made = settings_with(**PRODUCTION, **{variable: "redis://cache:6379/1"})
        assert made["CACHES"]["default"] == {
            "BACKEND": redis,
            "LOCATION": "redis://cache:6379/1",
        }
    assert settings_with(**PRODUCTION)["CACHES"]["default"] == {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache"
    }


def test_production_sends_email_by_smtp_unless_told_otherwise():
    assert (
        settings_with(**PRODUCTION)["EMAIL_BACKEND"]
        == "django.core.mail.backends.smtp.EmailBackend"
    )
    assert settings_with(DEBUG="true")["EMAIL_BACKEND"] == "letters.mail.OutboxBackend"
    made = settings_with(**PRODUCTION, DEFAULT_FROM_EMAIL="attendance@example.org")
    assert made["SERVER_EMAIL"] == "attendance@example.org"


def test_production_serves_hashed_compressed_static_files():
    assert settings_with(**PRODUCTION)["STORAGES"]["staticfiles"] == {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    }
    made = settings_with(**PRODUCTION)
    middleware = made["MIDDLEWARE"]
    assert middleware[:3] == [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "portal.middleware.RequestBodyLimitMiddleware",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "status"),
    [("portal:login", 200), ("wagtailadmin_login", 302)],  # the admin's: to ours
)
def test_every_page_forbids_the_camera_microphone_and_location(client, name, status):
    response = client.get(reverse(name))
    assert response.status_code == status
    policy = dict(
        part.split("=") for part in response["Permissions-Policy"].split(", ")
    )
    assert policy["camera"] == policy["microphone"] == policy["geolocation"] == "()"
    assert set(policy.values()) == {"()"}


def test_the_lock_file_pins_every_dependency_with_hashes():
    """`make lock` was run after the last change to the dependencies."""
    root = SETTINGS.parent.parent
    wanted = tomllib.loads((root / "pyproject.toml").read_text())["project"][
        "dependencies"
    ]
    names = {re.split(r"[<>=\[ ;]", spec, maxsplit=1)[0].lower() for spec in wanted}
    lock = (root / "requirements.lock").read_text()
    pinned = dict(re.findall(r"^([a-z0-9._-]+)==(\S+) \\$", lock, re.MULTILINE))
    assert names - set(pinned) == set()
    unhashed = [
        name
        for name, version in pinned.items()
        if f"{name}=={version} \\\n    --hash=sha256:" not in lock
    ]
    assert unhashed == []
