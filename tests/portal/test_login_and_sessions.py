"""Login, session limits (30 minutes idle, 12 hours absolute) and login throttling."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import DEMO_PASSWORD
from tests.sign_in import code_step, demo_code_unused, password_step

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

ERROR_SUMMARY = re.compile(r'<div class="error-summary".*?</div>', re.DOTALL)
START = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def log_in(client, username="pastoral.chaucer", password=DEMO_PASSWORD):
    """The password step; when it passes, the code step too."""
    response = password_step(client, username, password)
    if response.status_code == 302:
        code_step(client, demo_code_unused(username))
    return response


def error_summary(response) -> str:
    return ERROR_SUMMARY.search(response.content.decode()).group(0)


def dashboard_status(client) -> int:
    return client.get(reverse("portal:dashboard")).status_code


def test_login_rotates_the_session_key(client):
    client.get(reverse("portal:login"))
    client.session.save()
    before = client.session.session_key
    response = password_step(client, "pastoral.chaucer")
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:second_factor")
    after_password = client.session.session_key
    assert after_password != before
    response = code_step(client, demo_code_unused("pastoral.chaucer"))
    assert response["Location"] == reverse("portal:dashboard")
    # Passing the second factor changes the key again.
    assert client.session.session_key not in (before, after_password)


def test_wrong_password_and_unknown_user_get_the_same_answer(client):
    wrong = log_in(client, password="not-the-password")
    unknown = log_in(client, username="nobody.at.all", password="not-the-password")
    assert wrong.status_code == unknown.status_code == 200
    assert (
        wrong.context["form"].non_field_errors()
        == unknown.context["form"].non_field_errors()
    )


def test_session_ends_after_30_minutes_idle(client):
    with time_machine.travel(START, tick=False) as clock:
        log_in(client)
        clock.shift(timedelta(minutes=29))
        assert dashboard_status(client) == 200
        # Activity refreshed the idle timer: another 29 minutes is still fine.
        clock.shift(timedelta(minutes=29))
        assert dashboard_status(client) == 200
        clock.shift(timedelta(minutes=31))
        assert dashboard_status(client) == 302


def session_expiry(client) -> datetime:
    session_key = client.cookies["sessionid"].value
    return Session.objects.get(session_key=session_key).expire_date


def test_activity_renews_the_idle_limit_with_at_most_one_write_a_minute(client):
    with time_machine.travel(START, tick=False) as clock:
        log_in(client)
        clock.shift(timedelta(minutes=5))
        assert dashboard_status(client) == 200  # renewed: 30 minutes from now
        renewed = session_expiry(client)
        assert renewed == START + timedelta(minutes=35)
        # Pages read within the minute write nothing, not even the expiry.
        clock.shift(timedelta(seconds=59))
        with CaptureQueriesContext(connection) as queries:
            assert dashboard_status(client) == 200
        session_sql = [q["sql"] for q in queries if "django_session" in q["sql"]]
        assert [sql.split()[0] for sql in session_sql] == ["SELECT"]
        assert session_expiry(client) == renewed
        # The next page after the minute renews it again.
        clock.shift(timedelta(seconds=1))
        assert dashboard_status(client) == 200
        assert session_expiry(client) == START + timedelta(minutes=36)


def test_session_ends_12_hours_after_login_despite_activity(client):
    with time_machine.travel(START, tick=False) as clock:
        log_in(client)
        for _ in range(28):  # active every 25 minutes for 11 hours 40 minutes
            clock.shift(timedelta(minutes=25))
            assert dashboard_status(client) == 200
        clock.shift(timedelta(minutes=21))  # 12 hours 1 minute after login
        response = client.get(reverse("portal:dashboard"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("portal:login"))
        # The session is gone, not just hidden: the next page is anonymous too.
        assert dashboard_status(client) == 302


def test_login_locks_after_10_failures_without_revealing_the_username(client):
    for attempt in range(1, 10):
        assert log_in(client, password=f"wrong-{attempt}").status_code == 200
    tenth = log_in(client, password="wrong-10")
    assert tenth.status_code == 429
    attempt = AccessAttempt.objects.get(username="pastoral.chaucer")
    assert attempt.failures_since_start == 10
    # Locked: even the right password is refused now.
    locked = log_in(client)
    assert locked.status_code == 429
    assert dashboard_status(client) == 302

    # An unknown username locks the same way, with the same words.
    for attempt_number in range(10):
        unknown = log_in(
            client, username="nobody.at.all", password=f"x{attempt_number}"
        )
    assert unknown.status_code == 429
    assert error_summary(unknown) == error_summary(tenth)
    assert "Too many failed attempts" in error_summary(tenth)


def test_logout_needs_post_and_ends_the_session(client_as):
    client = client_as("pastoral.chaucer")
    assert client.get(reverse("portal:logout")).status_code == 405
    assert client.post(reverse("portal:logout")).status_code == 302
    assert dashboard_status(client) == 302
