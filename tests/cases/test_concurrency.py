"""Racing requests on one case, on PostgreSQL with real threads.

SQLite ignores ``select_for_update``, so there these tests are skipped with the
reason printed (``-ra``); CI runs them on PostgreSQL.
"""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from cases import services
from cases.enums import EventKind, Stage
from cases.models import Case, CaseEvent

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Row locks need PostgreSQL (SQLite ignores select_for_update).",
    ),
]

RACERS = 20


def _in_thread(work, results, index, barrier):
    try:
        barrier.wait()
        results[index] = work()
    except Exception as error:  # recorded for the assertions
        results[index] = error
    finally:
        connection.close()


def test_twenty_racing_requests_give_one_success_and_nineteen_reloads(world):
    case = world.case_at(Stage.EARLY_HELP)
    url = reverse("portal:cases:action", kwargs={"pk": case.pk, "action": "transition"})
    data = {
        "transition": "start_parenting_contract",
        "expected_stage": Stage.EARLY_HELP,
    }
    user = world.users["officer"]

    def post():
        client = Client()
        client.force_login(user)
        response = client.post(url, data)
        return response.status_code, response.content.decode()

    results = [None] * RACERS
    barrier = threading.Barrier(RACERS)
    threads = [
        threading.Thread(target=_in_thread, args=(post, results, i, barrier))
        for i in range(RACERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(status for status, _ in results)
    assert statuses == [302] + [409] * (RACERS - 1), results
    assert all(
        "This case has changed" in body for status, body in results if status == 409
    )
    case.refresh_from_db()
    assert case.stage == Stage.PARENTING_CONTRACT
    assert (
        CaseEvent.objects.filter(
            case=case, kind=EventKind.TRANSITION, details__to=Stage.PARENTING_CONTRACT
        ).count()
        == 1
    )


def test_a_tick_withdrawn_concurrently_cannot_let_the_eso_through(world):
    case = world.case_at(Stage.PARENTING_CONTRACT)
    world.record(case, EventKind.VOLUNTARY_SUPPORT_EXHAUSTED, by="lead")
    world.tick_all(case)
    locked = threading.Event()
    release = threading.Event()
    outcome = {}

    def withdraw():
        from django.db import transaction

        try:
            with transaction.atomic():
                services.checklist_untick(
                    case=case, item="child_voice", by=world.users["officer"], reason="x"
                )
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    def apply():
        try:
            services.case_transition(
                case=case,
                name="apply_for_eso",
                by=world.users["legal"],
                expected_stage=Stage.PARENTING_CONTRACT,
                reason="Grounds.",
            )
            outcome["result"] = "taken"
        except services.TransitionRefused as refused:
            outcome["result"] = refused.reasons
        finally:
            connection.close()

    withdrawer = threading.Thread(target=withdraw)
    withdrawer.start()
    assert locked.wait(10)
    applier = threading.Thread(target=apply)
    applier.start()
    applier.join(0.5)
    assert applier.is_alive(), "the transition must wait for the case row lock"
    release.set()
    withdrawer.join()
    applier.join()
    assert outcome["result"] == [
        "The legal-readiness checklist is not complete (14 of 15). Missing:",
        "– The child's voice recorded",
    ]
    assert Case.objects.get(pk=case.pk).stage == Stage.PARENTING_CONTRACT
