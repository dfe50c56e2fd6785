"""Role groups made before the attendance permissions existed get them on migrate."""

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

migration = importlib.import_module("schools.migrations.0002_attendance_permissions")

# What RunPython passes (its schema editor), as far as the grant reads it.
THIS_DATABASE = SimpleNamespace(connection=connection)


def test_existing_role_groups_get_exactly_their_roles_new_permissions():
    school = School.objects.get(urn="900001")
    groups = {}
    for role in SCHOOL_ROLE_PERMISSIONS:
        group = role_group_ensure(organisation=school, role=role)
        for codename in ("view_attendance", "import_registers"):
            remove_perm(codename, group, school)
        groups[role] = group

    migration.grant_to_existing_role_groups(apps, THIS_DATABASE)
    migration.grant_to_existing_role_groups(apps, THIS_DATABASE)  # again

    for role, group in groups.items():
        expected = {perm.split(".", 1)[1] for perm in SCHOOL_ROLE_PERMISSIONS[role]}
        assert set(get_perms(group, school)) == expected, role
