from django.apps import AppConfig


class TargetingConfig(AppConfig):
    """Termly targeting-support meetings between a local authority and each of
    its schools: the pack, the record and its actions."""

    name = "targeting"
    verbose_name = "Targeting support"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from targeting import work  # noqa: F401  (registers its work source)
