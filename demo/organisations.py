"""The demo's local authorities and schools.

Chaucer School and Woolwich Polytechnic School for Boys, their local
authorities and contact details come from the two policies in the seeds. URNs
and establishment numbers are demo values, not the schools' real ones. Each LA
also has one clearly fictional primary school with no staff users, so that
families have siblings at different schools.
"""

from dataclasses import dataclass

from schools.enums import Phase, YearGroup
from schools.models import LocalAuthority, School


@dataclass(frozen=True)
class DemoSchool:
    key: str
    name: str
    urn: str
    establishment_number: str
    la_code: str
    phase: str
    address: str
    phone: str
    email: str
    year_groups: tuple[int, ...]
    boys_only: bool = False
    has_staff: bool = True


LOCAL_AUTHORITIES = (
    {
        "code": "373",
        "name": "Sheffield",
        "attendance_team_email": "sheffieldinclusion&attendance@sheffield.gov.uk",
        "attendance_team_phone": "",
    },
    {
        "code": "203",
        "name": "Royal Borough of Greenwich",
        "attendance_team_email": "",
        "attendance_team_phone": "",
    },
)

SECONDARY_YEARS = (
    YearGroup.YEAR_7,
    YearGroup.YEAR_8,
    YearGroup.YEAR_9,
    YearGroup.YEAR_10,
    YearGroup.YEAR_11,
)
PRIMARY_YEARS = (YearGroup.RECEPTION, *range(YearGroup.YEAR_1, YearGroup.YEAR_6 + 1))

SCHOOLS = (
    DemoSchool(
        key="chaucer",
        name="Chaucer School",
        urn="900001",
        establishment_number="4001",
        la_code="373",
        phase=Phase.SECONDARY,
        address="Sheffield",
        phone="0114 232 2338",
        email="enquiries@chaucer.sheffield.sch.uk",
        year_groups=SECONDARY_YEARS,
    ),
    DemoSchool(
        key="woolwich",
        name="Woolwich Polytechnic School for Boys",
        urn="900002",
        establishment_number="4002",
        la_code="203",
        phase=Phase.SECONDARY,
        address="Thamesmead, London",
        phone="",
        email="",
        year_groups=SECONDARY_YEARS,
        boys_only=True,
    ),
    DemoSchool(
        key="oakfield",
        name="Oakfield Primary School (fictional)",
        urn="900003",
        establishment_number="2001",
        la_code="373",
        phase=Phase.PRIMARY,
        address="Sheffield (a fictional demo school)",
        phone="",
        email="",
        year_groups=PRIMARY_YEARS,
        has_staff=False,
    ),
    DemoSchool(
        key="thames-reach",
        name="Thames Reach Primary School (fictional)",
        urn="900004",
        establishment_number="2002",
        la_code="203",
        phase=Phase.PRIMARY,
        address="Greenwich, London (a fictional demo school)",
        phone="",
        email="",
        year_groups=PRIMARY_YEARS,
        has_staff=False,
    ),
)


def organisations_ensure() -> dict[str, School]:
    """Create or update the demo LAs and schools; returns schools by key."""
    authorities = {}
    for fields in LOCAL_AUTHORITIES:
        authority, _ = LocalAuthority.objects.update_or_create(
            code=fields["code"], defaults=fields
        )
        authorities[authority.code] = authority
    schools = {}
    for demo in SCHOOLS:
        school, _ = School.objects.update_or_create(
            urn=demo.urn,
            defaults={
                "name": demo.name,
                "local_authority": authorities[demo.la_code],
                "phase": demo.phase,
                "address": demo.address,
                "phone": demo.phone,
                "email": demo.email,
            },
        )
        schools[demo.key] = school
    return schools
