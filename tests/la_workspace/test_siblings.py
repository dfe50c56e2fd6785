"""Siblings across schools: who sees whom, and the checklist item they meet."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.checklist import checklist_status
from cases.services import checklist_tick
from la_workspace.selectors import siblings_for
from la_workspace.services import sibling_school_contact_record
from tests.cases.conftest import build_world
from tests.factories import FamilyFactory, PupilFactory
from tests.shared_world import shared_world

TODAY = date(2026, 12, 4)


def build_family_world():
    """A pupil at the school with a sibling at the school, one at another
    school of the LA, and one at a school of another LA."""
    w = build_world()
    family = FamilyFactory()
    w.pupil_ = PupilFactory(school=w.school, family=family, legal_forename="Ada")
    w.same = PupilFactory(school=w.school, family=family, legal_forename="Ben")
    w.across = PupilFactory(
        school=w.sibling_school, family=family, legal_forename="Cleo"
    )
    w.far = PupilFactory(school=w.far_school, family=family, legal_forename="Dan")
    return w


family_world = shared_world(build_family_world, name="family_world")


def names(siblings) -> list[str]:
    return [s.pupil.legal_forename if s.visible else "hidden" for s in siblings]


def test_school_staff_see_a_sibling_elsewhere_only_as_a_sibling_at_another_school(
    family_world,
):
    w = family_world
    seen = siblings_for(user=w.users["officer"], pupil=w.pupil_, as_of=TODAY)
    assert sorted(names(seen)) == ["Ben", "hidden"]


def test_la_staff_see_every_sibling_in_their_la_and_none_in_another(family_world):
    w = family_world
    seen = siblings_for(user=w.users["la"], pupil=w.pupil_, as_of=TODAY)
    assert sorted(names(seen)) == ["Ben", "Cleo"]
    across = next(s for s in seen if s.visible and s.pupil == w.across)
    assert (across.band, across.open_case) == ("No sessions yet this year", False)


def test_the_other_las_staff_see_no_sibling_of_a_pupil_they_cannot_see(family_world):
    w = family_world
    seen = siblings_for(user=w.users["other_la"], pupil=w.far, as_of=TODAY)
    # Dan's siblings are all at another LA's schools: none shown, none hinted.
    assert seen == []


def test_a_sibling_at_another_las_school_never_appears_on_the_pupil_page(
    family_world, client
):
    w = family_world
    client.force_login(w.users["officer"])
    page = client.get(reverse("portal:pupil_detail", args=[w.pupil_.pk])).content
    text = page.decode()
    assert "A sibling at another school" in text
    assert w.far.legal_surname not in text
    assert w.across.legal_surname not in text
    assert text.count("A sibling at another school") == 1


def test_the_siblings_item_is_met_by_recorded_contacts_not_by_a_tick(family_world):
    w = family_world
    case = w.open_case(w.pupil_)
    status = {s.item.key: s for s in checklist_status(case)}["siblings"]
    assert not status.met
    assert "0 of 1" in status.shortfall.summary
    with pytest.raises(ValidationError, match="met from the records"):
        checklist_tick(case=case, item="siblings", by=w.users["officer"], note="Done")
    # The school cannot see the sibling's school; the LA on the shared case can.
    w.share(case)
    with pytest.raises(ValidationError, match="None of the pupil's siblings"):
        sibling_school_contact_record(
            by=w.users["la"],
            case=case,
            school=w.far_school,
            contacted_on=TODAY,
            note="Rang.",
            today=TODAY,
        )
    sibling_school_contact_record(
        by=w.users["la"],
        case=case,
        school=w.sibling_school,
        contacted_on=TODAY,
        note="Spoke to their attendance lead.",
        today=TODAY,
    )
    case.refresh_from_db()
    status = {s.item.key: s for s in checklist_status(case)}["siblings"]
    assert status.met
    assert status.evidence.summary == "Siblings' school contacted (1)."


def test_a_pupil_with_no_family_record_does_not_meet_the_siblings_item(db):
    w = build_world()
    case = w.open_case(PupilFactory(school=w.school, family=None))
    status = {s.item.key: s for s in checklist_status(case)}["siblings"]
    assert not status.met
    assert status.shortfall.summary == "No family is recorded for the pupil."


def test_the_case_page_panel_hides_the_siblings_school_from_school_staff(
    family_world, client
):
    w = family_world
    case = w.open_case(w.pupil_)
    w.share(case)
    sibling_school_contact_record(
        by=w.users["la"],
        case=case,
        school=w.sibling_school,
        contacted_on=TODAY,
        note="Spoke to their attendance lead.",
        today=TODAY,
    )
    client.force_login(w.users["officer"])
    text = client.get(case.get_absolute_url()).content.decode()
    assert "A sibling at another school" in text
    assert w.sibling_school.name not in text
    assert "1 contact with a school you cannot see" in text
    client.force_login(w.users["la"])
    text = client.get(case.get_absolute_url()).content.decode()
    assert w.sibling_school.name in text
    assert "Spoke to their attendance lead." in text


def test_the_contact_form_refuses_a_school_with_no_sibling_and_names_the_field(
    family_world, client
):
    w = family_world
    case = w.open_case(w.pupil_)
    w.share(case)
    client.force_login(w.users["la"])
    url = reverse("portal:la_workspace:sibling_contact_add", args=[case.pk])
    response = client.post(
        url, {"school": w.far_school.pk, "contacted_on": "2026-12-01", "note": "x"}
    )
    assert response.status_code == 400
    assert "The sibling&#x27;s school" in response.content.decode()
    assert case.sibling_school_contacts.count() == 0


@pytest.mark.parametrize("who", ["other_la", "other_legal", "sibling_lead", "nobody"])
def test_recording_a_contact_on_a_case_they_cannot_see_is_a_404(
    family_world, client, who
):
    w = family_world
    case = w.open_case(w.pupil_)
    client.force_login(w.users[who])
    url = reverse("portal:la_workspace:sibling_contact_add", args=[case.pk])
    response = client.post(
        url,
        {"school": w.sibling_school.pk, "contacted_on": "2026-12-01", "note": "x"},
    )
    assert response.status_code == 404
