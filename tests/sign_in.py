"""Signing in as staff do, through both steps, for the tests that need the pages."""

import time

from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.authenticator import demo_code, demo_time_step

DEMO_PASSWORD = "attendance-demo-2026"


def demo_code_unused(username: str) -> str:
    """The demo app's code for a step this account has not used yet.

    A code is accepted once (django-otp remembers the last step used) and one
    step either side of now, so signing the same person in twice within 30
    seconds takes the next step's code, or waits for it.
    """
    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    now = demo_time_step()
    step = max(now, device.last_t + 1)
    if step > now + 1:
        time.sleep(30 * (step - now - 1) + 1)
        now = demo_time_step()
    return demo_code(steps_ahead=step - now)


def password_step(client, username: str, password: str = DEMO_PASSWORD, **extra):
    return client.post(
        reverse("portal:login"), {"username": username, "password": password, **extra}
    )


def code_step(client, code: str, **extra):
    return client.post(reverse("portal:second_factor"), {"code": code, **extra})


def sign_in(client, username: str, password: str = DEMO_PASSWORD):
    """Both steps with the demo app; returns the code step's response."""
    password_step(client, username, password)
    return code_step(client, demo_code_unused(username))
