"""The demo loader: idempotent, realistic, and refusing to run on a real site."""

from collections import Counter
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from attendance.models import RegisterAmendment, RegisterMark
from demo.pupils import academic_year_start
from demo.registers import PROFILES, first_day_of_term, profile_for, school_days
from schools.models import CarerRelationship, Family, Pupil, StaffMembership
from schools.upn import validate_upn
from tests.conftest import DEMO_SIZES, load_small_demo

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def counts() -> dict[str, int]:
    return {
        "pupils": Pupil.objects.count(),
        "families": Family.objects.count(),
        "carers": CarerRelationship.objects.count(),
        "memberships": StaffMembership.objects.count(),
        "marks": RegisterMark.objects.count(),
        "amendments": RegisterAmendment.objects.count(),
    }


def test_load_demo_twice_changes_nothing():
    before = counts()
    load_small_demo()
    assert counts() == before


def test_demo_has_the_expected_pupils_with_valid_upns():
    per_school = Counter(Pupil.objects.values_list("school__name", flat=True))
    assert per_school == {
        "Chaucer School": DEMO_SIZES["pupils_per_school"],
        "Woolwich Polytechnic School for Boys": DEMO_SIZES["pupils_per_school"],
        "Oakfield Primary School (fictional)": DEMO_SIZES["pupils_per_primary"],
        "Thames Reach Primary School (fictional)": DEMO_SIZES["pupils_per_primary"],
    }
    for upn in Pupil.objects.values_list("upn", flat=True):
        validate_upn(upn)
    pupils_without_carers = Pupil.objects.filter(carer_relationships__isnull=True)
    assert pupils_without_carers.count() == 0


def test_demo_families_have_siblings_across_schools_in_one_la():
    cross_school = [
        family
        for family in Family.objects.prefetch_related("pupils__school")
        if len({pupil.school_id for pupil in family.pupils.all()}) > 1
    ]
    assert cross_school
    for family in cross_school:
        authorities = {pupil.school.local_authority_id for pupil in family.pupils.all()}
        assert len(authorities) == 1


def test_load_demo_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Use --force"):
        call_command("load_demo", **DEMO_SIZES)


def test_demo_pupils_are_the_right_age_for_their_year_group():
    year_start = academic_year_start(timezone.localdate())
    cutoff = date(year_start, 8, 31)
    for pupil in Pupil.objects.all():
        dob = pupil.date_of_birth
        age = (
            cutoff.year - dob.year - ((cutoff.month, cutoff.day) < (dob.month, dob.day))
        )
        assert age == pupil.year_group + 4, (pupil.upn, dob, pupil.year_group)


def test_every_demo_pupil_has_a_register_from_september_to_today():
    today = timezone.localdate()
    days = school_days(first_day_of_term(today), today)
    if not days:
        pytest.fail("the demo term calendar has no school days before today")
    sessions = Counter(RegisterMark.objects.values_list("pupil_id", flat=True))
    assert set(sessions) == set(Pupil.objects.values_list("pk", flat=True))
    assert set(sessions.values()) == {2 * len(days)}


def test_demo_registers_have_amendments_with_a_reason():
    amendments = list(RegisterAmendment.objects.select_related("mark"))
    assert amendments
    for amendment in amendments:
        assert (amendment.original_code, amendment.new_code) == ("N", "I")
        assert amendment.mark.code == "I"
        assert amendment.reason == "Parent phoned the next morning: the pupil was ill."


def test_demo_profiles_cover_every_kind_of_attender():
    upns = [f"A{n:012d}" for n in range(2000)]
    seen = Counter(profile_for(upn).name for upn in upns)
    assert set(seen) == {profile.name for profile in PROFILES}
    assert seen["good"] > seen["severe"]
