"""Generated demo pupils, families and parents/carers, with valid UPNs.

Every name, address, phone number and email is invented: phone numbers are in
Ofcom's ranges reserved for drama, emails use example domains.
"""

import random
from dataclasses import dataclass, field
from datetime import date

from demo import names
from demo.organisations import SCHOOLS, DemoSchool
from schools.enums import Relationship, SenStatus
from schools.models import CarerRelationship, Family, ParentCarer, Pupil, School
from schools.upn import make_upn

HOME_PHONE_PREFIX = {"373": "0114 496 0", "203": "020 7946 0"}
TOWN = {"373": "Sheffield", "203": "London"}


def academic_year_start(today: date) -> int:
    """The calendar year in which the current academic year began (1 August)."""
    return today.year if today.month >= 8 else today.year - 1


def birth_date_for(year_group: int, *, year_start: int, rng: random.Random) -> date:
    """A date of birth that puts a child in ``year_group`` this academic year.

    A child is in Reception in the academic year in which they turn five, so
    on 31 August before that year they are aged ``year_group + 4``.
    """
    start = date(year_start - 5 - year_group, 9, 1)
    return date.fromordinal(start.toordinal() + rng.randrange(365))


@dataclass
class _Plan:
    """Everything for one LA, built in memory and then written in bulk."""

    families: list[Family] = field(default_factory=list)
    pupils: list[tuple[Pupil, Family]] = field(default_factory=list)
    carers: list[tuple[ParentCarer, Family, dict]] = field(default_factory=list)


class _UpnIssuer:
    def __init__(self) -> None:
        self.serials: dict[tuple[str, str], int] = {}

    def issue(self, demo: DemoSchool, allocation_year: int) -> str:
        year = f"{allocation_year % 100:02d}"
        key = (demo.establishment_number, year)
        serial = self.serials.get(key, 0) + 1
        self.serials[key] = serial
        return make_upn(f"{demo.la_code}{demo.establishment_number}{year}{serial:03d}")


def _child(
    rng: random.Random,
    *,
    demo: DemoSchool,
    school: School,
    surname: str,
    year_group: int,
    year_start: int,
    upns: _UpnIssuer,
    boy: bool | None = None,
) -> Pupil:
    boy = rng.random() < 0.5 if boy is None else boy
    forename = rng.choice(names.BOYS if boy else names.GIRLS)
    dob = birth_date_for(year_group, year_start=year_start, rng=rng)
    looked_after = rng.random() < 0.01
    preferred = (
        rng.choice(names.BOYS if boy else names.GIRLS) if rng.random() < 0.04 else ""
    )
    return Pupil(
        upn=upns.issue(demo, allocation_year=year_start - year_group),
        legal_forename=forename,
        legal_surname=surname,
        preferred_forename=preferred if preferred != forename else "",
        date_of_birth=dob,
        year_group=year_group,
        school=school,
        sen_status=rng.choices(
            [SenStatus.NONE, SenStatus.SEN_SUPPORT, SenStatus.EHC_PLAN],
            weights=[85, 12, 3],
        )[0],
        pupil_premium=rng.random() < 0.25,
        has_social_worker=looked_after or rng.random() < 0.04,
        looked_after=looked_after,
    )


def _carers_for(rng: random.Random, *, la_code: str, surname: str, looked_after: bool):
    town = TOWN[la_code]
    address = f"{rng.randint(1, 180)} {rng.choice(names.STREETS)}\n{town}"
    language = rng.choice(names.LANGUAGES)

    def person(forename: str, person_surname: str, relationship: str, **link) -> tuple:
        carer = ParentCarer(
            forename=forename,
            surname=person_surname,
            mobile_phone=f"07700 900{rng.randint(0, 999):03d}",
            home_phone=f"{HOME_PHONE_PREFIX[la_code]}{rng.randint(0, 999):03d}",
            email=f"{forename}.{person_surname}".lower().replace("'", "")
            + "@example.com",
            address=address,
            preferred_language=language,
        )
        return carer, {"relationship": relationship, **link}

    if looked_after:
        return [
            person(
                rng.choice(names.ADULT_WOMEN),
                rng.choice(names.SURNAMES),
                Relationship.FOSTER_CARER,
                has_parental_responsibility=False,
            )
        ]
    shape = rng.random()
    if shape < 0.6:
        return [
            person(rng.choice(names.ADULT_WOMEN), surname, Relationship.MOTHER),
            person(rng.choice(names.ADULT_MEN), surname, Relationship.FATHER),
        ]
    if shape < 0.85:
        return [person(rng.choice(names.ADULT_WOMEN), surname, Relationship.MOTHER)]
    if shape < 0.95:
        # A father living apart; for a few, a court order bars contact.
        barred = (
            {"may_contact": False, "contact_restriction": "Court order: no contact"}
            if shape < 0.87
            else {}
        )
        return [
            person(rng.choice(names.ADULT_WOMEN), surname, Relationship.MOTHER),
            person(
                rng.choice(names.ADULT_MEN),
                rng.choice(names.SURNAMES),
                Relationship.FATHER,
                has_day_to_day_care=False,
                **barred,
            ),
        ]
    return [
        person(
            rng.choice(names.ADULT_WOMEN),
            surname,
            Relationship.GRANDPARENT,
            has_parental_responsibility=False,
        )
    ]


def pupils_ensure(
    *,
    schools: dict[str, School],
    pupils_per_secondary: int,
    pupils_per_primary: int,
    today: date,
) -> int:
    """Generate each LA's pupils once; a school that already has pupils is left alone.

    Returns the number of pupils created.
    """
    created = 0
    year_start = academic_year_start(today)
    for secondary in (demo for demo in SCHOOLS if demo.has_staff):
        primary = next(
            demo
            for demo in SCHOOLS
            if demo.la_code == secondary.la_code and not demo.has_staff
        )
        if Pupil.objects.filter(
            school__in=[schools[secondary.key], schools[primary.key]]
        ).exists():
            continue
        plan = _plan_la(
            secondary=secondary,
            primary=primary,
            schools=schools,
            sizes=(pupils_per_secondary, pupils_per_primary),
            year_start=year_start,
        )
        created += _write(plan)
    return created


def _plan_la(*, secondary, primary, schools, sizes, year_start) -> _Plan:
    rng = random.Random(f"attendance-demo-{secondary.la_code}")  # noqa: S311  # nosec B311 # seeded demo data
    upns = _UpnIssuer()
    plan = _Plan()
    counts = {secondary.key: 0, primary.key: 0}
    targets = {secondary.key: sizes[0], primary.key: sizes[1]}

    def room(demo: DemoSchool) -> bool:
        return counts[demo.key] < targets[demo.key]

    def add_family(children_at: list[DemoSchool]) -> None:
        surname = rng.choice(names.SURNAMES)
        family = Family(reference=f"{secondary.la_code}-{len(plan.families) + 1:05d}")
        plan.families.append(family)
        looked_after = False
        for demo in children_at:
            year_group = rng.choice(demo.year_groups)
            child = _child(
                rng,
                demo=demo,
                school=schools[demo.key],
                surname=surname,
                year_group=year_group,
                year_start=year_start,
                upns=upns,
                boy=True if demo.boys_only else None,
            )
            looked_after = looked_after or child.looked_after
            plan.pupils.append((child, family))
            counts[demo.key] += 1
        for carer, link in _carers_for(
            rng, la_code=secondary.la_code, surname=surname, looked_after=looked_after
        ):
            plan.carers.append((carer, family, link))

    while room(secondary):
        children = [secondary]
        if rng.random() < 0.08 and counts[secondary.key] + 1 < targets[secondary.key]:
            children.append(secondary)
        if rng.random() < 0.3 and room(primary):
            children.append(primary)
        add_family(children)
    while room(primary):
        add_family([primary])
    return plan


def _write(plan: _Plan) -> int:
    Family.objects.bulk_create(plan.families)
    pupils = []
    for pupil, family in plan.pupils:
        pupil.family = family
        pupils.append(pupil)
    Pupil.objects.bulk_create(pupils)
    ParentCarer.objects.bulk_create([carer for carer, _, _ in plan.carers])
    children_by_family: dict[int, list[Pupil]] = {}
    for pupil in pupils:
        children_by_family.setdefault(pupil.family_id, []).append(pupil)
    relationships = []
    priority: dict[int, int] = {}
    for carer, family, link in plan.carers:
        for pupil in children_by_family[family.pk]:
            priority[pupil.pk] = priority.get(pupil.pk, 0) + 1
            relationships.append(
                CarerRelationship(
                    pupil=pupil,
                    parent_carer=carer,
                    contact_priority=priority[pupil.pk],
                    **link,
                )
            )
    CarerRelationship.objects.bulk_create(relationships)
    return len(pupils)
