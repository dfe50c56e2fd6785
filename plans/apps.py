from django.apps import AppConfig


class PlansConfig(AppConfig):
    """Plans with SMART targets, reviews and the support-first ledger."""

    name = "plans"
    verbose_name = "Plans and support"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported for what they register with the case core and "My work".
        from plans import providers, work  # noqa: F401
