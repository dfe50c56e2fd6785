from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo project's made-up data and its load_demo command. Not part of the
    installed distribution: a site that installs the apps does not list it."""

    name = "demo"
    label = "demo"
    verbose_name = "Demo data"
