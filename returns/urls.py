"""Notifications to the LA URLs, included by portal/urls.py (``portal:returns:``)."""

from django.urls import path

from returns import views

app_name = "returns"

urlpatterns = [
    path("", views.to_send, name="to_send"),
    path("confirm/", views.confirm, name="confirm"),
    path("send/", views.send, name="send"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/received/", views.receive, name="receive"),
]
