"""The address login throttling counts, with and without trusted proxies."""

import pytest
from django.test import RequestFactory

from portal.client_ip import client_ip

pytestmark = pytest.mark.unit


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_no_trusted_proxy_ignores_forwarded_for(settings):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_one_trusted_proxy_takes_the_address_it_saw(settings):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    # The client forged the first entry; the proxy appended the real one.
    request = request_from("10.0.0.2", "192.0.2.66, 198.51.100.7")
    assert client_ip(request) == "198.51.100.7"


def test_two_trusted_proxies_count_from_the_right(settings):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 2
    request = request_from("10.0.0.3", "198.51.100.7, 10.0.0.2")
    assert client_ip(request) == "198.51.100.7"


def test_missing_forwarded_for_falls_back_to_remote_addr(settings):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("10.0.0.2")) == "10.0.0.2"
