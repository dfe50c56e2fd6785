"""URLs of the public site outside the page tree. Include them at ``search/``."""

from django.urls import path

from policy_pages import views

app_name = "policy_pages"

urlpatterns = [path("", views.search, name="search")]
