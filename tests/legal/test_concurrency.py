"""Racing legal writes on one case, on PostgreSQL with real threads: the case
row lock means one ESO application and one bundle in production at a time.

SQLite ignores ``select_for_update``, so there these tests are skipped with
the reason printed (``-ra``); CI runs them on PostgreSQL.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from cases.enums import Stage
from legal import bundle_services, services
from legal.models import CourtBundle, EducationSupervisionOrder
from tests.cases.conftest import build_world
from tests.contracts.test_notice_concurrency import RACERS, _race

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Row locks need PostgreSQL (SQLite ignores select_for_update).",
    ),
]


def test_racing_applications_make_one_live_order():
    world = build_world()
    case = world.case_at(Stage.ESO)

    def apply():
        return services.eso_application_record(
            case=case,
            by=world.users["legal"],
            applied_on=date(2026, 1, 5),
            supervising_officer=world.users["la"],
            court="Sheffield Family Court",
        )

    results = _race(apply)
    made = [r for r in results if isinstance(r, EducationSupervisionOrder)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(made) == 1
    assert len(refused) == RACERS - 1
    assert EducationSupervisionOrder.objects.filter(case=case).count() == 1


def test_racing_bundle_requests_queue_one(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    world = build_world()
    case = world.case_at(Stage.PARENTING_CONTRACT)

    def ask():
        return bundle_services.bundle_request(
            case=case, by=world.users["legal"], draft=False, in_background=False
        )

    results = _race(ask)
    assert sum(isinstance(r, CourtBundle) for r in results) == 1
    assert sum(isinstance(r, ValidationError) for r in results) == RACERS - 1
    assert CourtBundle.objects.filter(case=case).count() == 1
