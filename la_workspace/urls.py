"""LA workspace URLs, included by portal/urls.py (names in ``portal:la_workspace``)."""

from django.urls import path

from la_workspace import dashboard_views

app_name = "la_workspace"

urlpatterns: list = [
    path("figures/", dashboard_views.dashboard, name="dashboard"),
    path("figures/export.csv", dashboard_views.dashboard_csv, name="dashboard_csv"),
    path(
        "figures/schools/<int:school_pk>/",
        dashboard_views.school_trend,
        name="school_trend",
    ),
]
