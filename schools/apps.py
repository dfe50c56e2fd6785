from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    """Schools"""

    name = "schools"
    verbose_name = "Schools"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from schools import checks, permissions, role_groups  # noqa: F401 (checks)

        role_groups.connect()
        permissions.watch_permission_rows()
