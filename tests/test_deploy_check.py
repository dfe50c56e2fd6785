"""Production settings pass `check --deploy` with the documented environment,
and production mode refuses to start without its keys.

One test runs the whole path in a process of its own (the documented
environment: the WSGI import and ``check --deploy``). The others run the same
code in this process: config/settings.py executed afresh with the environment
of the case, its settings put in place of the test run's, then ``check
--deploy``, config/wsgi.py or ``makemigrations``.
"""

import base64
import io
import os
import re
import runpy
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent


def documented_environment() -> dict[str, str]:
    text = (ROOT / "docs" / "operations.md").read_text()
    (block,) = re.findall(r"```env\n(.*?)```", text, re.DOTALL)
    pairs = [line.split("=", 1) for line in block.splitlines() if "=" in line]
    return {key.strip(): value.strip() for key, value in pairs}


# Settings the test suite sets for itself (tests/environment.py); a real
# deployment has none of them, so neither the subprocess nor the settings
# made in this process see them.
TEST_ONLY_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "SAFEGUARDING_KEYS",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DATABASE_URL",
}


PRODUCTION_KEY_VARIABLES = ("SECRET_KEY", "SAFEGUARDING_KEYS")
# Kept as the test run has them: the tests stay on the test database (and
# ``check --deploy`` without ``--database`` runs no database check).
KEPT_SETTINGS = {"DATABASES"}
SECRET_KEY_REFUSAL = "SECRET_KEY must be set when DEBUG is off"
SAFEGUARDING_KEYS_REFUSAL = "SAFEGUARDING_KEYS must be set to one or more Fernet keys"
# The smoke test's process: a WSGI server's import, then ``check --deploy``.
SMOKE = """
import config.wsgi
from django.core.management import call_command
print("WSGI application:", type(config.wsgi.application).__name__)
call_command("check", deploy=True, fail_level="WARNING")
"""


def deployment_environment(env: dict[str, str]) -> dict[str, str]:
    """``env`` and the rest of this process's environment, less the test
    suite's own variables: what a real deployment with ``env`` has."""
    clean = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    return {**clean, **env}


@contextmanager
def production(env: dict[str, str]):
    """This process as a deployment with ``env`` would be: that environment,
    and in place of the test run's settings those config/settings.py makes
    from it (executed afresh). Yields the settings made."""
    with mock.patch.dict(os.environ, deployment_environment(env), clear=True):
        namespace = runpy.run_path(str(ROOT / "config" / "settings.py"))
        made = {name: value for name, value in namespace.items() if name.isupper()}
        changed = {
            name: value
            for name, value in made.items()
            if name not in KEPT_SETTINGS and current_setting(name) != value
        }
        with override_settings(**changed):
            yield made


def current_setting(name: str):
    try:
        return getattr(settings, name)
    except (AttributeError, ImproperlyConfigured):  # unset, or an empty SECRET_KEY
        return AttributeError


def check_deploy() -> str:
    """``manage.py check --deploy --fail-level WARNING``, in this process."""
    out = io.StringIO()
    call_command("check", deploy=True, fail_level="WARNING", stdout=out)
    return out.getvalue()


def import_wsgi() -> dict:
    """What a WSGI server does first: run config/wsgi.py (afresh, in this process)."""
    return runpy.run_path(str(ROOT / "config" / "wsgi.py"))


def real_keys(env: dict[str, str]) -> dict[str, str]:
    """``env`` with a random SECRET_KEY and safeguarding key for the placeholders."""
    return {
        **env,
        "SECRET_KEY": os.urandom(40).hex(),
        "SAFEGUARDING_KEYS": Fernet.generate_key().decode(),
    }


def test_the_documented_environment_starts_and_passes_check_deploy_in_a_process(
    tmp_path,
):
    """The smoke test of the whole path, in a process of its own with only the
    documented environment: config/wsgi.py imports (so a WSGI server starts),
    and ``check --deploy --fail-level WARNING`` finds nothing. Every other test
    here runs the same code in this process."""
    env = real_keys(documented_environment())
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'deploy.sqlite3'}"
    result = subprocess.run(
        [sys.executable, "-c", SMOKE],
        cwd=ROOT,
        env=deployment_environment(env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WSGI application: WSGIHandler" in result.stdout


def test_check_deploy_is_clean_with_the_documented_environment():
    env = documented_environment()
    assert env["DEBUG"] == "false"
    # The documented SECRET_KEY and SAFEGUARDING_KEYS are placeholders; use
    # real random ones.
    assert set(PRODUCTION_KEY_VARIABLES) <= set(env)
    with production(real_keys(env)) as made:
        assert made["DEBUG"] is False
        assert made["SECURE_SSL_REDIRECT"] is True
        assert check_deploy().startswith("System check identified no issues")


def test_production_mode_refuses_to_start_without_a_secret_key():
    with production({"DEBUG": "false"}) as made:
        assert not made["SECRET_KEY"]
        with pytest.raises(SystemCheckError) as refused:
            check_deploy()
        assert SECRET_KEY_REFUSAL in str(refused.value)
        assert "portal.E001" in str(refused.value)

        with pytest.raises(ImproperlyConfigured) as server:
            import_wsgi()
        assert SECRET_KEY_REFUSAL in str(server.value)


BAD_KEYS = [
    pytest.param("", id="empty"),
    # 16 random bytes: base64 that looks right but is half a Fernet key.
    pytest.param(base64.urlsafe_b64encode(os.urandom(16)).decode(), id="too-short"),
    pytest.param(
        f"{Fernet.generate_key().decode()},not-a-key-{os.urandom(8).hex()}",
        id="one-good-one-malformed",
    ),
]


def test_production_mode_refuses_to_start_without_a_safeguarding_key():
    """``check --deploy`` and a WSGI server's import both refuse, and say where
    to look."""
    with production({"DEBUG": "false", "SECRET_KEY": os.urandom(40).hex()}) as made:
        assert made["SAFEGUARDING_KEYS"] == []
        with pytest.raises(SystemCheckError) as refused:
            check_deploy()
        assert SAFEGUARDING_KEYS_REFUSAL in str(refused.value)
        assert "portal.E002" in str(refused.value)
        assert "docs/operations.md" in str(refused.value)

        with pytest.raises(ImproperlyConfigured) as server:
            import_wsgi()
        assert SAFEGUARDING_KEYS_REFUSAL in str(server.value)


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


def test_production_mode_starts_with_a_safeguarding_key():
    env = {
        "DEBUG": "false",
        "SECRET_KEY": os.urandom(40).hex(),
        "SAFEGUARDING_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "attendance.example.org",
    }
    with production(env):
        server = import_wsgi()
    assert isinstance(server["application"], WSGIHandler)


@pytest.mark.django_db  # makemigrations reads which migrations are applied
def test_makemigrations_check_runs_without_production_secrets():
    with production({"DEBUG": "false"}) as made:
        assert not made["SECRET_KEY"]
        assert made["SAFEGUARDING_KEYS"] == []
        out = io.StringIO()
        call_command("makemigrations", check=True, dry_run=True, stdout=out)
    assert "No changes detected" in out.getvalue()
