from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    """Attendance"""

    name = "attendance"
    verbose_name = "Attendance"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from attendance import work  # noqa: F401  (registers its work source)
