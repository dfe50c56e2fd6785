from django.apps import AppConfig


class CasesConfig(AppConfig):
    """Pupil cases: the escalation state machine, chronology, checklist, sharing."""

    name = "cases"
    verbose_name = "Cases"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported for what they register: checklist providers and the
        # "My work" sources.
        from cases import providers, work  # noqa: F401
