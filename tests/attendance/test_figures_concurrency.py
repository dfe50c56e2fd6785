"""Several people open the same stale list at once, on PostgreSQL with threads.

The refresh locks the school's row, so the figures are computed once and the
others find them current: no duplicate rows, no error. SQLite ignores
``select_for_update`` (its writers queue on the database lock instead), so
this runs on PostgreSQL, as CI does.
"""

import threading
from datetime import date, timedelta

import pytest
from django.db import connection

from attendance.figures import figures_ensure
from attendance.models import PupilFigures, RegisterMark, SchoolFigures
from tests.factories import PupilFactory, SchoolFactory

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Row locks need PostgreSQL (SQLite ignores select_for_update).",
    ),
]

OPENERS = 8
TODAY = date(2025, 11, 19)


def test_racing_first_views_compute_the_figures_once():
    school = SchoolFactory()
    pupils = PupilFactory.create_batch(30, school=school)
    RegisterMark.objects.bulk_create(
        RegisterMark(
            pupil=pupil,
            school=school,
            date=TODAY - timedelta(days=offset),
            session="AM",
            code="N" if number % 3 == 0 else "/",
        )
        for number, pupil in enumerate(pupils)
        for offset in range(5)
    )
    errors = []
    barrier = threading.Barrier(OPENERS)

    def open_list():
        try:
            barrier.wait()
            figures_ensure(school=school, as_of=TODAY)
        except Exception as error:  # recorded for the assertion
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=open_list) for _ in range(OPENERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert PupilFigures.objects.filter(school=school).count() == 30
    assert SchoolFigures.objects.filter(school=school).count() == 1
