"""Meetings of a case, included by portal/urls.py under cases/ (names in
``portal:meetings``)."""

from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("<int:pk>/meetings/", views.meeting_list, name="list"),
    path("<int:pk>/meetings/new/", views.meeting_arrange, name="arrange"),
    path("<int:pk>/meetings/<int:meeting_pk>/", views.meeting_detail, name="meeting"),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/invitations/<int:invitation_pk>/",
        views.invitation_update,
        name="invitation",
    ),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/rearrange/",
        views.meeting_rearrange,
        name="rearrange",
    ),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/cancel/",
        views.meeting_cancel,
        name="cancel",
    ),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/record/",
        views.meeting_record,
        name="record",
    ),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/letters/",
        views.meeting_letters,
        name="letters",
    ),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/actions/<int:action_pk>/target/",
        views.action_to_target,
        name="action_to_target",
    ),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/actions/<int:action_pk>/offer/",
        views.action_to_offer,
        name="action_to_offer",
    ),
]
