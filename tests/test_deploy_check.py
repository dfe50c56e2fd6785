"""Production settings pass `check --deploy` with the documented environment."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

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
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DATABASE_URL",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_documented_environment(tmp_path):
    env = documented_environment()
    assert env["DEBUG"] == "false"
    # The documented SECRET_KEY is a placeholder; use a real random one.
    env["SECRET_KEY"] = os.urandom(40).hex()
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'deploy.sqlite3'}"
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_mode_refuses_to_start_without_a_secret_key(tmp_path):
    env = {"DEBUG": "false", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"}
    deploy_check = run_manage("check", "--deploy", env=env)
    assert deploy_check.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in deploy_check.stderr

    clean = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    server = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert server.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in server.stderr


def test_makemigrations_check_runs_without_production_secrets(tmp_path):
    env = {"DEBUG": "false", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"}
    result = run_manage("makemigrations", "--check", "--dry-run", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout
