"""Role groups made before the overview permission existed get it on migrate:
the headteachers' and attendance leads' groups, no one else's."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from guardian.shortcuts import get_perms, remove_perm

from schools.models import School
from schools.roles import SCHOOL_ROLE_PERMISSIONS
from schools.services import role_group_ensure

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

migration = importlib.import_module("schools.migrations.0004_overview_permission")

# What RunPython passes (its schema editor), as far as the grant reads it.
THIS_DATABASE = SimpleNamespace(connection=connection)


def test_existing_role_groups_get_the_overview_permission_by_their_role():
    school = School.objects.get(urn="900001")
    groups = {}
    for role in SCHOOL_ROLE_PERMISSIONS:
        group = role_group_ensure(organisation=school, role=role)
        remove_perm("view_school_overview", group, school)
        groups[role] = group

    migration.grant_to_existing_role_groups(apps, THIS_DATABASE)
    migration.grant_to_existing_role_groups(apps, THIS_DATABASE)  # again

    holders = set()
    for role, group in groups.items():
        expected = {perm.split(".", 1)[1] for perm in SCHOOL_ROLE_PERMISSIONS[role]}
        assert set(get_perms(group, school)) == expected, role
        if "view_school_overview" in expected:
            holders.add(role)
    assert holders == {"headteacher", "attendance_lead"}
