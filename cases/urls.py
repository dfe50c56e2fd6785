"""The case pages, included by portal/urls.py under cases/."""

from django.urls import path

from cases import views

app_name = "cases"

urlpatterns = [
    path("", views.caseload_page, name="caseload"),
    path("open/<int:pupil_pk>/", views.case_open, name="open"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/<slug:action>/", views.case_action, name="action"),
]
