from django.apps import AppConfig


class LaWorkspaceConfig(AppConfig):
    """The local authority's workspace: figures across its schools,
    severe-absence joint approaches, siblings across schools, and the LA's
    settings."""

    name = "la_workspace"
    verbose_name = "LA workspace"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported for what it registers with the case core.
        from la_workspace import providers, work  # noqa: F401
