"""Severe-absence joint approaches: who needs one, recording it, and who may."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from attendance.models import RegisterMark, SchoolFigures
from cases.enums import EventKind
from cases.selectors import case_shares
from la_workspace.enums import LaEventKind
from la_workspace.models import JointApproach
from la_workspace.selectors import ensure_la_figures, severely_absent_pupils
from la_workspace.services import joint_approach_record
from tests.cases.conftest import build_world
from tests.factories import PupilFactory
from tests.shared_world import shared_world


def school_days(count: int, *, end: date) -> list[date]:
    days, day = [], end
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return days


def give_marks(pupil, *, absent: int, present: int, end: date) -> None:
    """``absent`` days of N then ``present`` days of / before ``end``."""
    days = school_days(absent + present, end=end)
    codes = ["N"] * absent + ["/"] * present
    RegisterMark.objects.bulk_create(
        RegisterMark(pupil=pupil, school=pupil.school, date=day, session=s, code=code)
        for day, code in zip(days, codes, strict=True)
        for s in ("AM", "PM")
    )


def build_severe_world():
    """One severely absent pupil at each school of the LA, one persistently
    absent, one at the other LA's school."""
    w = build_world()
    today = timezone.localdate()
    end = today - timedelta(days=1)
    w.today = today
    w.severe = PupilFactory(school=w.school)
    give_marks(w.severe, absent=6, present=4, end=end)
    w.severe_across = PupilFactory(school=w.sibling_school)
    give_marks(w.severe_across, absent=5, present=5, end=end)
    w.persistent = PupilFactory(school=w.school)
    give_marks(w.persistent, absent=2, present=8, end=end)
    w.far = PupilFactory(school=w.far_school)
    give_marks(w.far, absent=10, present=0, end=end)
    return w


severe_world = shared_world(build_severe_world, name="severe_world")


def record(w, pupil, by="la", **changes):
    values = {
        "agreed": "Weekly home visits by the LA; a part-time timetable reviewed.",
        "lead": "local_authority",
        "lead_name": "Test La, attendance support team",
        "review_on": w.today + timedelta(weeks=6),
        "school_agreed_by": "Test Lead, attendance lead",
        "school_agreed_on": w.today,
    }
    values.update(changes)
    return joint_approach_record(by=w.users[by], pupil=pupil, today=w.today, **values)


def listed(w) -> dict[str, int | None]:
    ensure_la_figures(w.la, as_of=w.today)
    return {
        p.legal_surname: p.joint_approach_pk
        for p in severely_absent_pupils(w.la, as_of=w.today)
    }


def test_the_list_holds_the_las_severely_absent_pupils_only(severe_world):
    w = severe_world
    assert listed(w) == {
        w.severe.legal_surname: None,
        w.severe_across.legal_surname: None,
    }


def test_recording_shares_the_open_case_on_the_schools_agreement(severe_world):
    w = severe_world
    case = w.open_case(w.severe)
    assert not case_shares(case)
    approach = record(w, w.severe)
    case.refresh_from_db()
    assert approach.case == case
    assert case_shares(type(case).objects.get(pk=case.pk)).la_team
    shared = case.events.get(kind=EventKind.SHARED)
    assert shared.details["agreed_by"] == "Test Lead, attendance lead"
    assert case.events.filter(kind=LaEventKind.JOINT_APPROACH_AGREED).count() == 1
    assert listed(w)[w.severe.legal_surname] == approach.pk
    # A revised approach on a case already shared shares nothing again.
    record(w, w.severe, agreed="Revised: a mentor at school.")
    assert case.events.filter(kind=EventKind.SHARED).count() == 1


def test_a_pupil_with_no_open_case_gets_an_approach_and_nothing_is_shared(
    severe_world,
):
    w = severe_world
    approach = record(w, w.severe_across)
    assert approach.case is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"agreed": "  "}, "agreed"),
        ({"lead_name": ""}, "lead_name"),
        ({"school_agreed_by": ""}, "school_agreed_by"),
        ({"review_on": date(2020, 1, 1)}, "review_on"),
        ({"review_on": date(2099, 1, 1)}, "review_on"),
    ],
)
def test_bad_input_is_refused_with_the_field_named(severe_world, changes, field):
    w = severe_world
    with pytest.raises(ValidationError) as refused:
        record(w, w.severe, **changes)
    assert field in refused.value.message_dict
    assert JointApproach.objects.filter(school__urn__startswith="7").count() == 0


def test_the_agreement_cannot_be_in_the_future(severe_world):
    w = severe_world
    with pytest.raises(ValidationError) as refused:
        record(w, w.severe, school_agreed_on=w.today + timedelta(days=1))
    assert "school_agreed_on" in refused.value.message_dict


@pytest.mark.parametrize("who", ["lead", "head", "legal", "other_la"])
def test_only_the_las_lead_practitioners_record_one(severe_world, who):
    w = severe_world
    with pytest.raises(PermissionDenied):
        record(w, w.severe, by=who)


@pytest.mark.parametrize(
    "who", ["officer", "lead", "dsl", "head", "legal", "other_la", "nobody"]
)
def test_the_pages_answer_404_to_everyone_but_the_las_lead_practitioners(
    severe_world, client, who
):
    w = severe_world
    approach = record(w, w.severe)
    client.force_login(w.users[who])
    listing = reverse("portal:la_workspace:joint_approaches")
    if who == "other_la":  # their own LA's list, without this LA's pupils
        text = client.get(listing).content.decode()
        assert w.severe.legal_surname not in text
        listing += f"?la={w.la.pk}"
    for url in (
        listing,
        reverse("portal:la_workspace:joint_approach_new", args=[w.severe.pk]),
        reverse("portal:la_workspace:joint_approach_detail", args=[approach.pk]),
    ):
        assert client.get(url).status_code == 404, (who, url)
    response = client.post(
        reverse("portal:la_workspace:joint_approach_new", args=[w.severe.pk]), {}
    )
    assert response.status_code == 404


def test_the_other_las_lead_cannot_open_a_pupil_of_this_la(severe_world, client):
    w = severe_world
    client.force_login(w.users["other_la"])
    url = reverse("portal:la_workspace:joint_approach_new", args=[w.far.pk])
    assert client.get(url).status_code == 200  # their own pupil
    url = reverse("portal:la_workspace:joint_approach_new", args=[w.severe.pk])
    assert client.get(url).status_code == 404


def test_recording_through_the_page(severe_world, client):
    w = severe_world
    w.open_case(w.severe)
    client.force_login(w.users["la"])
    url = reverse("portal:la_workspace:joint_approach_new", args=[w.severe.pk])
    response = client.post(
        url,
        {
            "agreed": "Home visits.",
            "lead": "joint",
            "lead_name": "Test La",
            "review_on": (w.today + timedelta(weeks=4)).isoformat(),
            "school_agreed_by": "Test Lead",
            "school_agreed_on": w.today.isoformat(),
        },
        follow=True,
    )
    assert "The case is shared with the LA team" in response.content.decode()
    # A bad date is named beside its field, and nothing is kept.
    response = client.post(url, {"agreed": "x", "review_on": "not a date"})
    text = response.content.decode()
    assert "There is a problem" in text
    assert "Review date" in text
    assert JointApproach.objects.filter(school__urn__startswith="7").count() == 1


def test_the_list_makes_the_same_number_of_queries_as_pupils_grow(severe_world, client):
    w = severe_world
    client.force_login(w.users["la"])
    url = reverse("portal:la_workspace:joint_approaches")
    client.get(url)  # the figures made current
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(4):
        pupil = PupilFactory(school=w.sibling_school)
        give_marks(pupil, absent=8, present=2, end=w.today - timedelta(days=1))
        record(w, pupil)
    # Marks come through an import, which refreshes the figures; here by hand.
    SchoolFigures.objects.filter(school=w.sibling_school).delete()
    client.get(url)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert "With a joint approach (4)" in response.content.decode()
    assert len(many) == len(few)


def test_a_review_due_within_a_week_is_in_the_las_my_work(severe_world):
    from schools.work import my_work

    w = severe_world
    record(w, w.severe, review_on=w.today + timedelta(days=5))
    record(w, w.severe_across, review_on=w.today + timedelta(weeks=6))
    mine = [
        i for i in my_work(w.users["la"], w.today) if i.kind == "Joint approach review"
    ]
    assert [(i.pupil, i.overdue) for i in mine] == [(w.severe.display_name, False)]
    # A revised approach replaces the one before it.
    record(w, w.severe, review_on=w.today + timedelta(weeks=8))
    assert not [
        i for i in my_work(w.users["la"], w.today) if i.kind == "Joint approach review"
    ]
    for who in ("other_la", "legal", "lead"):
        assert not [
            i
            for i in my_work(w.users[who], w.today)
            if i.kind == "Joint approach review"
        ]
