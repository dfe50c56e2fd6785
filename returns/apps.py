from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    """The notifications a school owes its local authority: worked out from the
    register and the roll, sent by a person, received in the LA's inbox."""

    name = "returns"
    verbose_name = "Notifications to the LA"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from attendance.models import ImportRun
        from returns import signals, work  # noqa: F401 - registers the work source
        from schools.models import Pupil
        from schools.signals import pupil_moved

        post_save.connect(
            signals.pupil_created, sender=Pupil, dispatch_uid="returns:pupil_created"
        )
        post_save.connect(
            signals.pupils_imported,
            sender=ImportRun,
            dispatch_uid="returns:pupils_imported",
        )
        pupil_moved.connect(signals.pupil_moved, dispatch_uid="returns:pupil_moved")
