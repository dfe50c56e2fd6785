"""Signing in needs a password and then a code, at every entry point.

These tests go through the pages as staff do (tests/sign_in.py); the test
client's ``force_login`` shortcut, which the rest of the suite uses, stands for
both steps.
"""

import re
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SignedInSession
from tests.sign_in import code_step, demo_code_unused, password_step, sign_in

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

USERNAME = "officer.chaucer"
WRONG_CODE = "000000"
NEW_PASSWORD = "a-brand-new-passphrase"  # noqa: S105


def dashboard(client):
    return client.get(reverse("portal:dashboard"))


def login_location(response) -> str:
    assert response.status_code == 302
    return response["Location"]


@pytest.fixture
def new_starter(db):
    """An account with a password and no authenticator app yet."""
    user = get_user_model().objects.create_user(
        "new.starter", password="a-long-new-password-2026"
    )
    return user


def app_code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    return f"{TOTP(device.bin_key, drift=steps_ahead).token():06d}"


def test_the_password_alone_opens_nothing(client):
    response = password_step(client, USERNAME)
    assert login_location(response) == reverse("portal:second_factor")
    # Every portal page, the Wagtail admin and its pages see no one signed in.
    assert login_location(dashboard(client)).startswith(reverse("portal:login"))
    assert login_location(client.get("/cms/")).startswith(reverse("portal:login"))
    assert login_location(client.get("/cms/pages/")).startswith(reverse("portal:login"))
    # The login page sends the half-signed-in session on to the code.
    assert login_location(client.get(reverse("portal:login"))) == reverse(
        "portal:second_factor"
    )


def test_the_code_finishes_signing_in_and_goes_where_the_person_was_going(client):
    pupils = reverse("portal:pupil_list")
    password_step(client, USERNAME, next=pupils)
    page = client.get(reverse("portal:second_factor"), {"next": pupils})
    assert page.status_code == 200
    assert b"Enter the code from your authenticator app" in page.content
    response = code_step(client, demo_code_unused(USERNAME), next=pupils)
    assert login_location(response) == pupils
    assert dashboard(client).status_code == 200
    assert SignedInSession.objects.filter(
        user__username=USERNAME, session_key=client.session.session_key
    ).exists()


def test_a_next_address_on_another_site_is_not_followed(client):
    password_step(client, USERNAME)
    response = code_step(
        client, demo_code_unused(USERNAME), next="https://evil.example/phish"
    )
    assert login_location(response) == reverse("portal:dashboard")


def test_a_wrong_code_is_refused_with_a_clear_message(client):
    password_step(client, USERNAME)
    response = code_step(client, WRONG_CODE)
    assert response.status_code == 200
    assert "That code did not work" in response.content.decode()
    assert login_location(dashboard(client)).startswith(reverse("portal:login"))


def test_an_app_code_works_once(client):
    password_step(client, USERNAME)
    code = demo_code_unused(USERNAME)
    code_step(client, code)
    assert dashboard(client).status_code == 200

    other = Client()
    password_step(other, USERNAME)
    response = code_step(other, code)
    assert response.status_code == 200
    assert "That code did not work" in response.content.decode()


def test_wagtails_login_pages_send_people_to_the_portals(client):
    for path, next_path in (("/cms/login/", "/cms/"), ("/_util/login/", "/")):
        response = client.get(path)
        assert login_location(response) == (
            f"{reverse('portal:login')}?next={next_path}"
        ), path
        # A password posted straight to them is never checked there.
        posted = client.post(path, {"username": USERNAME, "password": "x"})
        assert login_location(posted).startswith(reverse("portal:login")), path
    assert AccessAttempt.objects.count() == 0


def test_the_editor_reaches_the_wagtail_admin_only_after_both_steps(client):
    password_step(client, "editor", next="/cms/")
    assert login_location(client.get("/cms/")).startswith(reverse("portal:login"))
    response = code_step(client, demo_code_unused("editor"), next="/cms/")
    assert login_location(response) == "/cms/"
    assert client.get("/cms/").status_code == 200


def test_a_password_reset_does_not_sign_anyone_in(client):
    user = get_user_model().objects.get(username=USERNAME)
    confirm = reverse(
        "portal:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    form_page = client.get(confirm, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert login_location(response) == reverse("portal:password_reset_done")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert login_location(dashboard(client)).startswith(reverse("portal:login"))
    # The new password is the first step only.
    password_step(client, USERNAME, NEW_PASSWORD)
    assert login_location(dashboard(client)).startswith(reverse("portal:login"))


def test_wagtails_own_password_reset_is_switched_off(client):
    assert client.get("/cms/password_reset/").status_code == 404


def test_a_new_account_sets_up_its_app_then_gets_backup_codes(client, new_starter):
    response = password_step(client, "new.starter", "a-long-new-password-2026")
    assert login_location(response) == reverse("portal:second_factor")
    assert login_location(client.get(reverse("portal:second_factor"))) == reverse(
        "portal:second_factor_setup"
    )
    page = client.get(reverse("portal:second_factor_setup")).content.decode()
    assert "<svg" in page
    device = TOTPDevice.objects.get(user=new_starter, confirmed=False)
    # The secret shown for typing is the device's, in base32.
    shown = re.search(r'class="secret-key"><code>([A-Z2-7 ]+)</code>', page).group(1)
    assert f"secret={shown.replace(' ', '')}" in device.config_url
    # Reloading the page keeps the same secret.
    client.get(reverse("portal:second_factor_setup"))
    assert TOTPDevice.objects.filter(user=new_starter).count() == 1

    wrong = client.post(reverse("portal:second_factor_setup"), {"code": WRONG_CODE})
    assert "That code did not work" in wrong.content.decode()
    # django-otp makes the next try wait a second after a wrong code.
    with time_machine.travel(timezone.now() + timedelta(seconds=2), tick=False):
        done = client.post(
            reverse("portal:second_factor_setup"), {"code": app_code(device)}
        )
    assert done.status_code == 200
    codes = re.findall(r"<li><code>(\w{4}) (\w{4})</code></li>", done.content.decode())
    assert len(codes) == 10
    assert dashboard(client).status_code == 200
    device.refresh_from_db()
    assert device.confirmed

    # Next time: a backup code signs in once, and only once.
    backup = "-".join(codes[0]).upper()
    for attempt, expected in ((Client(), True), (Client(), False)):
        password_step(attempt, "new.starter", "a-long-new-password-2026")
        code_step(attempt, backup)
        assert (dashboard(attempt).status_code == 200) is expected
    assert StaticToken.objects.filter(device__user=new_starter).count() == 9


def test_a_half_signed_in_session_cannot_replace_an_existing_app(client):
    password_step(client, USERNAME)
    response = client.get(reverse("portal:second_factor_setup"))
    assert login_location(response) == reverse("portal:second_factor")
    assert not TOTPDevice.objects.filter(
        user__username=USERNAME, confirmed=False
    ).exists()


def test_ten_wrong_codes_lock_the_account_at_that_address(client):
    password_step(client, USERNAME)
    for _ in range(9):
        assert code_step(client, WRONG_CODE).status_code == 200
    assert code_step(client, WRONG_CODE).status_code == 429
    # Locked: the right code, and the right password, are refused now.
    assert code_step(client, demo_code_unused(USERNAME)).status_code == 429
    assert password_step(Client(), USERNAME).status_code == 429
    assert login_location(dashboard(client)).startswith(reverse("portal:login"))


def test_a_known_password_does_not_reset_the_count_of_wrong_codes(client):
    password_step(client, USERNAME)
    for _ in range(9):
        code_step(client, WRONG_CODE)
    again = Client()
    assert login_location(password_step(again, USERNAME)) == reverse(
        "portal:second_factor"
    )
    assert code_step(again, WRONG_CODE).status_code == 429


def test_both_steps_forgive_earlier_failures(client):
    for _ in range(5):
        password_step(client, USERNAME, "not-the-password")
    sign_in(client, USERNAME)
    assert not AccessAttempt.objects.filter(username=USERNAME).exists()


def test_sign_out_everywhere_ends_every_session_of_that_person(client):
    phone, laptop, colleague = Client(), Client(), Client()
    sign_in(phone, USERNAME)
    sign_in(laptop, USERNAME)
    sign_in(colleague, "pastoral.chaucer")
    response = laptop.post(reverse("portal:sign_out_everywhere"))
    assert login_location(response) == reverse("portal:login")
    assert login_location(dashboard(phone)).startswith(reverse("portal:login"))
    assert login_location(dashboard(laptop)).startswith(reverse("portal:login"))
    assert dashboard(colleague).status_code == 200
    assert not SignedInSession.objects.filter(user__username=USERNAME).exists()


def test_signing_out_forgets_the_session(client):
    sign_in(client, USERNAME)
    client.post(reverse("portal:logout"))
    assert not SignedInSession.objects.filter(user__username=USERNAME).exists()


def test_new_backup_codes_replace_the_old_ones(client_as):
    client = client_as(USERNAME)
    page = client.get(reverse("portal:account_security"))
    assert "You have 0 unused backup codes" in page.content.decode()
    first = client.post(reverse("portal:backup_codes_new")).content.decode()
    second = client.post(reverse("portal:backup_codes_new")).content.decode()
    pattern = r"<li><code>(\w{4}) (\w{4})</code></li>"
    old = {"".join(code) for code in re.findall(pattern, first)}
    new = {"".join(code) for code in re.findall(pattern, second)}
    assert len(new) == 10
    assert (
        set(
            StaticToken.objects.filter(device__user__username=USERNAME).values_list(
                "token", flat=True
            )
        )
        == new
    )
    assert not old & new


def test_a_deactivated_account_is_refused_on_its_next_request(client):
    sign_in(client, USERNAME)
    get_user_model().objects.filter(username=USERNAME).update(is_active=False)
    assert login_location(dashboard(client)).startswith(reverse("portal:login"))


def test_a_site_without_the_second_factor_middleware_refuses_to_run(settings):
    from django.core.checks import run_checks

    settings.MIDDLEWARE = [
        entry
        for entry in settings.MIDDLEWARE
        if entry != "portal.middleware.SecondFactorMiddleware"
    ]
    assert "portal.E004" in {message.id for message in run_checks()}


def test_the_demo_code_command_refuses_outside_the_demo(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="demo only"):
        call_command("demo_code")


def test_last_signed_in_is_when_the_code_passed_not_the_password(client):
    User = get_user_model()
    User.objects.filter(username=USERNAME).update(last_login=None)
    password_step(client, USERNAME)
    assert User.objects.get(username=USERNAME).last_login is None
    code_step(client, demo_code_unused(USERNAME))
    assert User.objects.get(username=USERNAME).last_login is not None
