"""Targeting support URLs, included by portal/urls.py (names in ``portal:targeting``)."""

app_name = "targeting"

urlpatterns: list = []
