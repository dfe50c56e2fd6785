"""What a school owes its LA, worked out from a real register and real roll
changes; sending it once and only once; the LA receiving it."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from attendance.pupil_import import pupils_import
from attendance.register_import import ImportedBy
from returns.enums import IllnessCountingChoice, NotificationKind
from returns.forms import ReturnSettingsForm
from returns.models import (
    LaNotification,
    ReturnSettings,
    RollChange,
    return_settings_for,
)
from returns.selectors import due_notifications
from returns.services import notification_receive, notifications_send
from schools.services import pupil_move
from schools.upn import make_upn
from schools.work import my_work
from tests.factories import PupilFactory
from tests.returns.conftest import SCHOOL_DAYS, TODAY, register

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

D = SCHOOL_DAYS
K = NotificationKind


def found(school, as_of=TODAY) -> set:
    return {
        (item.kind, item.pupil.pk, item.key)
        for item in due_notifications(school, as_of)
    }


def test_each_register_rule_listed_once(world):
    absent = world.pupil(dict.fromkeys(D[:12], "N"))
    missing = world.pupil(dict.fromkeys(D, "O"))
    ill = world.pupil(dict.fromkeys(D[:15], "I"))
    world.pupil()  # a good attender
    world.pupil(dict.fromkeys(D[:12], "N"), school=world.sibling)  # not this school
    assert found(world.school) == {
        (K.CONTINUOUS_ABSENCE, absent.pk, "2026-11-02"),
        (K.CONTINUOUS_ABSENCE, missing.pk, "2026-11-02"),
        (K.MISSING_EDUCATION, missing.pk, "2026-11-02"),
        (K.ILLNESS, ill.pk, "2026-27"),
    }


def test_due_dates_and_figures(world):
    absent = world.pupil(dict.fromkeys(D[:12], "N"))
    missing = world.pupil(dict.fromkeys(D, "G"))
    items = {(i.kind, i.pupil.pk): i for i in due_notifications(world.school, TODAY)}
    continuous = items[(K.CONTINUOUS_ABSENCE, absent.pk)]
    assert (continuous.due_on, continuous.figures) == (
        date(2026, 11, 30),  # the month in which the 10th day fell
        {"first_day": "2026-11-02", "last_day": "2026-11-17", "school_days": 12},
    )
    assert continuous.summary == (
        "12 school days of unauthorised absence in a row, 2 November 2026 to "
        "17 November 2026"
    )
    assert items[(K.MISSING_EDUCATION, missing.pk)].due_on == date(2026, 11, 27)


def test_a_run_across_a_weekend_and_half_term(world):
    """Marks on 19-23 October and 2-6 November only: the half-term week and
    the weekends between are not school days."""
    october = [date(2026, 10, d) for d in (19, 20, 21, 22, 23)]
    pupil = PupilFactory(school=world.school)
    RollChange.objects.filter(pupil=pupil).delete()
    register(pupil, dict.fromkeys(october + D[:5], "N"), days=october + D[:5])
    items = due_notifications(world.school, date(2026, 11, 9))
    assert [(i.kind, i.figures) for i in items] == [
        (
            K.CONTINUOUS_ABSENCE,
            {"first_day": "2026-10-19", "last_day": "2026-11-06", "school_days": 10},
        )
    ]


def test_one_day_in_school_breaks_the_run(world):
    codes = dict.fromkeys(D[:12], "N")
    codes[D[5]] = {"AM": "N", "PM": "\\"}
    world.pupil(codes)
    assert found(world.school) == set()


def test_a_closure_day_neither_counts_nor_breaks(world):
    """A # day across the whole school is not a school day."""
    codes = dict.fromkeys(D[:10], "N")
    codes[D[4]] = "#"
    pupil = world.pupil(codes)
    world.pupil({D[4]: "#"})
    assert due_notifications(world.school, TODAY) == []
    # An eleventh day of N makes it ten school days.
    RegisterMark = pupil.register_marks.model
    RegisterMark.objects.filter(pupil=pupil, date=D[10]).update(code="N")
    assert [
        (i.kind, i.figures["school_days"], i.figures["last_day"])
        for i in due_notifications(world.school, TODAY)
    ] == [(K.CONTINUOUS_ABSENCE, 10, "2026-11-16")]


@pytest.mark.parametrize(
    ("counting", "threshold", "expected"),
    [
        (IllnessCountingChoice.CUMULATIVE, 15, {("2026-27", "16")}),
        (IllnessCountingChoice.CONTINUOUS, 15, set()),
        (IllnessCountingChoice.EITHER, 15, {("2026-27", "16")}),
        (
            IllnessCountingChoice.CONTINUOUS,
            8,
            {("2026-11-02", "8"), ("2026-11-13", "8")},
        ),
        (IllnessCountingChoice.CUMULATIVE, 17, set()),
    ],
)
def test_illness_per_the_la_setting(world, counting, threshold, expected):
    """Two spells of 8 days, a day in school between them."""
    ReturnSettings.objects.create(
        local_authority=world.la,
        illness_threshold_days=threshold,
        illness_counting=counting,
    )
    world.pupil(dict.fromkeys(D[:8] + D[9:17], "I"))
    assert {
        (item.key, item.figures["days"])
        for item in due_notifications(world.school, TODAY)
    } == expected


def test_settings_default_and_validation(world):
    defaults = return_settings_for(world.la)
    assert (
        defaults.pk,
        defaults.illness_threshold_days,
        defaults.illness_counting,
    ) == (
        None,
        15,
        "either",
    )
    form = ReturnSettingsForm(
        {"illness_threshold_days": "61", "illness_counting": "either"},
        instance=defaults,
    )
    assert form.errors == {
        "illness_threshold_days": ["Enter a number of school days of 60 or fewer."]
    }
    form = ReturnSettingsForm(
        {"illness_threshold_days": "ten", "illness_counting": "sometimes"},
        instance=defaults,
    )
    assert set(form.errors) == {"illness_threshold_days", "illness_counting"}
    form = ReturnSettingsForm(
        {"illness_threshold_days": "20", "illness_counting": "continuous"},
        instance=defaults,
    )
    saved = form.save()
    assert return_settings_for(world.la) == saved


def test_roll_changes(world, frozen):
    """A pupil created joins today; a move is a removal and an addition."""
    joined = PupilFactory(school=world.school)
    moving = world.pupil()
    move = pupil_move(
        pupil=moving, to_school=world.sibling, joined_on=date(2026, 11, 27), by=None
    )
    changes = {c.school_id: c for c in RollChange.objects.filter(pupil=moving)}
    assert [
        (i.kind, i.pupil.pk, i.due_on, i.figures)
        for i in due_notifications(world.school, TODAY)
    ] == [
        (
            K.ADDED_TO_ROLL,
            joined.pk,
            date(2026, 12, 7),
            {"on": "2026-11-30", "other_school": ""},
        ),
        (
            K.REMOVED_FROM_ROLL,
            moving.pk,
            date(2026, 12, 4),
            {"on": "2026-11-27", "other_school": "Sibling School"},
        ),
    ]
    assert [(i.kind, i.key) for i in due_notifications(world.sibling, TODAY)] == [
        (K.ADDED_TO_ROLL, str(changes[world.sibling.pk].pk))
    ]
    assert changes[world.school.pk].move == move


def test_a_pupils_import_adds_its_new_pupils(world, frozen):
    old = world.pupil()
    csv = (
        "upn,forename,surname,date_of_birth,year_group\n"
        f"{old.upn},{old.legal_forename},{old.legal_surname},"
        f"{old.date_of_birth.isoformat()},9\n"
        f"{make_upn('888000126001')},Ada,Newcomer,2012-10-01,9\n"
    )
    report = pupils_import(
        io.BytesIO(csv.encode()),
        school=world.school,
        file_name="roll.csv",
        imported_by=ImportedBy(name="Test", position="Officer"),
        today=TODAY,
    )
    assert report.errors == []
    assert [
        (i.kind, i.pupil.legal_surname) for i in due_notifications(world.school, TODAY)
    ] == [(K.ADDED_TO_ROLL, "Newcomer")]


def test_send_once_and_only_once(world, frozen):
    officer, lead = world.users["officer"], world.users["lead"]
    absent = world.pupil(dict.fromkeys(D[:12], "N"))
    ill = world.pupil(dict.fromkeys(D[:15], "I"))
    due = due_notifications(world.school, TODAY)
    sent = notifications_send(user=officer, school=world.school, due_items=due)
    assert [(n.kind, n.pupil_id, n.local_authority_id) for n in sent] == [
        (K.CONTINUOUS_ABSENCE, absent.pk, world.la.pk),
        (K.ILLNESS, ill.pk, world.la.pk),
    ]
    assert due_notifications(world.school, TODAY) == []
    # The same again, by someone else with the page still open: refused.
    with pytest.raises(ValidationError) as refused:
        notifications_send(user=lead, school=world.school, due_items=due)
    assert refused.value.messages[0].startswith(
        f"10 continuous school days of unauthorised absence for {absent} has "
        "already been sent"
    )
    assert LaNotification.objects.filter(school=world.school).count() == 2
    # A run that goes on is the same occurrence: still not due again.
    RegisterMark = absent.register_marks.model
    RegisterMark.objects.filter(pupil=absent, date__in=D[12:14]).update(code="N")
    assert due_notifications(world.school, TODAY) == []


def test_send_refuses_all_if_one_is_not_due(world, frozen):
    world.pupil(dict.fromkeys(D[:12], "N"))
    (item,) = due_notifications(world.school, TODAY)
    with pytest.raises(ValidationError):
        notifications_send(
            user=world.users["officer"],
            school=world.school,
            due_items=[item.ref, "illness:999999:2026-27"],
        )
    assert LaNotification.objects.filter(school__urn__startswith="7").count() == 0
    with pytest.raises(ValidationError, match="Choose at least one"):
        notifications_send(
            user=world.users["officer"], school=world.school, due_items=[]
        )


@pytest.mark.parametrize(
    "who", ["pastoral", "head", "sibling_officer", "la_lead", "nobody"]
)
def test_only_the_schools_senders_send(world, who):
    world.pupil(dict.fromkeys(D[:12], "N"))
    due = due_notifications(world.school, TODAY)
    with pytest.raises(ValidationError):
        notifications_send(user=world.users[who], school=world.school, due_items=due)
    assert LaNotification.objects.filter(school__urn__startswith="7").count() == 0


def test_receive(world, frozen):
    world.pupil(dict.fromkeys(D[:12], "N"))
    (sent,) = notifications_send(
        user=world.users["officer"],
        school=world.school,
        due_items=due_notifications(world.school, TODAY),
    )
    for outsider in ("other_la_lead", "la_legal", "officer"):
        with pytest.raises(ValidationError):
            notification_receive(user=world.users[outsider], notification=sent)
    first = notification_receive(user=world.users["la_lead"], notification=sent)
    again = notification_receive(user=world.users["la_lead"], notification=sent)
    assert (first.received_by, first.received_at) == (
        again.received_by,
        again.received_at,
    )
    assert first.received_by == world.users["la_lead"]


def _pupils_with_runs(world, count):
    for _ in range(count):
        world.pupil(dict.fromkeys(D[:12], "N") | dict.fromkeys(D[13:], "I"))


def test_due_queries_do_not_grow_with_pupils(world):
    _pupils_with_runs(world, 1)
    with CaptureQueriesContext(connection) as one:
        assert len(due_notifications(world.school, TODAY)) == 1
    _pupils_with_runs(world, 12)
    with CaptureQueriesContext(connection) as many:
        assert len(due_notifications(world.school, TODAY)) == 13
    assert len(many) == len(one)


def test_my_work_for_the_attendance_officer(world, frozen):
    world.pupil(dict.fromkeys(D[:12], "N"))
    items = [
        i
        for i in my_work(world.users["officer"], TODAY)
        if i.kind == "Notifications to the LA"
    ]
    assert [(i.what, i.due_on, i.overdue) for i in items] == [
        ("1 notification to send to the LA from Returns Academy", TODAY, False)
    ]
    assert [
        i
        for i in my_work(world.users["lead"], TODAY)
        if i.kind == "Notifications to the LA"
    ] == []
