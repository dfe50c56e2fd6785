from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Staff portal"""

    name = "portal"
    verbose_name = "Staff portal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from portal import checks  # noqa: F401 (registers the system checks)
        from portal.auth import record_login_time

        user_logged_in.connect(record_login_time, dispatch_uid="portal_login_time")
        user_logged_out.connect(forget_session, dispatch_uid="portal_forget_session")


def forget_session(sender, request, user, **kwargs) -> None:
    """A session that signs out is no longer listed for "sign out everywhere"."""
    from accounts.services import session_forget

    if request is not None and hasattr(request, "session"):
        session_forget(request.session.session_key)
