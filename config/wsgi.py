"""WSGI entry point for the demo project."""

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

from portal.checks import (  # noqa: E402
    SAFEGUARDING_KEYS_INVALID,
    SECRET_KEY_MISSING,
    safeguarding_keys_invalid,
    secret_key_missing,
)

if secret_key_missing():
    raise ImproperlyConfigured(SECRET_KEY_MISSING)
if safeguarding_keys_invalid():
    raise ImproperlyConfigured(SAFEGUARDING_KEYS_INVALID)
