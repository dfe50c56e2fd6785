"""Contracts and notices of a case, included by portal/urls.py under cases/
(names in ``portal:contracts``)."""

from contracts import contract_urls, notice_urls

app_name = "contracts"

urlpatterns = [*contract_urls.urlpatterns, *notice_urls.urlpatterns]
