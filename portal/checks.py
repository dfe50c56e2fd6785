"""System checks for settings the portal cannot run safely without.

Deploy checks (``check --deploy``), so that commands which sign nothing, such
as ``makemigrations``, run without production secrets; the WSGI entry point
refuses to start on the same condition.
"""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """A site with DEBUG off must be given its own SECRET_KEY."""
    if secret_key_missing():
        return [checks.Error(SECRET_KEY_MISSING, id="portal.E001")]
    return []


SECRET_KEY_MISSING = (
    "SECRET_KEY must be set when DEBUG is off (see docs/operations.md)."  # noqa: E501, S105 (a message)
)


def secret_key_missing() -> bool:
    # settings.SECRET_KEY itself raises when empty; read the configured value.
    return not settings.DEBUG and not settings._wrapped.__dict__.get("SECRET_KEY")
