"""Who sees which pupils: the role matrix over the demo, and the permission module."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from demo.users import DEMO_USERS
from schools.enums import LocalAuthorityRole, SchoolRole
from schools.models import LocalAuthority, Pupil, School, StaffMembership
from schools.permissions import (
    can_view_pupil_record,
    school_permissions_held,
    user_has_role,
    visible_pupils,
)
from schools.roles import SCHOOL_ROLE_PERMISSIONS
from schools.services import membership_add, membership_remove
from tests.factories import PupilFactory, SchoolFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PUPIL_LINK = re.compile(r'href="/portal/pupils/(\d+)/"')


def expected_pupil_ids(username: str) -> set[int]:
    """What each demo role should see, from the data, not the permission code."""
    demo = next(demo for demo in DEMO_USERS if demo.username == username)
    if demo.organisation.startswith("la:"):
        pupils = Pupil.objects.filter(
            school__local_authority__code=demo.organisation[3:]
        )
    else:
        pupils = Pupil.objects.filter(
            school__name__startswith=demo.organisation.title()
        )
    return set(pupils.values_list("pk", flat=True))


def listed_pupil_ids(client) -> set[int]:
    """Every pupil the pupil list shows, over all its pages."""
    ids, page = set(), 1
    while True:
        response = client.get(reverse("portal:pupil_list"), {"page": page})
        assert response.status_code == 200
        ids |= {int(pk) for pk in PUPIL_LINK.findall(response.content.decode())}
        if page >= response.context["page"].paginator.num_pages:
            return ids
        page += 1


def first_pupil_of_each_school() -> list[int]:
    """One pupil per school: who may see a pupil is decided by their school."""
    firsts: dict[int, int] = {}
    for school_id, pk in Pupil.objects.order_by("pk").values_list("school", "pk"):
        firsts.setdefault(school_id, pk)
    return sorted(firsts.values())


@pytest.mark.parametrize("username", [demo.username for demo in DEMO_USERS])
def test_role_matrix_selector_list_and_sampled_pages_equal_expected(
    client_as, demo_user, username
):
    """Every demo user against every pupil through ``visible_pupils`` (the
    selector every pupil page and list asks), the pupil list over all its
    pages, and a sample of pupil pages: the first pupil of each school, so
    each role opens at least one (200) and is refused at least one (404)."""
    client = client_as(username)
    expected = expected_pupil_ids(username)
    assert expected, "the demo must give every role some pupils to see"

    visible = set(visible_pupils(demo_user(username)).values_list("pk", flat=True))
    assert visible == expected
    assert listed_pupil_ids(client) == expected

    sample = first_pupil_of_each_school()
    answers = {
        pupil_id: client.get(
            reverse("portal:pupil_detail", args=[pupil_id])
        ).status_code
        for pupil_id in sample
    }
    assert answers == {
        pupil_id: 200 if pupil_id in expected else 404 for pupil_id in sample
    }
    assert set(answers.values()) == {200, 404}


def test_chaucer_staff_never_see_woolwich_pupils(client_as):
    woolwich_pupil = Pupil.objects.filter(school__urn="900002").first()
    for prefix in ("officer", "pastoral", "lead", "dsl", "head"):
        client = client_as(f"{prefix}.chaucer")
        response = client.get(woolwich_pupil.get_absolute_url())
        assert response.status_code == 404


def test_la_staff_see_directory_only_not_parents_or_upn(client_as):
    pupil = (
        Pupil.objects.filter(school__urn="900001", carer_relationships__isnull=False)
        .select_related("school")
        .first()
    )
    carer = pupil.carer_relationships.first().parent_carer

    la_page = client_as("la.sheffield").get(pupil.get_absolute_url())
    assert la_page.status_code == 200
    assert la_page.context["full_record"] is False
    la_html = la_page.content.decode()
    assert pupil.upn not in la_html
    assert carer.forename not in la_html
    assert pupil.display_name in la_html

    staff_page = client_as("pastoral.chaucer").get(pupil.get_absolute_url())
    staff_html = staff_page.content.decode()
    assert pupil.upn in staff_html
    assert carer.surname in staff_html


def test_superuser_without_membership_sees_no_pupil(client_as):
    superuser = UserFactory(username="root-admin", is_superuser=True, is_staff=True)
    client = client_as(superuser)
    pupil = Pupil.objects.first()

    assert visible_pupils(superuser).count() == 0
    assert can_view_pupil_record(superuser, pupil) is False
    assert client.get(pupil.get_absolute_url()).status_code == 404
    assert listed_pupil_ids(client) == set()


def test_anonymous_and_inactive_users_see_nothing():
    from django.contrib.auth.models import AnonymousUser

    officer = get_user_model().objects.get(username="officer.chaucer")
    officer.is_active = False
    assert visible_pupils(AnonymousUser()).count() == 0
    assert visible_pupils(officer).count() == 0


def test_membership_add_and_remove_update_the_role_group():
    school = SchoolFactory()
    pupil = PupilFactory(school=school)
    user = UserFactory()
    assert visible_pupils(user).count() == 0

    membership = membership_add(
        user=user, organisation=school, role=SchoolRole.PASTORAL_STAFF
    )
    assert list(visible_pupils(user)) == [pupil]
    assert user_has_role(user, school, SchoolRole.PASTORAL_STAFF) is True
    assert user_has_role(user, school, SchoolRole.DSL) is False
    assert user.groups.filter(name=f"school:{school.pk}:pastoral_staff").count() == 1

    membership_remove(membership=membership)
    assert visible_pupils(user).count() == 0
    assert user.groups.count() == 0
    assert StaffMembership.objects.filter(user=user).count() == 0


def test_one_of_two_roles_removed_keeps_the_other():
    school = SchoolFactory()
    PupilFactory(school=school)
    user = UserFactory()
    officer = membership_add(
        user=user, organisation=school, role=SchoolRole.ATTENDANCE_OFFICER
    )
    membership_add(user=user, organisation=school, role=SchoolRole.DSL)
    membership_remove(membership=officer)
    assert visible_pupils(user).count() == 1
    assert user_has_role(user, school, SchoolRole.DSL) is True


def test_la_role_reaches_every_school_of_that_la_only():
    authority = LocalAuthority.objects.get(code="373")
    user = UserFactory()
    membership_add(
        user=user, organisation=authority, role=LocalAuthorityRole.LEGAL_OFFICER
    )
    schools_seen = set(
        visible_pupils(user).values_list("school__urn", flat=True).distinct()
    )
    assert schools_seen == set(
        School.objects.filter(local_authority=authority).values_list("urn", flat=True)
    )
    assert user_has_role(user, authority, LocalAuthorityRole.LEGAL_OFFICER) is True
    assert user_has_role(user, authority, SchoolRole.DSL) is False


def test_school_role_cannot_be_given_in_an_la():
    from django.core.exceptions import ValidationError

    authority = LocalAuthority.objects.get(code="373")
    with pytest.raises(ValidationError):
        membership_add(user=UserFactory(), organisation=authority, role=SchoolRole.DSL)


def test_membership_constraint_refuses_school_role_on_an_la_row():
    from django.db import IntegrityError, transaction

    authority = LocalAuthority.objects.get(code="373")
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffMembership.objects.create(
            user=UserFactory(), local_authority=authority, role=SchoolRole.DSL
        )


def test_global_permission_grants_no_pupils():
    """A model-level permission must not open every school (guardian's default)."""
    from django.contrib.auth.models import Permission

    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_pupil_record"))
    user.user_permissions.add(Permission.objects.get(codename="view_pupil_directory"))
    assert visible_pupils(user).count() == 0


def test_role_group_ensure_removes_a_permission_the_role_no_longer_has():
    from guardian.shortcuts import assign_perm, get_perms

    from schools.roles import SCHOOL_ROLE_PERMISSIONS
    from schools.services import role_group_ensure

    school = School.objects.get(urn="900001")
    group = role_group_ensure(organisation=school, role=SchoolRole.PASTORAL_STAFF)
    expected = sorted(
        perm.split(".", 1)[1]
        for perm in SCHOOL_ROLE_PERMISSIONS[SchoolRole.PASTORAL_STAFF]
    )
    assert sorted(get_perms(group, school)) == expected
    # A stray grant (say, from a permission since taken out of roles.py) goes.
    assign_perm("schools.import_registers", group, school)
    role_group_ensure(organisation=school, role=SchoolRole.PASTORAL_STAFF)
    assert sorted(get_perms(group, school)) == expected


def test_role_group_ensure_grants_only_permissions_of_the_organisations_model(
    monkeypatch,
):
    """A school role given a local authority's permission in roles.py is an
    error, not a grant of that permission on the school."""
    from django.contrib.auth.models import Permission

    from schools.roles import SCHOOL_ROLE_PERMISSIONS
    from schools.services import role_group_ensure

    school = SchoolFactory()
    monkeypatch.setitem(
        SCHOOL_ROLE_PERMISSIONS,
        SchoolRole.PASTORAL_STAFF,
        ("schools.view_pupil_record", "schools.view_la_figures"),
    )
    with pytest.raises(Permission.DoesNotExist, match="schools.view_la_figures"):
        role_group_ensure(organisation=school, role=SchoolRole.PASTORAL_STAFF)


def test_a_role_group_without_its_membership_row_gives_nothing():
    from django.contrib.auth.models import Group

    from schools.role_groups import role_groups_unlocked

    school = School.objects.get(urn="900001")
    user = UserFactory()
    group = Group.objects.get(name=f"school:{school.pk}:dsl")
    with role_groups_unlocked():  # as if someone edited the groups in SQL
        user.groups.add(group)
    assert user_has_role(user, school, SchoolRole.DSL) is False
    assert visible_pupils(user).count() == 0
    membership_add(user=user, organisation=school, role=SchoolRole.DSL)
    assert user_has_role(user, school, SchoolRole.DSL) is True
    assert visible_pupils(user).count() == school.pupils.count()


def test_school_permissions_held_are_those_of_the_users_school_roles(demo_user):
    head = demo_user("head.chaucer")
    assert school_permissions_held(head) == set(
        SCHOOL_ROLE_PERMISSIONS[SchoolRole.HEADTEACHER]
    )
    assert "schools.view_school_overview" in school_permissions_held(head)
    officer = demo_user("officer.chaucer")
    assert "schools.view_school_overview" not in school_permissions_held(officer)
    assert school_permissions_held(demo_user("la.sheffield")) == frozenset()


def test_object_grants_are_read_for_the_user_and_their_groups_only():
    """A case is granted by a per-object grant to the user or one of their
    groups; a model-level permission, being a superuser, or another user's or
    group's grant gives nothing."""
    from django.contrib.auth.models import Group, Permission
    from guardian.shortcuts import assign_perm

    from cases.models import Case
    from cases.permissions import VIEW_CASE
    from schools.permissions import ids_with_object_permission

    first, second, third, fourth = Case.objects.order_by("pk")[:4]
    user = UserFactory()
    team = Group.objects.create(name="A test LA team")
    user.groups.add(team)
    assign_perm(VIEW_CASE, user, first)
    assign_perm(VIEW_CASE, team, second)
    assign_perm(VIEW_CASE, UserFactory(), third)
    assign_perm(VIEW_CASE, Group.objects.create(name="Another team"), fourth)
    user.user_permissions.add(Permission.objects.get(codename="view_case"))
    user.is_superuser = True
    user.save()

    assert ids_with_object_permission(user, VIEW_CASE, Case) == {first.pk, second.pk}
    assert (
        ids_with_object_permission(UserFactory(is_superuser=True), VIEW_CASE, Case)
        == set()
    )
    with pytest.raises(ValueError, match="not a permission of schools.School"):
        ids_with_object_permission(user, VIEW_CASE, School)
