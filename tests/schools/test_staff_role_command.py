"""Giving and taking away roles from the command line."""

import pytest
from django.core.management import CommandError, call_command

from schools.models import Pupil
from schools.permissions import visible_pupils
from tests.factories import UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_staff_role_add_then_remove_changes_what_the_user_sees():
    user = UserFactory(username="new.tutor")
    call_command("staff_role", "add", "new.tutor", "pastoral_staff", school="900001")
    assert set(visible_pupils(user)) == set(Pupil.objects.filter(school__urn="900001"))

    call_command("staff_role", "remove", "new.tutor", "pastoral_staff", school="900001")
    assert visible_pupils(user).count() == 0


def test_staff_role_la_role_in_an_la():
    user = UserFactory(username="new.la")
    call_command("staff_role", "add", "new.la", "la_legal_officer", la="203")
    schools = set(visible_pupils(user).values_list("school__urn", flat=True))
    assert schools == {"900002", "900004"}


@pytest.mark.parametrize(
    ("args", "options", "message"),
    [
        (["add", "nobody", "dsl"], {"school": "900001"}, "No user is called 'nobody'."),
        (
            ["add", "officer.chaucer", "dsl"],
            {"school": "123456"},
            "No school has the URN",
        ),
        (["add", "officer.chaucer", "dsl"], {"la": "373"}, "'dsl' is not a role in a"),
        (["remove", "officer.chaucer", "dsl"], {"school": "900001"}, "does not hold"),
    ],
)
def test_staff_role_bad_input_is_a_clear_error(args, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("staff_role", *args, **options)
