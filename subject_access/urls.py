"""Subject access pages, included by the portal under ``pupils/``."""

from django.urls import path

from subject_access import views

app_name = "subject_access"

urlpatterns = [
    path("<int:pupil_pk>/subject-access/", views.exports, name="exports"),
    path(
        "<int:pupil_pk>/subject-access/<int:export_pk>/download/",
        views.download,
        name="download",
    ),
]
