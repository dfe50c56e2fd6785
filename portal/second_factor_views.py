"""The second step of signing in, setting up an authenticator app, and the
account's security page (backup codes, signing out everywhere).

The two sign-in pages serve a session whose password has passed
(``request.pending_user``, set by ``middleware.SecondFactorMiddleware``); to
every other view that session is anonymous.
"""

from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import sessions_end
from portal.auth import url_with_next
from portal.forms import AuthenticatorSetupForm, SecondFactorCodeForm
from portal.second_factor import (
    authenticator_confirm,
    authenticator_for_setup,
    backup_codes_left,
    backup_codes_replace,
    code_check,
    has_authenticator,
    secret_for_typing,
    session_verify,
)


def next_url(request: HttpRequest) -> str:
    """Where to go once signed in: a safe ``next`` on this site, or the dashboard."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("portal:dashboard")


def _with_next(name: str, request: HttpRequest) -> str:
    return url_with_next(name, request.POST.get("next") or request.GET.get("next"))


def _pending_user(request: HttpRequest):
    user = getattr(request, "pending_user", None)
    return user if user is not None and user.is_authenticated else None


def qr_code_svg(text: str) -> str:
    """A QR code of ``text`` as an inline SVG (drawn here: no script, no request)."""
    image = qrcode.make(
        text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2
    )
    out = BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]


@login_not_required
def second_factor(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(next_url(request))
    user = _pending_user(request)
    if user is None:
        return redirect("portal:login")
    if not has_authenticator(user):
        return redirect(_with_next("portal:second_factor_setup", request))
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = code_check(request, user=user, code=form.cleaned_data["code"])
        if device is not None:
            session_verify(request, user=user, device=device)
            return redirect(next_url(request))
        form.add_error(
            "code",
            "That code did not work. Codes change every 30 seconds: enter the "
            "one the app shows now, or a backup code you have not used.",
        )
    return render(
        request,
        "portal/second_factor.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next")},
    )


@login_not_required
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app: at first sign-in, or to replace one when signed in."""
    user = request.user if request.user.is_authenticated else _pending_user(request)
    if user is None:
        return redirect("portal:login")
    if not request.user.is_authenticated and has_authenticator(user):
        # Someone who has an app proves it before changing it.
        return redirect(_with_next("portal:second_factor", request))
    device = authenticator_for_setup(user)
    form = AuthenticatorSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = authenticator_confirm(
            user=user, device=device, code=form.cleaned_data["code"]
        )
        if codes is not None:
            session_verify(request, user=user, device=device)
            return render(
                request,
                "portal/backup_codes.html",
                {"codes": codes, "continue_url": next_url(request), "first": True},
            )
        form.add_error(
            "code",
            "That code did not work. Check the app shows this account, and "
            "enter the code it shows now.",
        )
    return render(
        request,
        "portal/second_factor_setup.html",
        {
            "form": form,
            "qr_code": mark_safe(qr_code_svg(device.config_url)),  # noqa: S308  # nosec B308 B703 # an SVG drawn here from our own URL
            "secret": secret_for_typing(device),
            "next": request.POST.get("next") or request.GET.get("next"),
            "replacing": request.user.is_authenticated,
        },
    )


def account_security(request: HttpRequest) -> HttpResponse:
    authenticator = (
        TOTPDevice.objects.filter(user=request.user, confirmed=True)
        .order_by("-pk")
        .first()
    )
    return render(
        request,
        "portal/account_security.html",
        {
            "authenticator": authenticator,
            "backup_codes_left": backup_codes_left(request.user),
        },
    )


@require_POST
def backup_codes_new(request: HttpRequest) -> HttpResponse:
    codes = backup_codes_replace(request.user)
    return render(
        request,
        "portal/backup_codes.html",
        {"codes": codes, "continue_url": reverse("portal:account_security")},
    )


@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    sessions_end(request.user)
    logout(request)
    messages.success(
        request, "You are signed out everywhere, on this device and every other."
    )
    return redirect("portal:login")
