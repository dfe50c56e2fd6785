"""Two people sending the same notifications at once, on PostgreSQL with real
threads: the school row lock and the unique constraint leave one row each.

SQLite ignores ``select_for_update``, so there this is skipped with the reason
printed (``-ra``); CI runs it on PostgreSQL.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from returns.models import LaNotification
from returns.selectors import due_notifications
from returns.services import notifications_send
from tests.contracts.test_notice_concurrency import RACERS, _race
from tests.returns.conftest import SCHOOL_DAYS, TODAY

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Row locks need PostgreSQL (SQLite ignores select_for_update).",
    ),
]


def test_racing_sends_record_each_notification_once(world):
    world.pupil(dict.fromkeys(SCHOOL_DAYS[:12], "N"))
    world.pupil(dict.fromkeys(SCHOOL_DAYS[:15], "I"))
    due = due_notifications(world.school, TODAY)
    assert len(due) == 2

    def send():
        return notifications_send(
            user=world.users["officer"], school=world.school, due_items=due, as_of=TODAY
        )

    results = _race(send)
    assert sum(isinstance(r, list) for r in results) == 1
    assert sum(isinstance(r, ValidationError) for r in results) == RACERS - 1
    assert LaNotification.objects.filter(school=world.school).count() == 2
