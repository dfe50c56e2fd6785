"""The chronology is append-only, in the application and (on PostgreSQL) in SQL."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from cases.enums import EventKind, Stage
from cases.models import CaseEvent

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_events_cannot_be_changed_or_deleted_through_the_application(world):
    case = world.open_case()
    event = CaseEvent.objects.get(case=case, kind=EventKind.OPENED)
    event.text = "rewritten"
    with pytest.raises(ValidationError, match="cannot be changed"):
        event.save()
    with pytest.raises(ValidationError, match="cannot be deleted"):
        event.delete()
    assert CaseEvent.objects.get(pk=event.pk).text == "Attendance 86 %."


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="The append-only trigger is PostgreSQL's (django-pgtrigger); CI runs this "
    "test on PostgreSQL.",
)
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE cases_caseevent SET text = 'rewritten' WHERE id = %s",
        "DELETE FROM cases_caseevent WHERE id = %s",
    ],
)
def test_database_refuses_update_and_delete_of_events(world, sql):
    case = world.open_case()
    event = CaseEvent.objects.get(case=case, kind=EventKind.OPENED)
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert CaseEvent.objects.get(pk=event.pk).text == "Attendance 86 %."


def test_queryset_update_and_delete_are_refused_too(world):
    case = world.open_case()
    events = CaseEvent.objects.filter(case=case)
    with pytest.raises(ValidationError, match="Case events are permanent"):
        events.update(text="rewritten")
    with pytest.raises(ValidationError, match="Case events are permanent"):
        events.delete()
    assert list(events.values_list("text", flat=True)) == ["Attendance 86 %."]


def test_every_write_adds_exactly_its_events(world):
    case = world.case_at(Stage.PARENTING_CONTRACT)
    kinds = list(
        CaseEvent.objects.filter(case=case)
        .order_by("pk")
        .values_list("kind", flat=True)
    )
    assert kinds == [
        EventKind.OPENED,
        EventKind.SHARED,
        EventKind.LEAD_ASSIGNED,
        EventKind.PARENT_MEETING,
        EventKind.FAMILY_AGREEMENT,
        EventKind.TRANSITION,
        EventKind.TRANSITION,
    ]


def test_checklist_ticks_and_withdrawals_are_in_the_chronology(world):
    from cases import services

    case = world.open_case()
    services.checklist_tick(
        case=case, item="family_details", by=world.users["dsl"], note="Checked."
    )
    services.checklist_untick(
        case=case, item="family_details", by=world.users["lead"], reason="Out of date."
    )
    events = list(
        CaseEvent.objects.filter(case=case)
        .exclude(kind=EventKind.OPENED)
        .order_by("pk")
        .values_list("kind", "text", "details__item", "recorded_by__username")
    )
    assert events == [
        (EventKind.CHECKLIST_TICKED, "Checked.", "family_details", "t.dsl"),
        (EventKind.CHECKLIST_UNTICKED, "Out of date.", "family_details", "t.lead"),
    ]
    assert not case.checklist_ticks.exists()
