"""The second factor at sign-in: an authenticator app, and one-time backup codes.

django-otp keeps the devices (a ``TOTPDevice`` for the app, a ``StaticDevice``
holding the backup codes); this module is the one place the portal reads and
changes them, and the one place that decides whether a session has passed.

A session is *pending* when it holds a user (the password passed) but no
verified device; ``middleware.SecondFactorMiddleware`` makes such a session
anonymous to every view but the second-factor pages. It becomes *verified*
when a code passes, and the session key changes at that moment.
"""

import re
from base64 import b32encode

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import SESSION_KEY, user_login_failed
from django.contrib.auth.models import update_last_login
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.http import HttpRequest
from django_otp import DEVICE_ID_SESSION_KEY, verify_token
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import session_list

AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_CODES_NAME = "Backup codes"
_SEPARATORS = re.compile(r"[\s-]+")
_APP_CODE = re.compile(r"\d{6}")


def session_is_pending(session: SessionBase) -> bool:
    """The password passed in this session, the second factor not yet."""
    return SESSION_KEY in session and DEVICE_ID_SESSION_KEY not in session


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def authenticator_for_setup(user) -> TOTPDevice:
    """The app being set up: the same secret on every visit until it is confirmed."""
    device = (
        TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    )
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=AUTHENTICATOR_NAME, confirmed=False
        )
    return device


def secret_for_typing(device: TOTPDevice) -> str:
    """The app's secret in base32, in groups of four, for typing by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def normalised(code: str) -> str:
    return _SEPARATORS.sub("", code or "").lower()


def is_app_code(code: str) -> bool:
    return bool(_APP_CODE.fullmatch(normalised(code)))


def authenticator_confirm(*, user, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm a new authenticator app with its first code.

    Returns the new backup codes (to show once), or None if the code did not
    pass. A confirmed app replaces any earlier one, and the old backup codes go.
    """
    with transaction.atomic():
        if not device.verify_token(normalised(code)):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        return backup_codes_replace(user)


def backup_codes_replace(user) -> list[str]:
    """A fresh set of one-time backup codes; every earlier code stops working."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=BACKUP_CODES_NAME)
        codes = [
            StaticToken.random_token() for _ in range(settings.PORTAL_BACKUP_CODE_COUNT)
        ]
        StaticToken.objects.bulk_create(
            StaticToken(device=device, token=code) for code in codes
        )
    return codes


def _devices_to_try(user, code: str) -> list[Device]:
    model = TOTPDevice if is_app_code(code) else StaticDevice
    return list(model.objects.filter(user=user, confirmed=True))


def code_check(request: HttpRequest, *, user, code: str) -> Device | None:
    """The device that accepts this code (an app code or a backup code), or None.

    A wrong code counts as a failed sign-in for django-axes, so the lockout
    that guards the password guards the code too; a locked-out user is refused
    before any device is asked. django-otp's own throttle slows repeated wrong
    codes on each device as well.
    """
    credentials = {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}
    if not AxesProxyHandler.is_allowed(request, credentials):
        request.axes_locked_out = True
        request.axes_credentials = credentials
        return None
    for device in _devices_to_try(user, code):
        accepted = verify_token(user, device.persistent_id, normalised(code))
        if accepted is not None:
            return accepted
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return None


def session_verify(request: HttpRequest, *, user, device: Device) -> None:
    """The second factor passed: a new session key, marked verified and listed.

    The failed attempts of this user at this address are forgiven only now
    (``AXES_RESET_ON_SUCCESS`` is off).
    """
    request.session.cycle_key()
    request.user = user
    otp_login(request, device)
    update_last_login(None, user)
    AxesProxyHandler.reset_attempts(
        ip_address=getattr(request, "axes_ip_address", None),
        username=user.get_username(),
    )
    request.session.save()
    session_list(
        session_key=request.session.session_key,
        user=user,
        ip_address=getattr(request, "client_ip", None),
    )
