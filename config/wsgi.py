"""WSGI entry point for the demo project."""

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

from portal.checks import SECRET_KEY_MISSING, secret_key_missing  # noqa: E402

if secret_key_missing():
    raise ImproperlyConfigured(SECRET_KEY_MISSING)
