"""Letters: templates each school or LA edits in Wagtail (built-in defaults for
every letter), merge fields, a PDF per parent on the school's letterhead, and a
record of every letter sent, with the exact PDF kept. Meetings, contracts and
notices register their kinds of letter here.
"""

from django.apps import AppConfig


class LettersConfig(AppConfig):
    """Letters"""

    name = "letters"
    verbose_name = "Letters"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported for what they register with the case core and "My work".
        from letters import providers, work  # noqa: F401
