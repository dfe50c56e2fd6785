from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    """The notifications a school owes its local authority: computed from the register and the roll, sent by a person, received in the LA's inbox."""

    name = "returns"
    verbose_name = "Notifications to the LA"
    default_auto_field = "django.db.models.BigAutoField"
