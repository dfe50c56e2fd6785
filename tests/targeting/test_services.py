"""The writes: arranging, putting pupils and cases forward, recording the
meeting with its actions (carried forward or closed), updating an action,
and the append-only log of pack downloads."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction

from targeting import services
from targeting.enums import ActionStatus, Review, Side
from targeting.models import PackDownload, PupilToDiscuss, TargetingAction
from targeting.rules import next_term
from targeting.selectors import earlier_actions
from targeting.services import NewAction, ReviewDecision
from tests.targeting.conftest import TERM, TODAY, arrange, earlier_meeting

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def messages_of(error: ValidationError) -> dict:
    return error.value.message_dict


def test_the_la_lead_practitioner_arranges_one_meeting_a_term(world):
    meeting = arrange(world)
    assert (meeting.school, meeting.term_ref, meeting.held_on) == (
        world.school,
        TERM,
        None,
    )
    with pytest.raises(ValidationError) as error:
        arrange(world)
    assert messages_of(error) == {
        "term": [f"{world.school.name} already has a meeting for the {TERM}."]
    }
    later = next_term(TERM)
    assert arrange(world, term=later, planned_for=later.first_day).term_ref == later


@pytest.mark.parametrize(
    "who",
    ["lead", "head", "officer", "legal", "other_la", "sibling_lead", "superuser"],
)
def test_only_the_schools_la_lead_practitioner_arranges(world, who):
    with pytest.raises(PermissionDenied):
        services.meeting_arrange(
            school=world.school,
            term=TERM,
            planned_for=TODAY,
            by=world.users[who],
            today=TODAY,
        )


def test_a_planned_date_outside_the_term_is_refused(world):
    with pytest.raises(ValidationError) as error:
        arrange(world, planned_for=TERM.last_day + timedelta(days=1))
    assert list(messages_of(error)) == ["planned_for"]


def test_school_and_la_put_pupils_and_cases_forward(world):
    meeting = arrange(world)
    pupil = world.pupil()
    case = world.open_case()
    by_la = services.pupil_to_discuss_add(
        meeting=meeting, by=world.users["la"], pupil=pupil, reason="Falling fast."
    )
    by_school = services.pupil_to_discuss_add(
        meeting=meeting, by=world.users["lead"], case=case, reason="Needs LA help."
    )
    assert (by_la.added_by_side, by_la.case) == (Side.LA, None)
    assert (by_school.added_by_side, by_school.pupil, by_school.case) == (
        Side.SCHOOL,
        case.pupil,
        case,
    )
    with pytest.raises(ValidationError) as error:
        services.pupil_to_discuss_add(
            meeting=meeting, by=world.users["head"], pupil=pupil, reason="Again."
        )
    assert messages_of(error) == {"pupil": [f"{pupil} is already on the list."]}


def test_only_the_schools_pupils_and_open_cases_go_forward(world):
    meeting = arrange(world)
    other_pupil = world.pupil(world.sibling_school)
    with pytest.raises(ValidationError) as error:
        services.pupil_to_discuss_add(
            meeting=meeting, by=world.users["la"], pupil=other_pupil, reason="x"
        )
    assert messages_of(error) == {"pupil": ["Choose a pupil of this school."]}
    closed = world.case_at("closed")
    with pytest.raises(ValidationError) as error:
        services.pupil_to_discuss_add(
            meeting=meeting, by=world.users["lead"], case=closed, reason="x"
        )
    assert messages_of(error) == {"case": ["Choose one of the school's open cases."]}
    # The LA sees only the cases shared with it.
    unshared = world.case_at("concern", shared=False)
    with pytest.raises(ValidationError):
        services.pupil_to_discuss_add(
            meeting=meeting, by=world.users["la"], case=unshared, reason="x"
        )
    with pytest.raises(ValidationError) as error:
        services.pupil_to_discuss_add(
            meeting=meeting, by=world.users["la"], reason="Nobody chosen."
        )
    assert messages_of(error) == {"pupil": ["Choose a pupil or a case."]}
    assert PupilToDiscuss.objects.count() == 0


@pytest.mark.parametrize(
    "who", ["officer", "pastoral", "dsl", "legal", "other_la", "sibling_lead"]
)
def test_others_cannot_put_pupils_forward(world, who):
    meeting = arrange(world)
    with pytest.raises(PermissionDenied):
        services.pupil_to_discuss_add(
            meeting=meeting, by=world.users[who], pupil=world.pupil(), reason="x"
        )


def record(world, meeting, **kw):
    return services.meeting_record(
        meeting=meeting,
        by=world.users["la"],
        **{
            "held_on": TODAY,
            "attendees": "Ann Lee, attendance lead, the school\nBo Day, LA",
            "notes": "",
            "discussed": {},
            "reviews": {},
            "actions": [],
            "today": TODAY,
            **kw,
        },
    )


def test_recording_closes_or_carries_every_open_action_of_last_term(world):
    before = earlier_meeting(world, actions=("Breakfast club", "Home visit", "Mentor"))
    done, dropped, carried = before.actions.order_by("pk")
    meeting = arrange(world)
    item = services.pupil_to_discuss_add(
        meeting=meeting, by=world.users["lead"], pupil=world.pupil(), reason="Low."
    )
    due = TODAY + timedelta(days=30)
    record(
        world,
        meeting,
        discussed={item.pk: "Agreed a joint visit."},
        reviews={
            done.pk: ReviewDecision(Review.DONE, "Started in October."),
            dropped.pk: ReviewDecision(Review.DROPPED, "Family moved."),
            carried.pk: ReviewDecision(Review.CARRY, "Still waiting.", due),
        },
        actions=[NewAction("Refer to early help", "Bo Day, LA", due)],
    )
    meeting.refresh_from_db()
    assert (meeting.held_on, meeting.recorded_by) == (TODAY, world.users["la"])
    item.refresh_from_db()
    assert item.discussion == "Agreed a joint visit."
    assert [
        (a.what, a.status, a.status_note)
        for a in TargetingAction.objects.filter(meeting=before).order_by("pk")
    ] == [
        ("Breakfast club", ActionStatus.DONE, "Started in October."),
        ("Home visit", ActionStatus.DROPPED, "Family moved."),
        ("Mentor", ActionStatus.OPEN, ""),
    ]
    assert [
        (a.what, a.due_on, a.carried_from_id, a.status)
        for a in TargetingAction.objects.filter(meeting=meeting).order_by("pk")
    ] == [
        ("Mentor", due, carried.pk, ActionStatus.OPEN),
        ("Refer to early help", due, None, ActionStatus.OPEN),
    ]
    # Last term's actions, as the next pack shows them: none left to review.
    rows = earlier_actions(meeting)
    assert [(r.action.what, r.to_review, r.carried_into) for r in rows] == [
        ("Breakfast club", False, None),
        ("Home visit", False, None),
        ("Mentor", False, TERM),
    ]


def test_a_record_with_problems_names_each_field_and_writes_nothing(world):
    before = earlier_meeting(world)
    action = before.actions.get()
    meeting = arrange(world)
    with pytest.raises(ValidationError) as error:
        record(
            world,
            meeting,
            held_on=TODAY + timedelta(days=1),
            attendees="  ",
            reviews={action.pk: ReviewDecision(Review.CARRY, "", None)},
            actions=[
                NewAction("Visit", "", TODAY + timedelta(days=5)),
                NewAction("Call", "Bo Day, LA", None),
                NewAction("Late", "Bo", TODAY - timedelta(days=400)),
            ],
        )
    assert sorted(messages_of(error)) == [
        "action-0-owner",
        "action-1-due_on",
        "action-2-due_on",
        "attendees",
        "held_on",
        f"review-{action.pk}-due_on",
    ]
    with pytest.raises(ValidationError) as error:
        record(world, meeting, reviews={})
    assert list(messages_of(error)) == [f"review-{action.pk}-decision"]
    meeting.refresh_from_db()
    assert meeting.held_on is None
    assert TargetingAction.objects.filter(meeting=meeting).count() == 0
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


def test_a_meeting_is_recorded_once_and_then_takes_no_more_pupils(world):
    meeting = arrange(world)
    record(world, meeting)
    with pytest.raises(ValidationError):
        record(world, meeting)
    with pytest.raises(ValidationError):
        services.pupil_to_discuss_add(
            meeting=meeting, by=world.users["lead"], pupil=world.pupil(), reason="x"
        )


@pytest.mark.parametrize("who", ["lead", "head", "legal", "other_la"])
def test_only_the_la_lead_practitioner_records(world, who):
    meeting = arrange(world)
    with pytest.raises(PermissionDenied):
        services.meeting_record(
            meeting=meeting,
            by=world.users[who],
            held_on=TODAY,
            attendees="x",
            notes="",
            discussed={},
            reviews={},
            actions=[],
            today=TODAY,
        )


def test_updating_an_action_needs_a_note_to_close_it(world):
    meeting = arrange(world)
    record(world, meeting, actions=[NewAction("Visit", "Bo Day, LA", TODAY)])
    action = meeting.actions.get()
    with pytest.raises(ValidationError) as error:
        services.action_update(
            action=action, by=world.users["la"], status=ActionStatus.DONE, note=""
        )
    assert list(messages_of(error)) == ["note"]
    services.action_update(
        action=action, by=world.users["la"], status=ActionStatus.DONE, note="Done."
    )
    action.refresh_from_db()
    assert (action.status, action.status_note) == (ActionStatus.DONE, "Done.")
    with pytest.raises(PermissionDenied):
        services.action_update(
            action=action, by=world.users["head"], status="open", note=""
        )


def test_a_carried_action_is_updated_in_its_new_term_only(world):
    before = earlier_meeting(world)
    old = before.actions.get()
    meeting = arrange(world)
    record(world, meeting, reviews={old.pk: ReviewDecision(Review.CARRY, "", TODAY)})
    with pytest.raises(ValidationError):
        services.action_update(
            action=old, by=world.users["la"], status=ActionStatus.DONE, note="x"
        )


def test_pack_downloads_are_logged_and_cannot_be_changed(world):
    meeting = arrange(world)
    row = services.pack_download_log(
        meeting=meeting, by=world.users["head"], format="csv"
    )
    assert (row.meeting, row.by, row.format) == (meeting, world.users["head"], "csv")
    with pytest.raises(ValidationError):
        row.save()
    with pytest.raises(ValidationError):
        row.delete()
    with pytest.raises(ValidationError):
        PackDownload.objects.all().delete()
    with pytest.raises(PermissionDenied):
        services.pack_download_log(
            meeting=meeting, by=world.users["officer"], format="csv"
        )


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="The append-only trigger is PostgreSQL's (django-pgtrigger).",
)
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE targeting_packdownload SET format = 'csv' WHERE id = %s",
        "DELETE FROM targeting_packdownload WHERE id = %s",
    ],
)
def test_the_database_refuses_to_change_the_download_log(world, sql):
    meeting = arrange(world)
    row = services.pack_download_log(
        meeting=meeting, by=world.users["la"], format="pdf"
    )
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, [row.pk])
    assert PackDownload.objects.get(pk=row.pk).format == "pdf"
