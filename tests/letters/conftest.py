"""Fixtures for the letters tests: the cases' small world, a pupil with two
parents at different addresses, and private storage in a temporary folder."""

from dataclasses import dataclass

import pytest

from schools.enums import Relationship
from tests.cases.conftest import World, build_world
from tests.factories import CarerRelationshipFactory, ParentCarerFactory
from tests.shared_world import shared_world


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture(autouse=True)
def _locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def build_letters_world() -> World:
    """The cases tests' world, its school with the address and contacts a
    letterhead shows."""
    world = build_world()
    world.school.name = "Hawthorn Park Academy"
    world.school.address = "1 Hawthorn Lane\nLeeds\nLS1 1AA"
    world.school.phone = "0113 496 0000"
    world.school.email = "office@hawthorn.example.org"
    world.school.save()
    return world


world = shared_world(build_letters_world)


@dataclass
class Family:
    case: object
    mother: object
    father: object


@pytest.fixture
def family(world) -> Family:
    pupil = world.pupil()
    pupil.legal_forename, pupil.legal_surname = "Jayden", "Okafor"
    pupil.save()
    mother = ParentCarerFactory(
        title="Ms",
        forename="Grace",
        surname="Okafor",
        address="14 Elm Street\nLeeds\nLS2 2BB",
        email="grace@example.com",
    )
    father = ParentCarerFactory(
        title="Mr",
        forename="Daniel",
        surname="Mensah",
        address="7 Birch Road\nBradford\nBD1 3CC",
        email="",
    )
    CarerRelationshipFactory(pupil=pupil, parent_carer=mother)
    CarerRelationshipFactory(
        pupil=pupil, parent_carer=father, relationship=Relationship.FATHER
    )
    case = world.open_case(pupil)
    return Family(case=case, mother=mother, father=father)
