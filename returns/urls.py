"""Notifications to the LA URLs, included by portal/urls.py (names in ``portal:returns``)."""

app_name = "returns"

urlpatterns: list = []
