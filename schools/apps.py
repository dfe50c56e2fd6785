from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    """Schools"""

    name = "schools"
    verbose_name = "Schools"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from schools import checks, role_groups  # noqa: F401 (registers the checks)

        role_groups.connect()
