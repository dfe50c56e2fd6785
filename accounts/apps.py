from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Staff accounts: invitations, roles given in the portal, deactivation,
    and the list of signed-in sessions that "sign out everywhere" ends."""

    name = "accounts"
    verbose_name = "Staff accounts"
    default_auto_field = "django.db.models.BigAutoField"
