from django.apps import AppConfig


class CasesConfig(AppConfig):
    """Pupil cases: the escalation state machine, chronology, checklist, sharing."""

    name = "cases"
    verbose_name = "Cases"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cases import providers  # noqa: F401 (registers checklist providers)
        from cases.plans import providers as plan_providers  # noqa: F401
        from cases.voice import providers as voice_providers  # noqa: F401
