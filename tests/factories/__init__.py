"""factory-boy factories for the tests."""

from datetime import date, timedelta

import factory
import factory.random
from django.contrib.auth import get_user_model

from schools.enums import Phase, Relationship, YearGroup
from schools.models import (
    CarerRelationship,
    Family,
    LocalAuthority,
    ParentCarer,
    Pupil,
    School,
)
from schools.upn import make_upn


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Test Authority {n}")
    code = factory.Sequence(lambda n: f"{800 + n % 199:03d}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"Test School {n}")
    urn = factory.Sequence(lambda n: f"{700000 + n:06d}")
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    phase = Phase.SECONDARY


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family

    reference = factory.Sequence(lambda n: f"F{n:06d}")


def born_in(year_group: int, today: date | None = None) -> date:
    """A date of birth in the school year of ``year_group`` this school year
    (Year 9 on 4 December 2026: 1 September 2012 to 31 August 2013), so a
    pupil's age matches their year group, and so their compulsory school age."""
    today = today or date.today()
    school_year = today.year if today.month >= 9 else today.year - 1
    first = date(school_year - year_group - 5, 9, 1)
    return first + timedelta(days=factory.random.randgen.randrange(365))


class PupilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pupil

    upn = factory.Sequence(lambda n: make_upn(f"999{n // 1000:04d}25{n % 1000:03d}"))
    legal_forename = factory.Sequence(lambda n: f"Forename{n}")
    legal_surname = factory.Sequence(lambda n: f"Surname{n}")
    date_of_birth = factory.LazyAttribute(lambda pupil: born_in(pupil.year_group))
    year_group = YearGroup.YEAR_9
    school = factory.SubFactory(SchoolFactory)


class ParentCarerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParentCarer

    forename = factory.Sequence(lambda n: f"Carer{n}")
    surname = "Example"
    mobile_phone = "07700 900123"
    email = factory.Sequence(lambda n: f"carer{n}@example.com")


class CarerRelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CarerRelationship

    pupil = factory.SubFactory(PupilFactory)
    parent_carer = factory.SubFactory(ParentCarerFactory)
    relationship = Relationship.MOTHER


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct-horse-battery-staple")
