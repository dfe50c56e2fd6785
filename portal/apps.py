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
        # Django's auth app sets last_login when the password passes. Here a
        # sign-in is complete only when the code passes too, and
        # portal.second_factor.session_verify sets it then. Taking the
        # receiver's dispatch_uid first (this app is listed before
        # django.contrib.auth, so its ready() runs earlier) makes Django's own
        # connect a no-op.
        user_logged_in.connect(
            last_login_waits_for_the_code, dispatch_uid="update_last_login"
        )


def last_login_waits_for_the_code(sender, user, **kwargs) -> None:
    """Nothing at the password step: see PortalConfig.ready."""


def forget_session(sender, request, user, **kwargs) -> None:
    """A session that signs out is no longer listed for "sign out everywhere"."""
    from accounts.services import session_forget

    if request is not None and hasattr(request, "session"):
        session_forget(request.session.session_key)
