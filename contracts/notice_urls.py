"""Notice to improve and penalty notice URLs (in ``portal:contracts``)."""

from django.urls import path

from contracts import notice_views as views

urlpatterns = [
    path("<int:pk>/notices/", views.notice_list, name="notices"),
    path(
        "<int:pk>/notices/improve/new/",
        views.notice_to_improve_new,
        name="notice_to_improve_new",
    ),
    path(
        "<int:pk>/notices/improve/<int:notice_pk>/",
        views.notice_to_improve_detail,
        name="notice_to_improve",
    ),
    path(
        "<int:pk>/notices/improve/<int:notice_pk>/letter/",
        views.notice_to_improve_letter_new,
        name="notice_to_improve_letter",
    ),
    path(
        "<int:pk>/notices/penalty/new/",
        views.penalty_notice_new,
        name="penalty_notice_new",
    ),
    path(
        "<int:pk>/notices/penalty/<int:notice_pk>/",
        views.penalty_notice_detail,
        name="penalty_notice",
    ),
    path(
        "<int:pk>/notices/penalty/<int:notice_pk>/<slug:action>/",
        views.penalty_notice_action,
        name="penalty_notice_action",
    ),
]
