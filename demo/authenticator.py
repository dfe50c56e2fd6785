"""The demo's second factor: every demo account has the same authenticator app.

Its secret is published in the README, so that anyone trying the demo can add
it to an authenticator app, or run ``manage.py demo_code`` for the current
code. A real site's accounts each set up their own app at first sign-in.
"""

from base64 import b32decode

from django_otp.oath import TOTP

# Base32, as authenticator apps take it: 32 letters, 20 bytes.
DEMO_AUTHENTICATOR_SECRET = "DEMOSCHOOLATTENDANCEPORTALSECRET"  # noqa: S105  # nosec B105 # published in the README
DEMO_AUTHENTICATOR_KEY = b32decode(DEMO_AUTHENTICATOR_SECRET).hex()


def demo_authenticator_ensure(user) -> None:
    """Give a demo account the demo app, once, already confirmed."""
    # Imported here: the code functions below are used before Django is set up
    # (the CI's production smoke run).
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.get_or_create(
        user=user,
        confirmed=True,
        defaults={"name": "Demo authenticator", "key": DEMO_AUTHENTICATOR_KEY},
    )


def demo_code(*, steps_ahead: int = 0) -> str:
    """The code the demo app shows now, or ``steps_ahead`` 30-second steps on."""
    totp = TOTP(bytes.fromhex(DEMO_AUTHENTICATOR_KEY), drift=steps_ahead)
    return f"{totp.token():06d}"


def demo_time_step() -> int:
    """The current 30-second step, as the server counts it (TOTPDevice.last_t)."""
    return TOTP(bytes.fromhex(DEMO_AUTHENTICATOR_KEY)).t()
