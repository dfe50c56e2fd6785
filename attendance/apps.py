from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    """Attendance"""

    name = "attendance"
    verbose_name = "Attendance"
    default_auto_field = "django.db.models.BigAutoField"
