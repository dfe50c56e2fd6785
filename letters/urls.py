"""A case's letters, a letter's PDF, the day's print run and the demo's
outbox, included by portal/urls.py under cases/ (names in ``portal:letters``)."""

from django.urls import path

from letters import views

app_name = "letters"

urlpatterns = [
    path("<int:pk>/letters/", views.letter_list, name="letter_list"),
    path("<int:pk>/letters/new/", views.letter_new, name="letter_new"),
    path("<int:pk>/letters/today.pdf", views.case_batch_pdf, name="case_batch_pdf"),
    path("<int:pk>/letters/<int:letter_pk>/", views.letter_detail, name="letter"),
    path(
        "<int:pk>/letters/<int:letter_pk>/letter.pdf",
        views.letter_pdf,
        name="letter_pdf",
    ),
    path(
        "letters/schools/<int:school_pk>/today.pdf",
        views.school_batch_pdf,
        name="school_batch_pdf",
    ),
    path("letters/outbox/", views.outbox, name="outbox"),
]
