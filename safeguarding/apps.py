"""Safeguarding: restricted notes and links that only Designated Safeguarding Leads can
read, DSL sharing with expiry, the consult-the-DSL flag, and the access log.
"""

from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    """Safeguarding"""

    name = "safeguarding"
    verbose_name = "Safeguarding"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from safeguarding import hooks

        hooks.register()
