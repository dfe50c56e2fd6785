"""Notices tests build on the cases tests' small world, on a fixed day, with a
pupil whose family and register a notice needs."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from attendance.models import RegisterMark
from cases.enums import Stage
from cases.models import Case
from schools.enums import Relationship
from schools.models import ParentCarer
from tests.cases.conftest import World, build_world
from tests.factories import CarerRelationshipFactory, ParentCarerFactory
from tests.shared_world import shared_world

# A Friday in the autumn term.
TODAY = date(2026, 11, 20)


def weekdays_before(day: date, count: int) -> list[date]:
    days = []
    while len(days) < count:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return sorted(days)


def register(case: Case, days: list[date], am: str = "O", pm: str = "O") -> None:
    RegisterMark.objects.bulk_create(
        RegisterMark(pupil=case.pupil, school=case.school, date=d, session=s, code=c)
        for d in days
        for s, c in (("AM", am), ("PM", pm))
    )


@dataclass
class NoticeWorld:
    world: World
    case: Case
    mother: ParentCarer  # parental responsibility and day-to-day care
    father: ParentCarer  # parental responsibility, lives elsewhere
    grandparent: ParentCarer  # neither: a notice cannot go to her

    @property
    def users(self):
        return self.world.users


NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield TODAY


def build_notice_world() -> NoticeWorld:
    """A shared case at the parenting-contract stage whose pupil has missed 12
    sessions without authorisation in the last 6 school days."""
    world = build_world()
    case = world.case_at(Stage.PARENTING_CONTRACT)
    pupil = case.pupil
    mother = ParentCarerFactory(title="Ms", forename="Dana", surname="Okafor")
    father = ParentCarerFactory(title="Mr", forename="Tunde", surname="Okafor")
    grandparent = ParentCarerFactory(forename="Ada", surname="Okafor")
    CarerRelationshipFactory(
        pupil=pupil,
        parent_carer=mother,
        relationship=Relationship.MOTHER,
        has_parental_responsibility=True,
        has_day_to_day_care=True,
    )
    CarerRelationshipFactory(
        pupil=pupil,
        parent_carer=father,
        relationship=Relationship.FATHER,
        has_parental_responsibility=True,
        has_day_to_day_care=False,
        contact_priority=2,
    )
    CarerRelationshipFactory(
        pupil=pupil,
        parent_carer=grandparent,
        relationship=Relationship.GRANDPARENT,
        has_parental_responsibility=False,
        has_day_to_day_care=False,
        contact_priority=3,
    )
    register(case, weekdays_before(TODAY, 6))
    return NoticeWorld(world, case, mother, father, grandparent)


# Built at the frozen moment, and every test using it runs at that moment.
notices = shared_world(
    build_notice_world, name="notices", frozen_at=NOW, fixtures=("frozen",)
)
