from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    """Schools"""

    name = "schools"
    verbose_name = "Schools"
    default_auto_field = "django.db.models.BigAutoField"
