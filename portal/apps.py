from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Staff portal"""

    name = "portal"
    verbose_name = "Staff portal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from portal import checks  # noqa: F401 (registers the system checks)
        from portal.auth import record_login_time

        user_logged_in.connect(record_login_time, dispatch_uid="portal_login_time")
