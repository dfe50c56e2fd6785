from django.apps import AppConfig


class VoiceConfig(AppConfig):
    """Pupil voice: what the child said, with the tool used."""

    name = "voice"
    verbose_name = "Pupil voice"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported for what it registers with the case core.
        from voice import providers  # noqa: F401
