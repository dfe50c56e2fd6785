"""Meeting types: built-in defaults, renamed or added by the LA and then the
school; the most specific setting wins."""

import pytest
from django.db import IntegrityError

from meetings.models import MeetingTypeSetting
from meetings.selectors import types_for_school
from meetings.types import BUILT_IN_TYPES, MeetingType, resolve_types

pytestmark = pytest.mark.unit


class Setting:
    def __init__(
        self, key, name, *, active=True, inclusion=False, letters=("invitation",)
    ):
        self.key, self.name, self.active = key, name, active
        self.usual_lead, self.level, self.letters = "Someone", None, list(letters)
        self.invites_parents = not inclusion
        self.is_inclusion_meeting = inclusion


def names(types: list[MeetingType]) -> dict[str, str]:
    return {t.key: t.name for t in types}


def test_the_built_in_types_are_the_ladder_and_its_reviews():
    by_key = {t.key: t for t in BUILT_IN_TYPES}
    assert [by_key[k].level for k in ("initial_concerns", "sam", "sap")] == [1, 2, 3]
    assert by_key["sam"].letters == (
        "invitation",
        "did_not_attend",
        "targets_confirmation",
        "targets_met",
        "minutes",
    )
    assert {"early_help_review", "contract_review", "eso_review"} <= set(by_key)
    assert [t.key for t in BUILT_IN_TYPES if t.is_inclusion_meeting] == ["inclusion"]


@pytest.mark.parametrize(
    ("la", "school", "expected_sam", "source"),
    [
        ((), (), "School attendance meeting (SAM)", "built-in"),
        (
            (Setting("sam", "Attendance support meeting"),),
            (),
            "Attendance support meeting",
            "la",
        ),
        (
            (Setting("sam", "Attendance support meeting"),),
            (Setting("sam", "Family attendance meeting"),),
            "Family attendance meeting",
            "school",
        ),
        (
            (),
            (Setting("sam", "Family attendance meeting"),),
            "Family attendance meeting",
            "school",
        ),
    ],
)
def test_the_most_specific_setting_wins(la, school, expected_sam, source):
    types = {t.key: t for t in resolve_types(la_settings=la, school_settings=school)}
    assert types["sam"].name == expected_sam
    assert types["sam"].source == source


def test_a_school_adds_a_type_or_stops_offering_one():
    types = resolve_types(
        la_settings=[Setting("case_conference", "Attendance case conference")],
        school_settings=[Setting("sap", "Panel", active=False)],
    )
    keys = [t.key for t in types]
    assert "sap" not in keys
    assert keys[-1] == "case_conference"  # added types after the built-ins
    assert keys[: len(BUILT_IN_TYPES) - 1] == [
        t.key for t in BUILT_IN_TYPES if t.key != "sap"
    ]


@pytest.mark.django_db
def test_types_for_a_school_read_its_own_and_its_las_settings_only(world):
    MeetingTypeSetting.objects.create(
        local_authority=world.la, key="sam", name="LA meeting", usual_lead="x"
    )
    MeetingTypeSetting.objects.create(
        school=world.sibling_school, key="sam", name="Sibling's meeting", usual_lead="x"
    )
    MeetingTypeSetting.objects.create(
        local_authority=world.other_la, key="sap", name="Far panel", usual_lead="x"
    )
    mine = names(types_for_school(world.school))
    assert mine["sam"] == "LA meeting"
    assert mine["sap"] == "School attendance panel (SAP)"
    assert names(types_for_school(world.sibling_school))["sam"] == "Sibling's meeting"


@pytest.mark.django_db
def test_a_setting_belongs_to_a_school_or_an_la_not_both(world):
    with pytest.raises(IntegrityError):
        MeetingTypeSetting.objects.create(
            school=world.school,
            local_authority=world.la,
            key="x",
            name="x",
            usual_lead="x",
        )


@pytest.mark.parametrize(
    ("name", "in_a_sentence"),
    [
        ("Initial concerns meeting", "initial concerns meeting"),
        ("School attendance meeting (SAM)", "school attendance meeting (SAM)"),
        ("ESO review", "ESO review"),
        ("SAP", "SAP"),
    ],
)
def test_a_meeting_type_keeps_its_capitals_inside_a_letters_sentence(
    name, in_a_sentence
):
    from meetings.letters import _in_a_sentence

    assert _in_a_sentence(name) == in_a_sentence
