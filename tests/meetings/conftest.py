"""Meetings tests build on the cases tests' small world (a copy for each test)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from schools.enums import Relationship
from tests.cases.conftest import build_world
from tests.factories import CarerRelationshipFactory, ParentCarerFactory
from tests.shared_world import shared_world

world = shared_world(build_world)


@pytest.fixture
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


class Family:
    """A pupil's parents who live apart, a step-parent at home, a grandparent
    with neither parental responsibility nor day-to-day care, and a father the
    school must not contact."""

    def __init__(self, pupil):
        self.mother = ParentCarerFactory(
            title="Ms",
            forename="Dana",
            surname="Okafor",
            address="12 Elm Road\nLondon\nSE18 1AA",
            email="dana@example.org",
        )
        self.father = ParentCarerFactory(
            title="Mr",
            forename="Tunde",
            surname="Okafor",
            address="Flat 3, 40 Hill Street\nLondon\nSE7 2BB",
            email="",
        )
        self.step_parent = ParentCarerFactory(forename="Sam", surname="Reid")
        self.grandparent = ParentCarerFactory(forename="Ada", surname="Okafor")
        self.barred = ParentCarerFactory(forename="Lee", surname="Smith")
        CarerRelationshipFactory(
            pupil=pupil,
            parent_carer=self.mother,
            relationship=Relationship.MOTHER,
            has_parental_responsibility=True,
            has_day_to_day_care=True,
            contact_priority=1,
        )
        CarerRelationshipFactory(
            pupil=pupil,
            parent_carer=self.father,
            relationship=Relationship.FATHER,
            has_parental_responsibility=True,
            has_day_to_day_care=False,
            contact_priority=2,
        )
        CarerRelationshipFactory(
            pupil=pupil,
            parent_carer=self.step_parent,
            relationship=Relationship.STEP_PARENT,
            has_parental_responsibility=False,
            has_day_to_day_care=True,
            contact_priority=3,
        )
        CarerRelationshipFactory(
            pupil=pupil,
            parent_carer=self.grandparent,
            relationship=Relationship.GRANDPARENT,
            has_parental_responsibility=False,
            has_day_to_day_care=False,
            contact_priority=4,
        )
        CarerRelationshipFactory(
            pupil=pupil,
            parent_carer=self.barred,
            relationship=Relationship.FATHER,
            has_parental_responsibility=True,
            has_day_to_day_care=False,
            may_contact=False,
            contact_restriction="Court order",
            contact_priority=5,
        )

    @property
    def parents(self):
        return [self.mother, self.father]


@pytest.fixture
def family_case(world):
    """An open, shared case whose pupil has the ``Family`` above."""
    case = world.case_at("concern")
    return case, Family(case.pupil)


def soon(days: int = 3, hour: int = 9):
    day = timezone.localtime() + timedelta(days=days)
    return day.replace(hour=hour, minute=30, second=0, microsecond=0)


def past(days: int = 2, hour: int = 9):
    return soon(-days, hour)
