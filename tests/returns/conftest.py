"""A small world for the returns tests: an LA with two schools, another LA with
one, staff in every role that matters, and a November register.

The school days are the weekdays of November 2026 up to Friday 27th (twenty),
and "today" is Monday 30 November 2026. Each pupil gets a full register of
present marks, with their own codes on the days a test asks for.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from attendance.models import RegisterMark
from returns.models import RollChange
from schools.enums import LocalAuthorityRole, SchoolRole
from schools.models import LocalAuthority, Pupil, School
from schools.services import membership_add
from tests.factories import (
    LocalAuthorityFactory,
    PupilFactory,
    SchoolFactory,
    UserFactory,
)
from tests.shared_world import shared_world

TODAY = date(2026, 11, 30)
SCHOOL_DAYS = [
    date(2026, 11, 2) + timedelta(days=n)
    for n in range(26)
    if (date(2026, 11, 2) + timedelta(days=n)).weekday() < 5
]
assert len(SCHOOL_DAYS) == 20


def register(pupil: Pupil, codes: dict | None = None, days=SCHOOL_DAYS) -> None:
    """The pupil's marks on ``days``: present, unless ``codes`` says otherwise
    (a day to one code for both sessions, or to an {"AM": .., "PM": ..})."""
    codes = codes or {}
    rows = []
    for day in days:
        wanted = codes.get(day, "/")
        am, pm = (
            (wanted["AM"], wanted["PM"])
            if isinstance(wanted, dict)
            else (wanted, "\\" if wanted == "/" else wanted)
        )
        rows += [
            RegisterMark(
                pupil=pupil, school_id=pupil.school_id, date=day, session="AM", code=am
            ),
            RegisterMark(
                pupil=pupil, school_id=pupil.school_id, date=day, session="PM", code=pm
            ),
        ]
    RegisterMark.objects.bulk_create(rows)


@dataclass
class World:
    la: LocalAuthority
    other_la: LocalAuthority
    school: School
    sibling: School
    far: School
    users: dict = field(default_factory=dict)

    def pupil(self, codes: dict | None = None, school: School | None = None, **kw):
        """A pupil on roll with a November register; no roll change left over."""
        pupil = PupilFactory(school=school or self.school, **kw)
        RollChange.objects.filter(pupil=pupil).delete()
        register(pupil, codes)
        return pupil


ROLES = {
    # name: (organisation attribute, role)
    "officer": ("school", SchoolRole.ATTENDANCE_OFFICER),
    "lead": ("school", SchoolRole.ATTENDANCE_LEAD),
    "pastoral": ("school", SchoolRole.PASTORAL_STAFF),
    "head": ("school", SchoolRole.HEADTEACHER),
    "dsl": ("school", SchoolRole.DSL),
    "sibling_officer": ("sibling", SchoolRole.ATTENDANCE_OFFICER),
    "far_officer": ("far", SchoolRole.ATTENDANCE_OFFICER),
    "la_lead": ("la", LocalAuthorityRole.LEAD_PRACTITIONER),
    "la_legal": ("la", LocalAuthorityRole.LEGAL_OFFICER),
    "other_la_lead": ("other_la", LocalAuthorityRole.LEAD_PRACTITIONER),
}


def build_returns_world() -> World:
    la = LocalAuthorityFactory(name="Returnshire")
    other_la = LocalAuthorityFactory(name="Elsewhere Borough")
    w = World(
        la=la,
        other_la=other_la,
        school=SchoolFactory(name="Returns Academy", local_authority=la),
        sibling=SchoolFactory(name="Sibling School", local_authority=la),
        far=SchoolFactory(name="Far School", local_authority=other_la),
    )
    for name, (where, role) in ROLES.items():
        user = UserFactory(username=f"returns-{name}", first_name=name.title())
        membership_add(user=user, organisation=getattr(w, where), role=role)
        w.users[name] = user
    w.users["nobody"] = UserFactory(username="returns-nobody")
    return w


world = shared_world(build_returns_world)


@pytest.fixture
def frozen():
    with time_machine.travel(datetime(2026, 11, 30, 10, 0, tzinfo=UTC), tick=False):
        yield
