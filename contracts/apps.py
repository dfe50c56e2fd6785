from django.apps import AppConfig


class ContractsConfig(AppConfig):
    """Contracts"""

    name = "contracts"
    verbose_name = "Contracts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported for what they register with the case core.
        from contracts import contract_providers, notice_providers  # noqa: F401
