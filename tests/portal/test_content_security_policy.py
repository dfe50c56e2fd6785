"""The content security policy: strict with a nonce on the portal and the public
site, looser for scripts and styles in the Wagtail admin only; and the endpoint
browsers report refusals to. The browser tests (tests/e2e/conftest.py) fail on
any refusal."""

import json
import re

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values for name, *values in (part.split() for part in policy.split(";"))
    }


def test_portal_pages_allow_only_this_sites_scripts_and_the_pages_nonce(client_as):
    response = client_as("officer.chaucer").get(reverse("portal:dashboard"))
    policy = directives(response)
    nonce = re.search(r"'nonce-([^']+)'", " ".join(policy["script-src"])).group(1)
    assert policy["script-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert policy["style-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert policy["default-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    # htmx's own script tag carries it; htmx is told not to eval or inject styles.
    html = response.content.decode()
    assert re.search(rf'<script[^>]+nonce="{re.escape(nonce)}"', html)
    assert '"allowEval": false' in html
    assert '"includeIndicatorStyles": false' in html


def test_each_response_has_its_own_nonce(client_as):
    client = client_as("officer.chaucer")
    first = directives(client.get(reverse("portal:dashboard")))["script-src"]
    second = directives(client.get(reverse("portal:dashboard")))["script-src"]
    assert first != second


def test_public_pages_are_as_strict(client):
    policy = directives(client.get("/"))
    assert policy["script-src"][0] == "'self'"
    assert "'unsafe-inline'" not in policy["script-src"] + policy["style-src"]


def test_only_the_wagtail_admin_allows_inline_scripts_and_styles(client_as):
    response = client_as("editor").get("/cms/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert policy["frame-ancestors"] == ["'none'"]
    # No Gravatar: editors' email hashes do not go to a third party.
    assert "gravatar" not in response.content.decode()


def test_browsers_report_refusals_to_a_log_without_a_session(client, caplog):
    report = {
        "csp-report": {
            "document-uri": "https://attendance.example.org/portal/pupils/7/?q=x",
            "blocked-uri": "inline",
            "violated-directive": "script-src-elem",
        }
    }
    response = client.post(
        reverse("portal:csp_report"),
        json.dumps(report),
        content_type="application/csp-report",
    )
    assert response.status_code == 204
    assert "refused inline on https://attendance.example.org/portal/pupils/7/ " in (
        caplog.text
    )
    assert "q=x" not in caplog.text


@pytest.mark.parametrize(
    ("body", "status"),
    [("not json", 400), ('["a list"]', 400), ("x" * 20_000, 413)],
)
def test_a_malformed_or_oversized_report_is_refused(client, body, status):
    response = client.post(
        reverse("portal:csp_report"), body, content_type="application/csp-report"
    )
    assert response.status_code == status


def test_the_report_endpoint_takes_only_posts(client):
    assert client.get(reverse("portal:csp_report")).status_code == 405
