"""The attendance pages, included by portal/urls.py under attendance/."""

from django.urls import path

from attendance import first_day_views, views

app_name = "attendance"

urlpatterns = [
    path("", views.lists, name="lists"),
    path("list.csv", views.list_csv, name="list_csv"),
    path("pupils/<int:pk>/", views.pupil_attendance, name="pupil"),
    path("import/", views.upload, name="upload"),
    path("report.csv", views.report_csv, name="report_csv"),
    path("pupils/<int:pk>/card/", first_day_views.pupil_card, name="pupil_card"),
    path(
        "pupils/<int:pk>/contacts/new/",
        first_day_views.contact_new,
        name="contact_new",
    ),
    path(
        "pupils/<int:pk>/marks/<str:day>/<str:session>/amend/",
        first_day_views.mark_amend_view,
        name="mark_amend",
    ),
    path("to-enter-in-mis/", first_day_views.mis_list, name="mis"),
    path("to-enter-in-mis.csv", first_day_views.mis_csv, name="mis_csv"),
]
