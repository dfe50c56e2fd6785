from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    """Safeguarding"""

    name = "safeguarding"
    verbose_name = "Safeguarding"
    default_auto_field = "django.db.models.BigAutoField"
