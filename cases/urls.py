"""The case pages, included by portal/urls.py under cases/."""

from django.urls import include, path

from cases import views
from cases.plans import views as plan_views

app_name = "cases"

urlpatterns = [
    path("", views.caseload_page, name="caseload"),
    path("open/<int:pupil_pk>/", views.case_open, name="open"),
    path("<int:pk>/", views.case_detail, name="detail"),
    # Plans, targets and reviews.
    path("<int:pk>/plans/new/", plan_views.plan_new, name="plan_new"),
    path("<int:pk>/plans/<int:plan_pk>/", plan_views.plan_detail, name="plan"),
    path(
        "<int:pk>/plans/<int:plan_pk>/targets/new/",
        plan_views.target_new,
        name="target_new",
    ),
    path(
        "<int:pk>/plans/<int:plan_pk>/targets/<int:target_pk>/",
        plan_views.target_edit,
        name="target_edit",
    ),
    path(
        "<int:pk>/plans/<int:plan_pk>/targets/advice/",
        plan_views.target_advice,
        name="target_advice",
    ),
    path(
        "<int:pk>/plans/<int:plan_pk>/activate/",
        plan_views.plan_activate,
        name="plan_activate",
    ),
    path(
        "<int:pk>/plans/<int:plan_pk>/review/",
        plan_views.plan_review,
        name="plan_review",
    ),
    path(
        "<int:pk>/plans/<int:plan_pk>/withdraw/",
        plan_views.plan_withdraw,
        name="plan_withdraw",
    ),
    # The support-first ledger.
    path("<int:pk>/ledger/", plan_views.ledger_page, name="ledger"),
    path("<int:pk>/ledger.csv", plan_views.ledger_csv, name="ledger_csv"),
    path("<int:pk>/ledger/new/", plan_views.offer_new, name="offer_new"),
    path("<int:pk>/ledger/<int:offer_pk>/", plan_views.offer_edit, name="offer_edit"),
    path("", include("cases.voice.urls")),
    # Every other change to a case, by action name; keep this last.
    path("<int:pk>/<slug:action>/", views.case_action, name="action"),
]
