from django.apps import AppConfig


class PolicyPagesConfig(AppConfig):
    """Public policy pages"""

    name = "policy_pages"
    verbose_name = "Public policy pages"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from policy_pages import signals

        signals.connect()
