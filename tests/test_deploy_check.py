"""Production settings pass `check --deploy` with the documented environment."""

import base64
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent


def documented_environment() -> dict[str, str]:
    text = (ROOT / "docs" / "operations.md").read_text()
    (block,) = re.findall(r"```env\n(.*?)```", text, re.DOTALL)
    pairs = [line.split("=", 1) for line in block.splitlines() if "=" in line]
    return {key.strip(): value.strip() for key, value in pairs}


# Settings the test suite sets for itself (tests/environment.py); a real
# deployment has none of them, so the subprocess must not inherit them.
TEST_ONLY_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "SAFEGUARDING_KEYS",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DATABASE_URL",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return run_python("manage.py", *args, env=env)


def import_wsgi(env: dict[str, str]) -> subprocess.CompletedProcess:
    """What a WSGI server does first: import the application."""
    return run_python("-c", "import config.wsgi", env=env)


def run_python(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_documented_environment(tmp_path):
    env = documented_environment()
    assert env["DEBUG"] == "false"
    # The documented SECRET_KEY and SAFEGUARDING_KEYS are placeholders; use
    # real random ones.
    env["SECRET_KEY"] = os.urandom(40).hex()
    assert "SAFEGUARDING_KEYS" in env
    env["SAFEGUARDING_KEYS"] = Fernet.generate_key().decode()
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'deploy.sqlite3'}"
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_mode_refuses_to_start_without_a_secret_key(tmp_path):
    env = {"DEBUG": "false", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"}
    deploy_check = run_manage("check", "--deploy", env=env)
    assert deploy_check.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in deploy_check.stderr

    server = import_wsgi(env)
    assert server.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in server.stderr


SAFEGUARDING_KEYS_REFUSAL = "SAFEGUARDING_KEYS must be set to one or more Fernet keys"


BAD_KEYS = [
    pytest.param("", id="empty"),
    # 16 random bytes: base64 that looks right but is half a Fernet key.
    pytest.param(base64.urlsafe_b64encode(os.urandom(16)).decode(), id="too-short"),
    pytest.param(
        f"{Fernet.generate_key().decode()},not-a-key-{os.urandom(8).hex()}",
        id="one-good-one-malformed",
    ),
]


def test_production_mode_refuses_to_start_without_a_safeguarding_key(tmp_path):
    """The whole path, in a process of its own: ``check --deploy`` and a WSGI
    server's import both refuse, and say where to look."""
    env = {
        "DEBUG": "false",
        "SECRET_KEY": os.urandom(40).hex(),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
    }
    deploy_check = run_manage("check", "--deploy", env=env)
    assert deploy_check.returncode != 0
    assert SAFEGUARDING_KEYS_REFUSAL in deploy_check.stderr
    assert "portal.E002" in deploy_check.stderr
    assert "docs/operations.md" in deploy_check.stderr

    server = import_wsgi(env)
    assert server.returncode != 0
    assert "ImproperlyConfigured" in server.stderr
    assert SAFEGUARDING_KEYS_REFUSAL in server.stderr


@pytest.mark.parametrize("keys", BAD_KEYS)
def test_every_unusable_safeguarding_key_is_refused_and_never_shown(settings, keys):
    """The same check in this process (what ``check --deploy`` and the WSGI
    import both ask), for each way the keys can be unusable."""
    from django.core.checks import run_checks

    settings.DEBUG = False
    settings.SAFEGUARDING_KEYS = [p.strip() for p in keys.split(",") if p.strip()]
    errors = [
        m for m in run_checks(include_deployment_checks=True) if m.id == "portal.E002"
    ]
    (error,) = errors
    assert SAFEGUARDING_KEYS_REFUSAL in error.msg
    assert "docs/operations.md" in error.msg
    for key in filter(None, keys.split(",")):
        assert key not in str(error)


def test_production_mode_starts_with_a_safeguarding_key(tmp_path):
    env = {
        "DEBUG": "false",
        "SECRET_KEY": os.urandom(40).hex(),
        "SAFEGUARDING_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "attendance.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
    }
    server = import_wsgi(env)
    assert server.returncode == 0, server.stderr


def test_makemigrations_check_runs_without_production_secrets(tmp_path):
    env = {"DEBUG": "false", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"}
    result = run_manage("makemigrations", "--check", "--dry-run", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout
