"""A pupil who joins another school of the installation: what the move does.

The previous school keeps its history (marks, cases) and sees the pupil as
left; open cases stay with it until closed or handed over; shares follow the
eligibility rule; the DSLs of both schools get the child-protection file
transfer, and nobody else sees it.
"""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.enums import EventKind, Stage
from cases.models import CaseEvent
from cases.selectors import visible_cases
from safeguarding import services
from safeguarding.enums import TransferOutcome
from safeguarding.models import ChildProtectionFileTransfer
from safeguarding.rules import cp_file_due
from schools.models import PupilMove
from schools.permissions import visible_pupils
from schools.selectors import pupils_left
from schools.services import pupil_move
from tests.safeguarding.conftest import add_note

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

# Monday 2 November 2026 is a school day; the deadline counts it as day 1.
CP_FILE_DUE = [
    (date(2026, 11, 2), date(2026, 11, 6)),  # Monday -> Friday
    (date(2026, 11, 4), date(2026, 11, 10)),  # Wednesday -> next Tuesday
    (date(2026, 11, 6), date(2026, 11, 12)),  # Friday -> next Thursday
    (date(2026, 11, 7), date(2026, 11, 13)),  # Saturday: from Monday 9th
    (date(2026, 11, 8), date(2026, 11, 13)),  # Sunday: from Monday 9th
    (date(2026, 12, 31), date(2027, 1, 6)),  # across the year end
]


@pytest.mark.unit
@pytest.mark.parametrize(("joined_on", "due"), CP_FILE_DUE)
def test_cp_file_is_due_5_school_days_from_the_first_day(joined_on, due):
    assert cp_file_due(joined_on) == due


def move(world, pupil, to=None, joined_on=None):
    return pupil_move(
        pupil=pupil,
        to_school=to or world.sibling_school,
        joined_on=joined_on or timezone.localdate(),
        by=world.users["officer"],
    )


def test_the_previous_school_keeps_its_case_and_sees_the_pupil_as_left(world, client):
    case = world.open_case()
    pupil = case.pupil
    moved = move(world, pupil)
    officer = world.users["officer"]
    assert not visible_pupils(officer).filter(pk=pupil.pk).exists()
    assert list(pupils_left(user=officer)) == [moved]
    assert visible_cases(officer).filter(pk=case.pk).exists()
    client.force_login(world.users["lead"])
    page = client.get(case.get_absolute_url())
    assert b"has joined another school" in page.content
    assert b"Hand over the case" in page.content
    listing = client.get(reverse("portal:pupil_list")).content.decode()
    assert "Pupils who have left" in listing
    assert pupil.upn in listing
    assert world.sibling_school.name not in listing  # where they went is not said


def test_the_new_school_cannot_open_a_second_case_and_is_told_why(world):
    case = world.open_case()
    move(world, case.pupil)
    from schools.enums import SchoolRole
    from schools.services import membership_add
    from tests.factories import UserFactory

    officer = UserFactory()
    membership_add(
        user=officer,
        organisation=world.sibling_school,
        role=SchoolRole.ATTENDANCE_OFFICER,
    )
    with pytest.raises(ValidationError) as refused:
        case_services.case_open(pupil=case.pupil, by=officer, reason="Absent.")
    assert refused.value.messages == [
        f"{case.pupil.display_name} has an open case at the school they left. It "
        "stays there until that school closes it or hands it over to you."
    ]


def test_handing_over_gives_the_case_to_the_new_school(world, client):
    case = world.case_at(Stage.EARLY_HELP)
    move(world, case.pupil)
    lead = world.users["lead"]
    client.force_login(lead)
    url = reverse("portal:cases:action", args=[case.pk, "hand_over"])
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:cases:caseload")
    case.refresh_from_db()
    assert case.school == world.sibling_school
    assert case.lead_practitioner is None  # the old school's pastoral lead
    assert not visible_cases(lead).filter(pk=case.pk).exists()
    # The same LA: its team still sees the case.
    assert visible_cases(world.users["la"]).filter(pk=case.pk).exists()
    event = CaseEvent.objects.filter(case=case).order_by("-pk").first()
    assert (event.kind, event.details) == (
        EventKind.HANDED_OVER,
        {"from": world.school.name, "to": world.sibling_school.name},
    )


def test_handing_over_to_another_la_ends_the_old_la_shares(world):
    case = world.case_at(Stage.CONCERN)
    move(world, case.pupil, to=world.far_school)
    case_services.case_hand_over(case=case, by=world.users["dsl"])
    assert not visible_cases(world.users["la"]).filter(pk=case.pk).exists()


@pytest.mark.parametrize("key", ["officer", "pastoral", "head", "la"])
def test_only_the_lead_or_dsl_hands_over(world, client, key):
    case = world.case_at(Stage.CONCERN)
    move(world, case.pupil)
    client.force_login(world.users[key])
    client.post(reverse("portal:cases:action", args=[case.pk, "hand_over"]))
    case.refresh_from_db()
    assert case.school == world.school


def test_a_case_of_a_pupil_who_has_not_moved_is_not_handed_over(world):
    case = world.open_case()
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        case_services.case_hand_over(case=case, by=world.users["lead"])


def test_both_dsls_get_the_transfer_and_record_it(world, client):
    pupil = world.pupil()
    item = add_note(world, pupil=pupil)
    services.item_share(item=item, by=world.users["dsl"], with_user=world.users["lead"])
    joined = timezone.localdate() - timedelta(days=1)
    moved = move(world, pupil, joined_on=joined)
    transfer = ChildProtectionFileTransfer.objects.get(move=moved)
    assert transfer.due_on == cp_file_due(joined)
    assert transfer.shares_ended == [
        {"with": "Test Lead", "record": f"Restricted note {item.pk}"}
    ]
    url = transfer.get_absolute_url()
    for key in ("dsl", "sibling_dsl"):
        client.force_login(world.users[key])
        overview = client.get(reverse("portal:safeguarding:overview")).content
        assert url.encode() in overview
        page = client.get(url)
        assert page.status_code == 200
        assert b"Restricted note" in page.content
        assert b"Test Lead" in page.content

    # The new school cannot record the file as sent; the old school can.
    client.force_login(world.users["sibling_dsl"])
    assert (
        client.post(
            reverse("portal:safeguarding:transfer_sent", args=[transfer.pk]),
            {"outcome": TransferOutcome.SENT, "sent_on": joined.isoformat()},
        ).status_code
        == 404
    )
    response = client.post(
        reverse("portal:safeguarding:transfer_received", args=[transfer.pk]),
        {"received_on": joined.isoformat()},
    )
    assert response.status_code == 400
    assert b"has not yet recorded the file as sent" in response.content

    client.force_login(world.users["dsl"])
    response = client.post(
        reverse("portal:safeguarding:transfer_sent", args=[transfer.pk]),
        {"outcome": TransferOutcome.SENT, "sent_on": joined.isoformat()},
    )
    assert response.status_code == 302

    client.force_login(world.users["sibling_dsl"])
    response = client.post(
        reverse("portal:safeguarding:transfer_received", args=[transfer.pk]),
        {"received_on": (joined - timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 400
    assert b"cannot arrive before it was sent" in response.content
    response = client.post(
        reverse("portal:safeguarding:transfer_received", args=[transfer.pk]),
        {"received_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert (transfer.outcome, transfer.sent_on, transfer.sent_by) == (
        TransferOutcome.SENT,
        joined,
        world.users["dsl"],
    )
    assert transfer.received_by == world.users["sibling_dsl"]
    # Done: off both overviews.
    overview = client.get(reverse("portal:safeguarding:overview")).content
    assert url.encode() not in overview


@pytest.mark.parametrize(
    "key",
    ["officer", "pastoral", "lead", "head", "la", "legal", "far_dsl", "inactive_dsl"],
)
def test_nobody_but_the_two_schools_dsls_sees_a_transfer(world, client, key):
    moved = move(world, world.pupil())
    transfer = ChildProtectionFileTransfer.objects.get(move=moved)
    client.force_login(world.users[key])
    for name in ("transfer", "transfer_sent", "transfer_received"):
        url = reverse(f"portal:safeguarding:{name}", args=[transfer.pk])
        method = client.get if name == "transfer" else client.post
        assert method(url).status_code in (404, 302), (key, name)
        if key != "inactive_dsl":
            assert method(url).status_code == 404, (key, name)
    transfer.refresh_from_db()
    assert transfer.sent_on is None


def test_an_overdue_transfer_is_flagged(world, client):
    joined = timezone.localdate() - timedelta(days=14)
    moved = move(world, world.pupil(), joined_on=joined)
    client.force_login(world.users["dsl"])
    page = client.get(
        ChildProtectionFileTransfer.objects.get(move=moved).get_absolute_url()
    )
    assert b"Overdue" in page.content


def test_a_move_is_written_once(world):
    moved = move(world, world.pupil())
    with pytest.raises(ValidationError):
        PupilMove.objects.filter(pk=moved.pk).delete()
    with pytest.raises(ValidationError):
        move(world, moved.pupil, to=world.sibling_school)  # already there


def test_the_case_page_of_a_moved_pupil_keeps_the_case_schools_figures(world, client):
    from attendance.models import RegisterMark

    case = world.open_case()
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    RegisterMark.objects.bulk_create(
        RegisterMark(
            pupil=case.pupil, school=world.school, date=monday, session=s, code=c
        )
        for s, c in (("AM", "/"), ("PM", "\\"))
    )
    move(world, case.pupil)
    client.force_login(world.users["lead"])
    measures = client.get(case.get_absolute_url()).context["measures"]
    assert (measures.possible, measures.attended) == (2, 2)
