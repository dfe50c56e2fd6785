"""The attendance pages, included by portal/urls.py under attendance/."""

from django.urls import path

from attendance import views

app_name = "attendance"

urlpatterns = [
    path("", views.lists, name="lists"),
    path("list.csv", views.list_csv, name="list_csv"),
    path("pupils/<int:pk>/", views.pupil_attendance, name="pupil"),
    path("import/", views.upload, name="upload"),
    path("report.csv", views.report_csv, name="report_csv"),
]
