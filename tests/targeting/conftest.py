"""Targeting tests build on the cases tests' small world (a copy for each test): the
school, a sibling school in the same LA and a far school in the other LA, with
a user per role. ``TODAY`` is the real date: the pages work out the term from
it, so the meetings here are arranged in the term it falls in."""

from datetime import timedelta

import pytest
from django.utils import timezone

from attendance.models import RegisterMark
from targeting import services
from targeting.models import TargetingAction, TargetingMeeting
from targeting.rules import previous_term, term_of
from tests.cases.conftest import World, build_world
from tests.factories import PupilFactory
from tests.shared_world import shared_world

TODAY = timezone.localdate()
TERM = term_of(TODAY)


world = shared_world(build_world)


def school_days(count: int, end=None) -> list:
    """The last ``count`` weekdays up to ``end`` (today), oldest first."""
    days, day = [], end or TODAY
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return sorted(days)


def give_register(pupil, absent_days: int, days: int = 20, code: str = "N") -> None:
    """``days`` school days of marks, the last ``absent_days`` of them absent
    (``code`` both sessions), the rest present."""
    marks = []
    for number, day in enumerate(school_days(days)):
        absent = number >= days - absent_days
        for session, present in (("AM", "/"), ("PM", "\\")):
            marks.append(
                RegisterMark(
                    pupil=pupil,
                    school_id=pupil.school_id,
                    date=day,
                    session=session,
                    code=code if absent else present,
                )
            )
    RegisterMark.objects.bulk_create(marks)


class Pupils:
    """Four pupils of the world's school over 20 school days: severely absent
    (12 days missed, unauthorised), persistently absent (4 days, 80 %),
    at risk (1 day, 95 %) and attending every day; and a severely absent pupil
    at the sibling school, who must never appear in this school's pack."""

    def __init__(self, world: World):
        self.severe = PupilFactory(
            school=world.school, legal_forename="Sev", legal_surname="Absent"
        )
        self.persistent = PupilFactory(
            school=world.school, legal_forename="Per", legal_surname="Sistent"
        )
        self.at_risk = PupilFactory(
            school=world.school, legal_forename="Ris", legal_surname="King"
        )
        self.fine = PupilFactory(
            school=world.school, legal_forename="All", legal_surname="Present"
        )
        self.elsewhere = PupilFactory(
            school=world.sibling_school, legal_forename="Other", legal_surname="School"
        )
        give_register(self.severe, 12)
        give_register(self.persistent, 4, code="I")
        give_register(self.at_risk, 1, code="I")
        give_register(self.fine, 0)
        give_register(self.elsewhere, 15)


@pytest.fixture
def pupils(world) -> Pupils:
    return Pupils(world)


def arrange(world: World, school=None, term=TERM, planned_for=None):
    return services.meeting_arrange(
        school=school or world.school,
        term=term,
        planned_for=planned_for or max(TODAY, term.first_day),
        by=world.users["la"],
        today=TODAY,
    )


def earlier_meeting(world: World, school=None, actions=("Breakfast club",)):
    """Last term's meeting, held, with open actions (made directly: the record
    itself is tested through the service)."""
    ref = previous_term(TERM)
    meeting = TargetingMeeting.objects.create(
        school=school or world.school,
        year_start=ref.year_start,
        term=ref.term,
        planned_for=ref.first_day + timedelta(days=30),
        held_on=ref.first_day + timedelta(days=30),
        attendees="Ann Lee, attendance lead, the school",
        created_by=world.users["la"],
        recorded_by=world.users["la"],
        recorded_at=timezone.now(),
    )
    for what in actions:
        TargetingAction.objects.create(
            meeting=meeting,
            what=what,
            owner="Ann Lee, the school",
            due_on=ref.last_day,
            updated_by=world.users["la"],
        )
    return meeting
