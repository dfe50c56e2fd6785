"""Pupil-voice URLs, included by portal/urls.py under cases/ (names in
``portal:voice``)."""

from django.urls import path

from voice import views

app_name = "voice"

urlpatterns = [
    # On a case.
    path("<int:pk>/voice/", views.voice_list, name="voice_list"),
    path("<int:pk>/voice/new/", views.voice_new, name="voice_new"),
    path("<int:pk>/voice/<int:voice_pk>/", views.voice_detail, name="voice_detail"),
    path(
        "<int:pk>/voice/<int:voice_pk>/drawing/",
        views.voice_drawing,
        name="voice_drawing",
    ),
    # On a pupil with no case.
    path(
        "pupils/<int:pupil_pk>/voice/",
        views.pupil_voice_list,
        name="pupil_voice_list",
    ),
    path(
        "pupils/<int:pupil_pk>/voice/new/",
        views.pupil_voice_new,
        name="pupil_voice_new",
    ),
    path(
        "pupils/<int:pupil_pk>/voice/<int:voice_pk>/",
        views.pupil_voice_detail,
        name="pupil_voice_detail",
    ),
    path(
        "pupils/<int:pupil_pk>/voice/<int:voice_pk>/drawing/",
        views.pupil_voice_drawing,
        name="pupil_voice_drawing",
    ),
]
