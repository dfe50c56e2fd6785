"""The case pages, included by portal/urls.py under cases/.

The portal includes the plans and voice apps' URLs under cases/ too, before
these: the last pattern here takes any ``<case>/<action>/``."""

from django.urls import path

from cases import views

app_name = "cases"

urlpatterns = [
    path("", views.caseload_page, name="caseload"),
    path("open/<int:pupil_pk>/", views.case_open, name="open"),
    path("<int:pk>/", views.case_detail, name="detail"),
    # Every other change to a case, by action name; keep this last.
    path("<int:pk>/<slug:action>/", views.case_action, name="action"),
]
