"""LA workspace URLs, included by portal/urls.py under ``la/`` (names in
``portal:la_workspace``)."""

from django.urls import path

from la_workspace import dashboard_views, views

app_name = "la_workspace"

urlpatterns = [
    path("figures/", dashboard_views.dashboard, name="dashboard"),
    path("figures/export.csv", dashboard_views.dashboard_csv, name="dashboard_csv"),
    path(
        "figures/schools/<int:school_pk>/",
        dashboard_views.school_trend,
        name="school_trend",
    ),
    path("settings/", views.la_settings, name="settings"),
    path("joint-approaches/", views.joint_approaches, name="joint_approaches"),
    path(
        "joint-approaches/pupils/<int:pupil_pk>/new/",
        views.joint_approach_new,
        name="joint_approach_new",
    ),
    path(
        "joint-approaches/<int:pk>/",
        views.joint_approach_detail,
        name="joint_approach_detail",
    ),
    path(
        "cases/<int:pk>/sibling-contacts/",
        views.sibling_contact_add,
        name="sibling_contact_add",
    ),
]
