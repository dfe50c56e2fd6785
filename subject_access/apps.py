from django.apps import AppConfig


class SubjectAccessConfig(AppConfig):
    """Subject access: everything held about one pupil, as a ZIP of readable
    HTML, machine-readable JSON and the files, produced in the background."""

    name = "subject_access"
    verbose_name = "Subject access"
    default_auto_field = "django.db.models.BigAutoField"
