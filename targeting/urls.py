"""Targeting support URLs, included by portal/urls.py under ``la/targeting/``
(names in ``portal:targeting``)."""

from django.urls import path

from targeting import views

app_name = "targeting"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("arrange/", views.arrange, name="arrange"),
    path("<int:meeting_pk>/", views.detail, name="detail"),
    path("<int:meeting_pk>/pack.pdf", views.pack_pdf_view, name="pack_pdf"),
    path("<int:meeting_pk>/pack.csv", views.pack_csv_view, name="pack_csv"),
    path("<int:meeting_pk>/discuss/", views.discuss_add, name="discuss_add"),
    path("<int:meeting_pk>/record/", views.record, name="record"),
    path(
        "<int:meeting_pk>/actions/<int:action_pk>/",
        views.action_update,
        name="action_update",
    ),
]
