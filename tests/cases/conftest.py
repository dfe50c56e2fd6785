"""A small world for case tests: two LAs, three schools, a user per role.

Not the session demo, so counts and lists are exact. Built once for the tests
that ask for it in a row, each test getting its own copy and its changes rolled
back (tests/shared_world.py), as if it had built the world itself.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser

from cases import services
from cases.checklist import ITEMS, checklist_status, is_evidence_only
from cases.enums import EventKind, Stage
from cases.models import Case
from schools.enums import LocalAuthorityRole, SchoolRole
from schools.models import LocalAuthority, Pupil, School
from schools.services import membership_add
from tests.factories import (
    FamilyFactory,
    LocalAuthorityFactory,
    PupilFactory,
    SchoolFactory,
    UserFactory,
)
from tests.shared_world import shared_world

SCHOOL_ROLE_KEYS = {
    "officer": SchoolRole.ATTENDANCE_OFFICER,
    "pastoral": SchoolRole.PASTORAL_STAFF,
    "lead": SchoolRole.ATTENDANCE_LEAD,
    "dsl": SchoolRole.DSL,
    "head": SchoolRole.HEADTEACHER,
}
LA_ROLE_KEYS = {
    "la": LocalAuthorityRole.LEAD_PRACTITIONER,
    "legal": LocalAuthorityRole.LEGAL_OFFICER,
}


@dataclass
class World:
    la: LocalAuthority
    other_la: LocalAuthority
    school: School
    sibling_school: School  # another school in the same LA
    far_school: School  # a school in the other LA
    users: dict[str, AbstractBaseUser] = field(default_factory=dict)

    def pupil(self, school: School | None = None) -> Pupil:
        return PupilFactory(school=school or self.school)

    def open_case(self, pupil: Pupil | None = None, by: str = "officer") -> Case:
        return services.case_open(
            pupil=pupil or self.pupil(), by=self.users[by], reason="Attendance 86 %."
        )

    def record(self, case: Case, kind: str, by: str = "officer", **kw) -> None:
        services.case_record(
            case=case, by=self.users[by], kind=kind, text=kw.pop("text", "Noted."), **kw
        )

    def meeting(self, case: Case) -> None:
        from datetime import date

        self.record(case, EventKind.PARENT_MEETING, held_on=date(2026, 11, 2))

    def share(self, case: Case) -> None:
        services.case_share(case=case, by=self.users["lead"], with_la_team=True)

    def step(self, case: Case, name: str, by: str, **kw) -> Case:
        case.refresh_from_db()
        return services.case_transition(
            case=case,
            name=name,
            by=self.users[by],
            expected_stage=case.stage,
            **kw,
        )

    def tick_all(self, case: Case) -> None:
        """Meet every checklist item: a family record with no siblings at
        other schools for the siblings item (met only from the records), a
        tick for each other item not met."""
        if case.pupil.family_id is None:
            case.pupil.family = FamilyFactory()
            case.pupil.save(update_fields=["family"])
        met = {s.item.key for s in checklist_status(case) if s.met}
        for item in ITEMS:
            if item.key not in met and not is_evidence_only(item.key):
                services.checklist_tick(
                    case=case, item=item.key, by=self.users["officer"], note="On file."
                )

    def case_at(self, stage: str, *, shared: bool = True) -> Case:
        """A case at ``stage`` with every fact the next steps need recorded."""
        case = self.open_case()
        if shared:
            self.share(case)
        if stage == Stage.CONCERN:
            return case
        services.case_assign(
            case=case,
            by=self.users["lead"],
            lead_practitioner=self.users["pastoral"],
            co_workers=[],
        )
        self.meeting(case)
        self.record(case, EventKind.FAMILY_AGREEMENT)
        case = self.step(case, "start_early_help", "pastoral")
        if stage == Stage.EARLY_HELP:
            return case
        if stage == Stage.CLOSED:
            return self.step(case, "close", "lead", closure_reason="improved")
        case = self.step(case, "start_parenting_contract", "officer")
        if stage == Stage.PARENTING_CONTRACT:
            return case
        self.record(case, EventKind.VOLUNTARY_SUPPORT_EXHAUSTED, by="lead")
        self.tick_all(case)
        case = self.step(case, "apply_for_eso", "legal", reason="Grounds.")
        if stage == Stage.ESO:
            return case
        return self.step(case, "refer_for_prosecution", "legal", reason="Grounds.")


def _user(key: str, name: str) -> AbstractBaseUser:
    first, _, last = name.partition(" ")
    return UserFactory(username=key, first_name=first, last_name=last)


def build_world() -> World:
    la = LocalAuthorityFactory()
    other_la = LocalAuthorityFactory()
    w = World(
        la=la,
        other_la=other_la,
        school=SchoolFactory(local_authority=la),
        sibling_school=SchoolFactory(local_authority=la),
        far_school=SchoolFactory(local_authority=other_la),
    )
    for key, role in SCHOOL_ROLE_KEYS.items():
        user = _user(f"t.{key}", f"Test {key.title()}")
        membership_add(user=user, organisation=w.school, role=role)
        w.users[key] = user
    for key, role in LA_ROLE_KEYS.items():
        user = _user(f"t.{key}", f"Test {key.title()}")
        membership_add(user=user, organisation=la, role=role)
        w.users[key] = user
        other = _user(f"t.other_{key}", f"Other {key.title()}")
        membership_add(user=other, organisation=other_la, role=role)
        w.users[f"other_{key}"] = other
    sibling_lead = _user("t.sibling_lead", "Sibling Lead")
    membership_add(
        user=sibling_lead,
        organisation=w.sibling_school,
        role=SchoolRole.ATTENDANCE_LEAD,
    )
    w.users["sibling_lead"] = sibling_lead
    w.users["superuser"] = UserFactory(
        username="t.superuser", is_superuser=True, is_staff=True
    )
    w.users["nobody"] = UserFactory(username="t.nobody")
    return w


world = shared_world(build_world)
