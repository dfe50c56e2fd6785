"""The legal pages of a case, included by portal/urls.py under cases/
(names in ``portal:legal``)."""

from django.urls import path

from legal import bundle_views, views

app_name = "legal"

urlpatterns = [
    path("<int:pk>/legal/", views.legal_steps, name="steps"),
    path("<int:pk>/legal/eso/new/", views.eso_new, name="eso_new"),
    path("<int:pk>/legal/eso/<int:order_pk>/", views.eso_detail, name="eso"),
    path("<int:pk>/legal/referral/new/", views.referral_new, name="referral_new"),
    path(
        "<int:pk>/legal/referral/<int:referral_pk>/",
        views.referral_detail,
        name="referral",
    ),
    path("<int:pk>/legal/bundles/", bundle_views.bundle_request, name="bundle_request"),
    path(
        "<int:pk>/legal/bundles/<int:bundle_pk>/",
        bundle_views.bundle_status,
        name="bundle_status",
    ),
    path(
        "<int:pk>/legal/bundles/<int:bundle_pk>/pdf/",
        bundle_views.bundle_download,
        name="bundle_pdf",
    ),
]
