"""System checks for settings the portal cannot run safely without.

Deploy checks (``check --deploy``), so that commands which sign and decrypt
nothing, such as ``makemigrations``, run without production secrets; the WSGI
entry point refuses to start on the same conditions.
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
    "SECRET_KEY must be set when DEBUG is off (see docs/operations.md)."  # noqa: E501, S105 (a message)  # nosec B105
)


def secret_key_missing() -> bool:
    # settings.SECRET_KEY itself raises when empty; read the configured value.
    return not settings.DEBUG and not settings._wrapped.__dict__.get("SECRET_KEY")


@checks.register(checks.Tags.security, deploy=True)
def safeguarding_keys_are_set(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """A site with DEBUG off must be given its own safeguarding key."""
    if safeguarding_keys_invalid():
        return [checks.Error(SAFEGUARDING_KEYS_INVALID, id="portal.E002")]
    return []


# Never put a key in this message: it reaches logs and terminals.
SAFEGUARDING_KEYS_INVALID = (
    "SAFEGUARDING_KEYS must be set to one or more Fernet keys, comma-separated, "
    'when DEBUG is off (see "Safeguarding keys" in docs/operations.md).'
)


def safeguarding_keys_invalid() -> bool:
    """DEBUG is off and the keys are missing, or one of them is not a Fernet key.

    With DEBUG on the settings derive a demo key from SECRET_KEY.
    """
    if settings.DEBUG:
        return False
    # Imported here: the encryption module needs the app registry.
    from django.core.exceptions import ImproperlyConfigured

    from safeguarding.encryption import keyring

    try:
        keyring()
    except ImproperlyConfigured:
        return True
    return False


LOGIN_MIDDLEWARE = "portal.middleware.PortalLoginRequiredMiddleware"


@checks.register(checks.Tags.security)
def login_middleware_is_installed(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """The portal's views rely on the middleware for the login check."""
    if LOGIN_MIDDLEWARE in settings.MIDDLEWARE:
        return []
    return [
        checks.Error(
            f"{LOGIN_MIDDLEWARE} must be in MIDDLEWARE: it is what makes every "
            "portal page need a login (see docs/install-into-existing-wagtail.md).",
            id="portal.E003",
        )
    ]


SECOND_FACTOR_MIDDLEWARE = "portal.middleware.SecondFactorMiddleware"


@checks.register(checks.Tags.security)
def second_factor_middleware_is_installed(
    app_configs, **kwargs
) -> list[checks.CheckMessage]:
    """Without it a password alone would open the portal and the Wagtail admin."""
    middleware = settings.MIDDLEWARE
    auth = "django.contrib.auth.middleware.AuthenticationMiddleware"
    if (
        SECOND_FACTOR_MIDDLEWARE in middleware
        and auth in middleware
        and middleware.index(auth) < middleware.index(SECOND_FACTOR_MIDDLEWARE)
        and (
            LOGIN_MIDDLEWARE not in middleware
            or middleware.index(SECOND_FACTOR_MIDDLEWARE)
            < middleware.index(LOGIN_MIDDLEWARE)
        )
    ):
        return []
    return [
        checks.Error(
            f"{SECOND_FACTOR_MIDDLEWARE} must be in MIDDLEWARE after Django's "
            f"AuthenticationMiddleware and before {LOGIN_MIDDLEWARE}: it is what "
            "makes signing in need the second factor "
            "(see docs/install-into-existing-wagtail.md).",
            id="portal.E004",
        )
    ]
