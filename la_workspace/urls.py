"""LA workspace URLs, included by portal/urls.py (names in ``portal:la_workspace``)."""

app_name = "la_workspace"

urlpatterns: list = []
