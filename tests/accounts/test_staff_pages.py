"""A school's or LA's managers manage their own staff in the portal: invite,
give and remove roles within their right, deactivate leavers, reset a lost
phone; every change is in the organisation's audit log."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SignedInSession
from schools.enums import SchoolRole, StaffChangeKind
from schools.models import LocalAuthority, School, StaffChange, StaffMembership
from schools.services import membership_add
from tests.sign_in import sign_in

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

NEW_PASSWORD = "a-long-new-password-2026"  # noqa: S105


@pytest.fixture
def chaucer(db):
    return School.objects.get(urn="900001")


@pytest.fixture
def woolwich(db):
    return School.objects.get(urn="900002")


def staff_url(name: str, organisation, **kwargs) -> str:
    kind = "school" if isinstance(organisation, School) else "la"
    return reverse(
        f"portal:staff:{name}", kwargs={"kind": kind, "pk": organisation.pk, **kwargs}
    )


def person_url(name, organisation, username, **kwargs):
    person = get_user_model().objects.get(username=username)
    return staff_url(name, organisation, person_pk=person.pk, **kwargs)


def invite(
    client,
    organisation,
    email="new.officer@chaucer.example.org",
    role="attendance_officer",
):
    return client.post(
        staff_url("invite", organisation),
        {
            "first_name": "Nia",
            "last_name": "Price",
            "email": email,
            "role": role,
            "job_title": "Attendance assistant",
        },
    )


def test_managers_see_their_own_staff_and_nobody_elses(client_as, chaucer, woolwich):
    client = client_as("head.chaucer")
    assert client.get(reverse("portal:staff:home"))["Location"] == staff_url(
        "list", chaucer
    )
    page = client.get(staff_url("list", chaucer)).content.decode()
    assert "Jo Marsh" in page
    assert "Ruth Ellis" in page
    assert "Dan Reyes" not in page  # Woolwich's officer
    assert client.get(staff_url("list", woolwich)).status_code == 404
    assert (
        client.get(person_url("person", chaucer, "officer.woolwich")).status_code == 404
    )
    # The Woolwich officer is not reachable through Chaucer's address either.
    assert (
        client.get(person_url("person", woolwich, "officer.woolwich")).status_code
        == 404
    )


@pytest.mark.parametrize(
    "username",
    ["officer.chaucer", "pastoral.chaucer", "dsl.chaucer", "legal.sheffield", "editor"],
)
def test_people_who_manage_no_one_get_404_everywhere(client_as, chaucer, username):
    client = client_as(username)
    assert client.get(reverse("portal:staff:home")).status_code == 404
    assert client.get(staff_url("list", chaucer)).status_code == 404
    assert client.get(staff_url("invite", chaucer)).status_code == 404
    assert (
        client.get(person_url("person", chaucer, "officer.chaucer")).status_code == 404
    )
    assert (
        client.post(person_url("deactivate", chaucer, "officer.chaucer")).status_code
        == 404
    )
    assert "Staff</a>" not in client.get(reverse("portal:dashboard")).content.decode()


def test_an_la_lead_manages_the_la_and_not_its_schools(client_as, chaucer):
    sheffield = LocalAuthority.objects.get(code="373")
    client = client_as("la.sheffield")
    assert client.get(reverse("portal:staff:home"))["Location"] == staff_url(
        "list", sheffield
    )
    assert "Neil Booth" in client.get(staff_url("list", sheffield)).content.decode()
    assert client.get(staff_url("list", chaucer)).status_code == 404
    assert "Staff</a>" in client.get(reverse("portal:dashboard")).content.decode()


def test_an_attendance_lead_cannot_give_or_remove_the_roles_above_them(
    client_as, chaucer
):
    client = client_as("lead.chaucer")
    page = client.get(staff_url("invite", chaucer)).content.decode()
    assert 'value="attendance_officer"' in page
    assert 'value="dsl"' not in page
    assert 'value="headteacher"' not in page
    refused = invite(client, chaucer, role="dsl")
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    give = client.post(
        person_url("role_give", chaucer, "officer.chaucer"), {"role": "dsl"}
    )
    assert give.status_code == 400
    dsl = StaffMembership.objects.get(user__username="dsl.chaucer", role="dsl")
    remove = client.post(
        person_url("role_remove", chaucer, "dsl.chaucer", membership_pk=dsl.pk)
    )
    assert remove.status_code == 403
    assert StaffMembership.objects.filter(pk=dsl.pk).exists()
    # Nor deactivate the DSL.
    assert (
        client.post(person_url("deactivate", chaucer, "dsl.chaucer")).status_code == 403
    )
    assert get_user_model().objects.get(username="dsl.chaucer").is_active


def test_nobody_changes_their_own_roles(client_as, chaucer):
    client = client_as("head.chaucer")
    own = StaffMembership.objects.get(user__username="head.chaucer")
    response = client.post(
        person_url("role_remove", chaucer, "head.chaucer", membership_pk=own.pk)
    )
    assert response.status_code == 403
    assert (
        client.post(person_url("deactivate", chaucer, "head.chaucer")).status_code
        == 403
    )


def test_a_role_is_given_and_removed_and_both_are_in_the_log(client_as, chaucer):
    client = client_as("head.chaucer")
    response = client.post(
        person_url("role_give", chaucer, "pastoral.chaucer"),
        {"role": "attendance_officer", "job_title": "Cover officer"},
    )
    assert response.status_code == 302
    membership = StaffMembership.objects.get(
        user__username="pastoral.chaucer", role="attendance_officer"
    )
    assert membership.job_title == "Cover officer"
    client.post(
        person_url(
            "role_remove", chaucer, "pastoral.chaucer", membership_pk=membership.pk
        )
    )
    assert not StaffMembership.objects.filter(pk=membership.pk).exists()
    log = list(
        StaffChange.objects.filter(
            person__username="pastoral.chaucer",
            school=chaucer,
            role="attendance_officer",
        ).values_list("kind", "by__username")
    )
    assert log == [
        (StaffChangeKind.ROLE_REMOVED, "head.chaucer"),
        (StaffChangeKind.ROLE_GIVEN, "head.chaucer"),
    ]
    page = client.get(staff_url("list", chaucer)).content.decode()
    assert "Role removed: Attendance officer" in page


def test_an_invitation_leads_to_a_password_an_app_and_the_schools_pupils(
    client_as, chaucer
):
    head = client_as("head.chaucer")
    assert invite(head, chaucer).status_code == 302
    person = get_user_model().objects.get(username="new.officer@chaucer.example.org")
    assert not person.has_usable_password()
    assert StaffMembership.objects.filter(user=person, school=chaucer).exists()
    (message,) = mail.outbox
    assert message.to == ["new.officer@chaucer.example.org"]
    link = re.search(r"https?://\S+/portal/staff/invitation/\S+/", message.body).group(
        0
    )
    path = link[link.index("/portal/") :]
    # The token is not stored: only its digest.
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert token not in str(list(person.invitations.values()))

    newcomer = Client()
    page = newcomer.get(path)
    assert page.status_code == 200
    assert "Set your password" in page.content.decode()
    weak = newcomer.post(path, {"new_password1": "short", "new_password2": "short"})
    assert weak.status_code == 200
    assert "too short" in weak.content.decode()
    response = newcomer.post(
        path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response["Location"] == reverse("portal:second_factor_setup")
    # Not in yet: the app comes first.
    assert newcomer.get(reverse("portal:dashboard")).status_code == 302
    newcomer.get(reverse("portal:second_factor_setup"))
    device = TOTPDevice.objects.get(user=person)
    codes = newcomer.post(
        reverse("portal:second_factor_setup"),
        {"code": f"{TOTP(device.bin_key).token():06d}"},
    )
    assert codes.status_code == 200
    pupils = newcomer.get(reverse("portal:pupil_list")).content.decode()
    assert chaucer.pupils.order_by("legal_surname").first().legal_surname in pupils

    # The link works once.
    assert Client().get(path).status_code == 404
    kinds = set(
        StaffChange.objects.filter(person=person).values_list("kind", flat=True)
    )
    assert kinds == {
        StaffChangeKind.INVITED,
        StaffChangeKind.ROLE_GIVEN,
        StaffChangeKind.INVITATION_ACCEPTED,
    }


def test_an_invitation_link_expires_and_a_new_one_replaces_it(client_as, chaucer):
    head = client_as("head.chaucer")
    invite(head, chaucer)
    first = re.search(r"/portal/staff/invitation/\S+/", mail.outbox[0].body).group(0)
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert Client().get(first).status_code == 404
    head.post(
        person_url("invitation_resend", chaucer, "new.officer@chaucer.example.org")
    )
    second = re.search(r"/portal/staff/invitation/\S+/", mail.outbox[1].body).group(0)
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200


def test_inviting_an_existing_account_gives_it_the_role(client_as, chaucer):
    head = client_as("head.chaucer")
    response = invite(head, chaucer, email="pastoral.woolwich@example.org")
    assert response.status_code == 302
    assert StaffMembership.objects.filter(
        user__username="pastoral.woolwich", school=chaucer
    ).exists()
    assert mail.outbox == []


def test_a_deactivated_address_cannot_be_invited_back_by_a_school(client_as, chaucer):
    get_user_model().objects.filter(username="officer.woolwich").update(is_active=False)
    response = invite(
        client_as("head.chaucer"), chaucer, email="officer.woolwich@example.org"
    )
    assert response.status_code == 200
    assert "has been deactivated" in response.content.decode()


def test_a_leaver_is_deactivated_and_their_open_session_ends_at_once(
    client_as, chaucer
):
    officer = Client()
    sign_in(officer, "officer.chaucer")
    assert officer.get(reverse("portal:dashboard")).status_code == 200

    head = client_as("head.chaucer")
    response = head.post(person_url("deactivate", chaucer, "officer.chaucer"))
    assert response["Location"] == staff_url("list", chaucer)
    assert officer.get(reverse("portal:dashboard")).status_code == 302
    person = get_user_model().objects.get(username="officer.chaucer")
    assert not person.is_active
    assert not StaffMembership.objects.filter(user=person).exists()
    assert not SignedInSession.objects.filter(user=person).exists()
    assert StaffChange.objects.filter(
        person=person, kind=StaffChangeKind.DEACTIVATED, school=chaucer
    ).exists()
    # Their name stays on what they did: the account is still there.
    assert "Jo Marsh" in head.get(staff_url("list", chaucer)).content.decode()


def test_someone_who_also_works_elsewhere_cannot_be_deactivated_by_one_school(
    client_as, chaucer, woolwich
):
    person = get_user_model().objects.get(username="officer.chaucer")
    membership_add(user=person, organisation=woolwich, role=SchoolRole.PASTORAL_STAFF)
    head = client_as("head.chaucer")
    page = head.get(person_url("person", chaucer, "officer.chaucer")).content.decode()
    assert "Deactivate the account" not in page
    assert (
        head.post(person_url("deactivate", chaucer, "officer.chaucer")).status_code
        == 403
    )
    assert get_user_model().objects.get(pk=person.pk).is_active


def test_a_lost_phone_is_reset_by_a_manager(client_as, chaucer):
    officer = Client()
    sign_in(officer, "officer.chaucer")
    head = client_as("head.chaucer")
    head.post(person_url("second_factor_reset", chaucer, "officer.chaucer"))
    assert not TOTPDevice.objects.filter(user__username="officer.chaucer").exists()
    assert officer.get(reverse("portal:dashboard")).status_code == 302
    assert StaffChange.objects.filter(
        person__username="officer.chaucer", kind=StaffChangeKind.SECOND_FACTOR_RESET
    ).exists()


def test_the_audit_log_cannot_be_changed(chaucer):
    change = StaffChange.objects.filter(school=chaucer).first()
    with pytest.raises(ValidationError):
        change.save()
    with pytest.raises(ValidationError):
        StaffChange.objects.filter(pk=change.pk).delete()


def test_the_staff_list_takes_the_same_queries_however_many_staff(client_as, chaucer):
    client = client_as("head.chaucer")
    url = staff_url("list", chaucer)
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    User = get_user_model()
    for number in range(6):
        person = User.objects.create_user(f"extra{number}", email=f"x{number}@e.org")
        membership_add(
            user=person, organisation=chaucer, role=SchoolRole.PASTORAL_STAFF
        )
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)


def test_password_reset_never_says_whether_an_account_exists(client):
    known = client.post(
        reverse("portal:password_reset"), {"email": "officer.chaucer@example.org"}
    )
    unknown = client.post(
        reverse("portal:password_reset"), {"email": "nobody@example.org"}
    )
    assert (
        known["Location"]
        == unknown["Location"]
        == reverse("portal:password_reset_sent")
    )
    (message,) = mail.outbox
    assert message.to == ["officer.chaucer@example.org"]
    assert "/portal/password-reset/" in message.body
