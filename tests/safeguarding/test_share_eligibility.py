"""A share lets its grantee read only while they are, right now, eligible.

Eligible: the share has not expired, the grantee's account is active, and the
grantee holds a role at the pupil's current school or at its local authority.
Each change below ends access at once, and the access log says why.
"""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from safeguarding import services
from safeguarding.enums import AccessAction, LapseReason
from safeguarding.models import AccessLogEntry, RestrictedItemGrant
from safeguarding.permissions import SHARE_DEFAULT_DAYS, readable_items
from safeguarding.services import ShareRefused
from schools.enums import LocalAuthorityRole, SchoolRole
from schools.models import StaffMembership
from schools.services import membership_add, membership_remove, pupil_move
from tests.factories import UserFactory
from tests.safeguarding.conftest import add_link, add_note

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def reads(client, user, item) -> int:
    client.force_login(user)
    return client.get(item.get_absolute_url()).status_code


def lapses(item) -> list[tuple[str, str]]:
    """(grantee, reason) of each lapsed row of the item's access log."""
    return [
        (entry.details["with"], entry.details["reason"])
        for entry in AccessLogEntry.objects.filter(
            item=item, action=AccessAction.LAPSED
        ).order_by("pk")
    ]


def shared(world, *, with_key: str, item=None, **kwargs):
    item = item or add_link(world)
    services.item_share(
        item=item, by=world.users["dsl"], with_user=world.users[with_key], **kwargs
    )
    return item


def test_grantee_removed_from_the_school_loses_access_at_once(world, client):
    lead = world.users["lead"]
    item = shared(world, with_key="lead")
    assert reads(client, lead, item) == 200
    membership_remove(membership=StaffMembership.objects.get(user=lead))
    assert reads(client, lead, item) == 404
    assert not readable_items(lead).exists()
    assert lapses(item) == [("Test Lead", LapseReason.LEFT_ROLE)]
    assert not RestrictedItemGrant.objects.filter(user=lead).exists()


def test_grantee_moved_to_another_school_of_the_la_loses_access(world, client):
    lead = world.users["lead"]
    item = shared(world, with_key="lead")
    membership_add(
        user=lead, organisation=world.sibling_school, role=SchoolRole.ATTENDANCE_LEAD
    )
    membership_remove(
        membership=StaffMembership.objects.get(user=lead, school=world.school)
    )
    assert reads(client, lead, item) == 404
    assert lapses(item) == [("Test Lead", LapseReason.LEFT_ROLE)]


def test_grantee_keeping_another_role_at_the_school_keeps_access(world, client):
    lead = world.users["lead"]
    item = shared(world, with_key="lead")
    membership_add(user=lead, organisation=world.school, role=SchoolRole.HEADTEACHER)
    membership_remove(
        membership=StaffMembership.objects.get(
            user=lead, role=SchoolRole.ATTENDANCE_LEAD
        )
    )
    assert reads(client, lead, item) == 200
    assert lapses(item) == []


def test_la_grantee_moved_to_another_la_loses_access(world, client):
    la = world.users["la"]
    item = shared(world, with_key="la")
    assert reads(client, la, item) == 200
    membership_add(
        user=la, organisation=world.other_la, role=LocalAuthorityRole.LEAD_PRACTITIONER
    )
    membership_remove(
        membership=StaffMembership.objects.get(user=la, local_authority=world.la)
    )
    assert reads(client, la, item) == 404
    assert lapses(item) == [(la.get_full_name(), LapseReason.LEFT_ROLE)]


def test_deactivated_grantee_loses_access(world, client):
    la = world.users["la"]
    item = shared(world, with_key="la")
    la.is_active = False
    la.save()
    assert not readable_items(la).exists()
    la.is_active = True  # even if the account came back, the share is gone
    la.save()
    assert reads(client, la, item) == 404
    assert lapses(item) == [(la.get_full_name(), LapseReason.DEACTIVATED)]


def test_a_role_group_without_a_membership_row_does_not_keep_a_share(world, client):
    """Eligibility is read from the membership rows, not from group membership."""
    lead = world.users["lead"]
    item = shared(world, with_key="lead")
    StaffMembership.objects.filter(user=lead).delete()  # the group stays
    assert lead.groups.filter(name__startswith="school:").exists()
    assert reads(client, lead, item) == 404


def test_pupil_moved_within_the_la_keeps_la_shares_and_ends_school_ones(world, client):
    pupil = world.pupil()
    item = add_note(world, pupil=pupil)
    shared(world, with_key="la", item=item)
    shared(world, with_key="lead", item=item)
    pupil_move(
        pupil=pupil,
        to_school=world.sibling_school,
        joined_on=timezone.localdate(),
        by=None,
    )
    assert reads(client, world.users["la"], item) == 200
    assert reads(client, world.users["lead"], item) == 404
    assert lapses(item) == [("Test Lead", LapseReason.PUPIL_MOVED)]


def test_pupil_moved_to_another_la_ends_the_la_share(world, client):
    pupil = world.pupil()
    item = add_link(world, pupil=pupil)
    shared(world, with_key="la", item=item)
    pupil_move(
        pupil=pupil, to_school=world.far_school, joined_on=timezone.localdate(), by=None
    )
    la = world.users["la"]
    assert reads(client, la, item) == 404
    assert lapses(item) == [(la.get_full_name(), LapseReason.PUPIL_MOVED)]
    # The previous school's DSL no longer reads it; the new school's DSL does.
    assert reads(client, world.users["dsl"], item) == 404
    assert reads(client, world.users["far_dsl"], item) == 200


def _at(day: date, hour: int, minute: int = 0):
    return time_machine.travel(
        timezone.make_aware(datetime.combine(day, time(hour, minute))), tick=False
    )


def test_expiry_ends_access_at_the_end_of_the_chosen_day_and_the_sweep_logs_it(
    world, client
):
    la = world.users["la"]
    with _at(date(2026, 11, 20), 9):
        item = shared(world, with_key="la", expires_on=date(2026, 11, 27))
    with _at(date(2026, 11, 27), 23, 59):
        assert reads(client, la, item) == 200
        call_command("lapse_restricted_shares", verbosity=0)
        assert lapses(item) == []
    with _at(date(2026, 11, 28), 0, 0):
        assert reads(client, la, item) == 404
        call_command("lapse_restricted_shares", verbosity=0)
    assert lapses(item) == [(la.get_full_name(), LapseReason.EXPIRED)]
    assert not RestrictedItemGrant.objects.filter(content_object=item).exists()


def test_a_share_without_a_chosen_day_ends_after_the_default(world):
    item = shared(world, with_key="la")
    grant = RestrictedItemGrant.objects.get(content_object=item)
    assert grant.expires_on == timezone.localdate() + timedelta(SHARE_DEFAULT_DAYS)


@pytest.mark.parametrize(
    ("days_ahead", "refused"),
    [(-1, True), (0, False), (365, False), (366, True)],
)
def test_a_share_ends_today_at_the_soonest_and_within_a_year(
    world, days_ahead, refused
):
    item = add_note(world)
    expires_on = timezone.localdate() + timedelta(days=days_ahead)
    call = {
        "item": item,
        "by": world.users["dsl"],
        "with_user": world.users["la"],
        "expires_on": expires_on,
    }
    if refused:
        with pytest.raises(ShareRefused):
            services.item_share(**call)
        assert not RestrictedItemGrant.objects.filter(content_object=item).exists()
    else:
        services.item_share(**call)
        grant = RestrictedItemGrant.objects.get(content_object=item)
        assert grant.expires_on == expires_on


def test_the_share_form_requires_a_day_and_offers_the_default(world, client):
    item = add_note(world)
    client.force_login(world.users["dsl"])
    page = client.get(item.get_absolute_url())
    default = timezone.localdate() + timedelta(SHARE_DEFAULT_DAYS)
    assert f'value="{default.isoformat()}"'.encode() in page.content
    response = client.post(
        f"/portal/safeguarding/records/{item.pk}/share/",
        {"person": world.users["la"].pk, "expires_on": ""},
    )
    assert response.status_code == 400
    assert b"Choose the day the share ends." in response.content
    assert not RestrictedItemGrant.objects.filter(content_object=item).exists()


def test_the_access_report_says_why_a_share_lapsed(world, client):
    lead = world.users["lead"]
    shared(world, with_key="lead")
    membership_remove(membership=StaffMembership.objects.get(user=lead))
    client.force_login(world.users["dsl"])
    page = client.get("/portal/safeguarding/access-log/").content.decode()
    assert (
        "with Test Lead: the person no longer works at the pupil&#x27;s school or "
        "its local authority"
    ) in page


def test_the_share_picker_names_each_persons_roles_and_organisation(world, client):
    from bs4 import BeautifulSoup

    item = add_note(world)
    membership_add(
        user=world.users["lead"],
        organisation=world.school,
        role=SchoolRole.HEADTEACHER,
        job_title="Head of school",
    )
    client.force_login(world.users["dsl"])
    page = client.get(item.get_absolute_url())
    options = {
        option.get_text()
        for option in BeautifulSoup(page.content, "html.parser").select(
            "#id_person option"
        )
    }
    la_role = StaffMembership.objects.get(user=world.users["la"]).get_role_display()
    assert f"Test La: {la_role}, {world.la}" in options
    assert (
        f"Test Lead: Attendance lead, {world.school}; Head of school (headteacher), "
        f"{world.school}"
    ) in options
    # One query for the people and one for their roles, however many.
    before = len(page_queries(client, item))
    for _ in range(5):
        membership_add(
            user=UserFactory(),
            organisation=world.la,
            role=LocalAuthorityRole.LEGAL_OFFICER,
        )
    assert len(page_queries(client, item)) == before


def page_queries(client, item) -> list:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(item.get_absolute_url())
    return captured.captured_queries
