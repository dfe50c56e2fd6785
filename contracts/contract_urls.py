"""Parenting contract URLs (in ``portal:contracts``), under ``cases/``."""

from django.urls import path

from contracts import contract_views as views

_ONE = "<int:pk>/contracts/<int:contract_pk>/"

urlpatterns = [
    path("<int:pk>/contracts/new/", views.contract_draft, name="contract_draft"),
    path(
        "<int:pk>/contracts/not-offered/",
        views.contract_not_offered,
        name="contract_not_offered",
    ),
    path(_ONE, views.contract_detail, name="contract"),
    path(_ONE + "edit/", views.contract_edit, name="contract_edit"),
    path(
        _ONE + "offer/",
        views.contract_step,
        {"step": "offer"},
        name="contract_offer",
    ),
    path(
        _ONE + "activate/",
        views.contract_step,
        {"step": "activate"},
        name="contract_activate",
    ),
    path(_ONE + "sign/", views.contract_sign, name="contract_sign"),
    path(_ONE + "review/", views.contract_review, name="contract_review"),
    path(_ONE + "not-kept/", views.contract_not_kept, name="contract_not_kept"),
    path(
        _ONE + "complete/",
        views.contract_end,
        {"step": "complete"},
        name="contract_complete",
    ),
    path(
        _ONE + "withdraw/",
        views.contract_end,
        {"step": "withdraw"},
        name="contract_withdraw",
    ),
    path(
        _ONE + "decline/",
        views.contract_end,
        {"step": "decline"},
        name="contract_decline",
    ),
    path(_ONE + "letters/", views.contract_letters_view, name="contract_letters"),
    path(
        _ONE + "signed-copy/",
        views.contract_signed_copy,
        name="contract_signed_copy",
    ),
    path(
        _ONE + "signatures/<int:signature_pk>/",
        views.contract_signature,
        name="contract_signature",
    ),
]
