"""The staff pages, included by the portal under ``staff/``."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from accounts import views

app_name = "staff"

person = "<str:kind>/<int:pk>/people/<int:person_pk>/"

urlpatterns = [
    path("", views.staff_home, name="home"),
    path(
        "invitation/<str:token>/",
        login_not_required(views.invitation),
        name="invitation",
    ),
    path("<str:kind>/<int:pk>/", views.staff_list, name="list"),
    path("<str:kind>/<int:pk>/invite/", views.staff_invite, name="invite"),
    path(person, views.staff_person, name="person"),
    path(f"{person}roles/", views.staff_role_give, name="role_give"),
    path(
        f"{person}roles/<int:membership_pk>/remove/",
        views.staff_role_remove,
        name="role_remove",
    ),
    path(f"{person}deactivate/", views.staff_deactivate, name="deactivate"),
    path(
        f"{person}reset-sign-in/",
        views.staff_second_factor_reset,
        name="second_factor_reset",
    ),
    path(
        f"{person}invitation/",
        views.staff_invitation_resend,
        name="invitation_resend",
    ),
]
