"""Login throttling counts each client behind a trusted proxy, and cannot be
dodged by a forged X-Forwarded-For when no proxy is trusted."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.conftest import DEMO_PASSWORD

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PROXY = "10.0.0.2"  # every request arrives from the proxy's own address
USERNAME = "pastoral.chaucer"


def log_in(client, password: str, **headers):
    return client.post(
        reverse("portal:login"),
        {"username": USERNAME, "password": password},
        REMOTE_ADDR=PROXY,
        **headers,
    )


def test_behind_one_proxy_a_lockout_holds_one_client_only(client, settings):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    attacker = {"HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    for attempt in range(1, 10):
        assert log_in(client, f"wrong-{attempt}", **attacker).status_code == 200
    assert log_in(client, "wrong-10", **attacker).status_code == 429
    assert log_in(client, DEMO_PASSWORD, **attacker).status_code == 429
    # A forged entry to the left of the proxy's is not believed either.
    forged = {"HTTP_X_FORWARDED_FOR": "192.0.2.1, 198.51.100.7"}
    assert log_in(client, DEMO_PASSWORD, **forged).status_code == 429

    colleague = log_in(
        client.__class__(), DEMO_PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.8"
    )
    assert colleague.status_code == 302  # on to the second step
    assert colleague["Location"] == reverse("portal:second_factor")
    assert set(
        AccessAttempt.objects.filter(username=USERNAME).values_list(
            "ip_address", "failures_since_start"
        )
    ) == {("198.51.100.7", 12)}  # the two tries while locked count too


def test_with_no_trusted_proxy_a_forged_forwarded_for_is_ignored(client, settings):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 0
    for attempt in range(1, 11):
        # A new made-up client address each time, to dodge the count.
        forged = {"HTTP_X_FORWARDED_FOR": f"198.51.100.{attempt}"}
        answer = log_in(client, f"wrong-{attempt}", **forged)
    assert answer.status_code == 429
    assert set(
        AccessAttempt.objects.filter(username=USERNAME).values_list(
            "ip_address", "failures_since_start"
        )
    ) == {(PROXY, 10)}
    assert (
        log_in(client, DEMO_PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.50").status_code
        == 429
    )
