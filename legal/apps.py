from django.apps import AppConfig


class LegalConfig(AppConfig):
    """Legal intervention: education supervision orders, prosecution referrals
    and the court evidence bundle."""

    name = "legal"
    verbose_name = "Legal intervention"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported for what they register with the case core.
        from legal import providers  # noqa: F401
