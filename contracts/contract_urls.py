"""Parenting contract URLs (in ``portal:contracts``)."""

urlpatterns: list = []
