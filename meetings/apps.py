"""Meetings: initial concerns meetings, school attendance meetings (SAM) and
panels (SAP), reviews and the whole-school inclusion meeting; invitations to
each parent, did-not-attend handling, the meeting record and its letters.
"""

from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    """Meetings"""

    name = "meetings"
    verbose_name = "Meetings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported for what they register with the case core and "My work".
        from meetings import providers, work  # noqa: F401
