"""Start a browser journey already signed in, without the sign-in pages.

Signing in through both steps (password, then the authenticator's code) is
itself a journey: ``test_portal_journey.py`` walks it in the browser, with and
without JavaScript, and ``tests/portal/test_second_factor.py`` and
``test_login_and_sessions.py`` prove each step and refusal. The other browser
journeys are about what people do once signed in, so they start from a
session made the way the test client's ``force_login`` makes one (marked as
past the second factor by ``tests/conftest.py``), handed to the browser as its
session cookie. Each saves the four page loads of the two sign-in steps.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page


def start_signed_in(page: Page, base_url: str, username: str, path: str = "") -> None:
    """Open ``path`` (the dashboard if none) in ``page`` as ``username``."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}]
    )
    page.goto(f"{base_url}{path or reverse('portal:dashboard')}")
    page.wait_for_load_state("load")
