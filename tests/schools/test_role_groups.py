"""Portal roles change in one place: the memberships service.

The role groups cannot be seen or changed through Wagtail's user and group
editors (or any other route to the groups), and a group membership without
its membership row gives nothing and is flagged by a system check.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from safeguarding.permissions import readable_items
from schools.checks import (
    role_group_members_have_memberships,
    wagtail_user_editor_hides_role_groups,
)
from schools.enums import SchoolRole
from schools.models import School, StaffMembership
from schools.role_groups import role_groups_unlocked
from schools.services import membership_add
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def school():
    return School.objects.get(urn="900001")


@pytest.fixture
def dsl_group(school):
    return Group.objects.get(name=f"school:{school.pk}:dsl")


@pytest.fixture
def admin_client(client):
    admin = get_user_model().objects.create_superuser(
        "cms-admin", "cms-admin@example.org", "not-used-password-123"
    )
    client.force_login(admin)
    client.admin = admin
    return client


def role_groups_in(html: str) -> set[str]:
    return set(re.findall(r"\b(?:school|la):\d+:[a-z_]+\b", html))


def refused(change) -> bool:
    try:
        with transaction.atomic():
            change()
    except PermissionDenied:
        return True
    return False


def test_every_direct_route_to_a_role_group_is_refused(dsl_group):
    user = UserFactory()
    assert refused(lambda: user.groups.add(dsl_group))
    assert refused(lambda: dsl_group.user_set.add(user))
    assert refused(lambda: Group.objects.create(name="school:99999:dsl"))
    renamed = Group.objects.get(pk=dsl_group.pk)
    renamed.name = "renamed"
    assert refused(renamed.save)
    assert refused(Group.objects.get(pk=dsl_group.pk).delete)
    assert not user.groups.exists()
    assert Group.objects.filter(name=dsl_group.name).exists()


def test_removing_a_role_group_member_directly_is_refused(school, dsl_group):
    user = UserFactory()
    membership_add(user=user, organisation=school, role=SchoolRole.DSL)
    assert refused(lambda: user.groups.remove(dsl_group))
    assert refused(user.groups.clear)
    assert list(user.groups.all()) == [dsl_group]


def test_other_groups_change_freely():
    user = UserFactory()
    editors, _ = Group.objects.get_or_create(name="Editors")
    user.groups.add(editors)
    user.groups.clear()
    assert not user.groups.exists()


def test_a_superuser_cannot_make_itself_a_dsl_in_the_user_editor(
    admin_client, school, dsl_group
):
    """The issue's reproduction: tick school:N:dsl for oneself in Wagtail."""
    admin = admin_client.admin
    url = reverse("wagtailusers_users:edit", args=[admin.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert role_groups_in(page.content.decode()) == set()
    editors, _ = Group.objects.get_or_create(name="Editors")
    assert f'value="{editors.pk}"'.encode() in page.content
    response = admin_client.post(
        url,
        {
            "username": admin.username,
            "email": admin.email,
            "first_name": "Cms",
            "last_name": "Admin",
            "is_active": "on",
            "is_superuser": "on",
            "groups": [dsl_group.pk],
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert b"Select a valid choice" in response.content
    assert not admin.groups.exists()
    assert not StaffMembership.objects.filter(user=admin).exists()
    assert not readable_items(admin).exists()


def test_saving_a_user_in_the_cms_keeps_their_roles(admin_client, school):
    officer = UserFactory()
    membership_add(
        user=officer, organisation=school, role=SchoolRole.ATTENDANCE_OFFICER
    )
    editors, _ = Group.objects.get_or_create(name="Editors")
    response = admin_client.post(
        reverse("wagtailusers_users:edit", args=[officer.pk]),
        {
            "username": officer.username,
            "email": "officer@example.org",
            "first_name": "New",
            "last_name": "Name",
            "is_active": "on",
            "groups": [editors.pk],
        },
    )
    assert response.status_code == 302
    assert set(officer.groups.values_list("name", flat=True)) == {
        "Editors",
        f"school:{school.pk}:attendance_officer",
    }


def test_the_group_editor_neither_lists_nor_opens_role_groups(admin_client, dsl_group):
    index = admin_client.get(reverse("wagtailusers_groups:index"))
    assert index.status_code == 200
    assert role_groups_in(index.content.decode()) == set()
    for name in ("edit", "delete"):
        url = reverse(f"wagtailusers_groups:{name}", args=[dsl_group.pk])
        assert admin_client.get(url).status_code == 404
        assert admin_client.post(url, {"name": "taken"}).status_code == 404
    response = admin_client.post(
        reverse("wagtailusers_groups:add"), {"name": "school:424242:dsl"}
    )
    assert response.status_code == 200
    assert not Group.objects.filter(name="school:424242:dsl").exists()
    users = admin_client.get(reverse("wagtailusers_users:index"))
    assert role_groups_in(users.content.decode()) == set()


def test_the_bulk_assign_role_action_offers_no_role_group(admin_client, dsl_group):
    user = UserFactory()
    url = (
        reverse("wagtail_bulk_action", args=["auth", "user", "assign_role"])
        + f"?id={user.pk}"
    )
    page = admin_client.get(url)
    assert page.status_code == 200
    assert role_groups_in(page.content.decode()) == set()
    admin_client.post(url, {"role": dsl_group.pk})
    assert not user.groups.exists()


def test_the_check_flags_a_group_member_without_a_membership_row(school, dsl_group):
    assert role_group_members_have_memberships(databases=["default"]) == []
    user = UserFactory(username="slipped-in")
    with role_groups_unlocked():  # as a raw SQL edit would
        user.groups.add(dsl_group)
    errors = role_group_members_have_memberships(databases=["default"])
    assert [(error.id, error.msg) for error in errors] == [
        (
            "schools.E001",
            f"slipped-in is a member of the role group school:{school.pk}:dsl "
            "without the matching staff membership.",
        )
    ]
    assert role_group_members_have_memberships(databases=None) == []


def test_the_check_requires_the_role_safe_wagtail_users_app(monkeypatch):
    from django.apps import apps
    from wagtail.users.apps import WagtailUsersAppConfig

    assert wagtail_user_editor_hides_role_groups() == []
    import wagtail.users

    stock = WagtailUsersAppConfig("wagtail.users", wagtail.users)
    monkeypatch.setattr(apps, "get_app_config", lambda label: stock)
    assert [error.id for error in wagtail_user_editor_hides_role_groups()] == [
        "schools.E002"
    ]
