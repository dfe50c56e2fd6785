"""Restricted records, under portal:safeguarding."""

from django.urls import path

from safeguarding import transfer_views, views

app_name = "safeguarding"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("pupils/<int:pupil_pk>/", views.pupil_records, name="pupil"),
    path("pupils/<int:pupil_pk>/notes/new/", views.note_add, name="note_add"),
    path("pupils/<int:pupil_pk>/links/new/", views.link_add, name="link_add"),
    path("pupils/<int:pupil_pk>/export/", views.pupil_export, name="pupil_export"),
    path("records/<int:pk>/", views.item_detail, name="item"),
    path("records/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("records/<int:pk>/share/", views.item_share, name="item_share"),
    path(
        "records/<int:pk>/shares/<int:grant_pk>/end/",
        views.item_unshare,
        name="item_unshare",
    ),
    path("cases/<int:case_pk>/consult-flag/", views.case_flag, name="case_flag"),
    path(
        "cases/<int:case_pk>/consultation/",
        views.case_consultation,
        name="case_consultation",
    ),
    path("transfers/<int:pk>/", transfer_views.transfer_detail, name="transfer"),
    path(
        "transfers/<int:pk>/sent/", transfer_views.transfer_sent, name="transfer_sent"
    ),
    path(
        "transfers/<int:pk>/received/",
        transfer_views.transfer_received,
        name="transfer_received",
    ),
    path("access-log/", views.access_report_page, name="access_report"),
    path("access-log.csv", views.access_report_csv, name="access_report_csv"),
]
