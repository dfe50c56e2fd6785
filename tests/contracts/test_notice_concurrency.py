"""Racing penalty-notice writes for one parent and pupil, on PostgreSQL with
real threads: the parent's row lock means the cap and the one-open-request
rule are checked one writer at a time.

SQLite ignores ``select_for_update``, so there these tests are skipped with
the reason printed (``-ra``); CI runs them on PostgreSQL.
"""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from contracts.models import PenaltyNotice
from contracts.notice_enums import PenaltyNoticeStatus
from tests.contracts.test_penalty_notices import issue, request

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Row locks need PostgreSQL (SQLite ignores select_for_update).",
    ),
]

RACERS = 8


def _race(work) -> list:
    results = [None] * RACERS
    barrier = threading.Barrier(RACERS)

    def run(index):
        try:
            barrier.wait()
            results[index] = work()
        except Exception as error:  # recorded for the assertions
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_racing_requests_for_one_parent_make_one_request(notices):
    results = _race(lambda: request(notices))

    made = [r for r in results if isinstance(r, PenaltyNotice)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert (len(made), len(refused)) == (1, RACERS - 1), results
    assert PenaltyNotice.objects.filter(parent=notices.mother).count() == 1


def test_racing_issues_cannot_pass_the_cap_twice(notices):
    issue(notices, request(notices), issued_on=date(2025, 9, 8))
    waiting = request(notices)

    results = _race(lambda: issue(notices, waiting))

    issued = [r for r in results if isinstance(r, PenaltyNotice)]
    assert len(issued) == 1, results
    assert (
        PenaltyNotice.objects.filter(
            parent=notices.mother, status=PenaltyNoticeStatus.ISSUED
        ).count()
        == 2
    )
