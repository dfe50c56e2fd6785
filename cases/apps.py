from django.apps import AppConfig


class CasesConfig(AppConfig):
    """Pupil cases: the escalation state machine, chronology, checklist, sharing."""

    name = "cases"
    verbose_name = "Cases"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cases import providers  # noqa: F401 (registers checklist providers)
