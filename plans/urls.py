"""Plans, targets, reviews and the support-first ledger of a case, included by
portal/urls.py under cases/ (names in ``portal:plans``)."""

from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    # Plans, targets and reviews.
    path("<int:pk>/plans/new/", views.plan_new, name="plan_new"),
    path("<int:pk>/plans/<int:plan_pk>/", views.plan_detail, name="plan"),
    path(
        "<int:pk>/plans/<int:plan_pk>/targets/new/",
        views.target_new,
        name="target_new",
    ),
    path(
        "<int:pk>/plans/<int:plan_pk>/targets/<int:target_pk>/",
        views.target_edit,
        name="target_edit",
    ),
    path(
        "<int:pk>/plans/<int:plan_pk>/targets/advice/",
        views.target_advice,
        name="target_advice",
    ),
    path(
        "<int:pk>/plans/<int:plan_pk>/activate/",
        views.plan_activate,
        name="plan_activate",
    ),
    path(
        "<int:pk>/plans/<int:plan_pk>/review/",
        views.plan_review,
        name="plan_review",
    ),
    path(
        "<int:pk>/plans/<int:plan_pk>/withdraw/",
        views.plan_withdraw,
        name="plan_withdraw",
    ),
    # The support-first ledger.
    path("<int:pk>/ledger/", views.ledger_page, name="ledger"),
    path("<int:pk>/ledger.csv", views.ledger_csv, name="ledger_csv"),
    path("<int:pk>/ledger/new/", views.offer_new, name="offer_new"),
    path("<int:pk>/ledger/<int:offer_pk>/", views.offer_edit, name="offer_edit"),
]
