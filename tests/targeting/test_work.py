"""Meetings to hold or record in the LA lead practitioner's "My work"."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from targeting.models import TargetingMeeting
from targeting.work import KIND, meetings_to_hold
from tests.factories import SchoolFactory
from tests.targeting.conftest import TERM, TODAY, arrange

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_planned_and_unrecorded_meetings_are_the_la_lead_practitioners_work(world):
    due = arrange(world)
    late = arrange(world, school=world.sibling_school)
    TargetingMeeting.objects.filter(pk=late.pk).update(
        planned_for=TODAY - timedelta(days=3)
    )
    held = arrange(world, school=SchoolFactory(local_authority=world.la))
    TargetingMeeting.objects.filter(pk=held.pk).update(
        held_on=TODAY, recorded_at=held.created_at
    )
    items = meetings_to_hold(world.users["la"], TODAY)
    assert [(i.kind, i.pupil, i.overdue, i.url) for i in items] == [
        (KIND, world.sibling_school.name, True, late.get_absolute_url()),
        (KIND, world.school.name, False, due.get_absolute_url()),
    ]
    assert items[0].what == f"Record the {TERM} meeting"
    for who in ("head", "lead", "legal", "other_la", "officer"):
        assert meetings_to_hold(world.users[who], TODAY) == []


def test_the_work_source_reads_one_query(world):
    for _ in range(5):
        arrange(world, school=SchoolFactory(local_authority=world.la))
    user = world.users["la"]
    meetings_to_hold(user, TODAY)  # the user's roles read once
    with CaptureQueriesContext(connection) as queries:
        assert len(meetings_to_hold(user, TODAY)) == 5
    assert len(queries) == 1
