"""Sharing a case with the LA: who sees it, when, and what cannot be shared."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from guardian.shortcuts import assign_perm

from cases import services
from cases.enums import EventKind, Stage
from cases.models import CaseEvent, CaseUserObjectPermission
from cases.selectors import visible_cases

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _sees(world, key, case) -> bool:
    return visible_cases(world.users[key]).filter(pk=case.pk).exists()


def test_la_staff_see_a_case_only_while_it_is_shared_with_their_team(world, client):
    case = world.open_case()
    url = reverse("portal:cases:detail", kwargs={"pk": case.pk})
    client.force_login(world.users["la"])
    assert client.get(url).status_code == 404
    world.share(case)
    assert client.get(url).status_code == 200
    assert _sees(world, "legal", case)
    services.case_unshare(case=case, by=world.users["lead"], with_la_team=True)
    assert client.get(url).status_code == 404
    assert not _sees(world, "legal", case)
    assert list(
        CaseEvent.objects.filter(
            case=case, kind__in=[EventKind.SHARED, EventKind.UNSHARED]
        )
        .order_by("pk")
        .values_list("kind", "recorded_by__username")
    ) == [(EventKind.SHARED, "t.lead"), (EventKind.UNSHARED, "t.lead")]


def test_share_with_one_practitioner_leaves_their_colleague_out(world):
    case = world.open_case()
    services.case_share(
        case=case, by=world.users["dsl"], practitioner=world.users["la"]
    )
    assert _sees(world, "la", case)
    assert not _sees(world, "legal", case)


def test_la_caseload_spans_the_las_schools_but_only_shared_cases(world, client):
    shared_here = world.open_case()
    world.share(shared_here)
    sibling_pupil = world.pupil(world.sibling_school)
    from schools.services import membership_add

    membership_add(
        user=world.users["sibling_lead"],
        organisation=world.sibling_school,
        role="attendance_officer",
    )
    shared_there = world.open_case(pupil=sibling_pupil, by="sibling_lead")
    services.case_share(
        case=shared_there, by=world.users["sibling_lead"], with_la_team=True
    )
    world.open_case()  # not shared
    assert set(visible_cases(world.users["la"])) == {shared_here, shared_there}
    client.force_login(world.users["la"])
    page = client.get(reverse("portal:cases:caseload")).content.decode()
    assert shared_here.pupil.legal_surname in page
    assert shared_there.pupil.legal_surname in page


def test_a_grant_to_another_las_user_still_shows_nothing(world):
    case = world.open_case()
    # Even a grant made outside the services (a bug, a shell) does not cross LAs.
    assign_perm("cases.view_case", world.users["other_la"], case)
    assert not _sees(world, "other_la", case)


def test_sharing_with_another_las_practitioner_is_refused_and_writes_nothing(world):
    case = world.open_case()
    events = CaseEvent.objects.filter(case=case).count()
    with pytest.raises(ValidationError) as error:
        services.case_share(
            case=case, by=world.users["lead"], practitioner=world.users["other_la"]
        )
    assert error.value.message_dict == {
        "practitioner": [f"Other La is not at {world.la.name}."]
    }
    assert not CaseUserObjectPermission.objects.filter(content_object=case).exists()
    assert CaseEvent.objects.filter(case=case).count() == events


@pytest.mark.parametrize("role", ["officer", "pastoral", "head", "la"])
def test_only_the_attendance_lead_or_dsl_share(world, role):
    case = world.open_case()
    if role == "la":
        services.case_share(
            case=case, by=world.users["lead"], practitioner=world.users["la"]
        )
    with pytest.raises(PermissionDenied):
        services.case_share(case=case, by=world.users[role], with_la_team=True)


def test_la_practitioner_may_lead_a_shared_case(world):
    case = world.open_case()
    world.share(case)
    case = services.case_assign(
        case=case,
        by=world.users["lead"],
        lead_practitioner=world.users["la"],
        co_workers=[world.users["legal"]],
    )
    case.refresh_from_db()
    assert case.lead_practitioner == world.users["la"]


def test_unsharing_refused_while_the_la_practitioner_leads(world):
    case = world.open_case()
    world.share(case)
    services.case_assign(
        case=case,
        by=world.users["lead"],
        lead_practitioner=world.users["la"],
        co_workers=[],
    )
    with pytest.raises(ValidationError):
        services.case_unshare(case=case, by=world.users["lead"], with_la_team=True)
    assert _sees(world, "la", case)


def test_lead_from_another_la_or_unshared_la_is_refused(world):
    case = world.open_case()
    for key in ("la", "other_la", "sibling_lead"):
        with pytest.raises(ValidationError) as error:
            services.case_assign(
                case=case,
                by=world.users["lead"],
                lead_practitioner=world.users[key],
                co_workers=[],
            )
        assert list(error.value.message_dict) == ["lead_practitioner"]
    case.refresh_from_db()
    assert case.lead_practitioner is None


def test_la_keeps_a_case_under_legal_action(world):
    case = world.case_at(Stage.ESO)
    with pytest.raises(ValidationError):
        services.case_unshare(case=case, by=world.users["lead"], with_la_team=True)
    assert _sees(world, "legal", case)


def test_sharing_twice_is_refused_and_writes_one_event(world):
    case = world.open_case()
    world.share(case)
    services.case_share(
        case=case, by=world.users["lead"], practitioner=world.users["la"]
    )
    with pytest.raises(ValidationError):
        world.share(case)
    with pytest.raises(ValidationError):
        services.case_share(
            case=case, by=world.users["lead"], practitioner=world.users["la"]
        )
    assert CaseEvent.objects.filter(case=case, kind=EventKind.SHARED).count() == 2


def test_pupil_page_links_a_case_for_la_staff_only_once_shared(world, client):
    case = world.open_case()
    pupil_url = reverse("portal:pupil_detail", kwargs={"pk": case.pupil_id})
    client.force_login(world.users["la"])
    assert case.get_absolute_url() not in client.get(pupil_url).content.decode()
    world.share(case)
    assert case.get_absolute_url() in client.get(pupil_url).content.decode()
