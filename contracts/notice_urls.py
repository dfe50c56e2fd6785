"""Notice to improve and penalty notice URLs (in ``portal:contracts``)."""

urlpatterns: list = []
