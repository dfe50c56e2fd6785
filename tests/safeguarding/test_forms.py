"""Adding and changing restricted records: clear errors, nothing half-written, and
nothing that others' edits or error reports can touch."""

import sys

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.debug import ExceptionReporter

from cases.enums import EventKind, Stage
from cases.models import CaseEvent
from safeguarding.enums import SafeguardingEventKind
from safeguarding.models import AccessLogEntry, RestrictedItem, RestrictedNote
from safeguarding.views import note_add
from tests.safeguarding.conftest import add_link, add_note

pytestmark = pytest.mark.django_db


def test_a_dsl_adds_a_note_on_a_case_from_the_case_page(world, client):
    case = world.open_case()
    client.force_login(world.users["dsl"])
    url = reverse("portal:safeguarding:note_add", args=[case.pupil_id])
    form = client.get(url, {"case": case.pk})
    assert form.status_code == 200
    assert f'<option value="{case.pk}" selected>'.encode() in form.content
    response = client.post(
        url, {"category": "neglect", "text": "Hungry again today.", "case": case.pk}
    )
    note = RestrictedNote.objects.get(pupil=case.pupil)
    assert response.status_code == 302
    assert response["Location"] == note.get_absolute_url()
    assert (note.case, note.text, note.created_by) == (
        case,
        "Hungry again today.",
        world.users["dsl"],
    )
    event = CaseEvent.objects.get(
        case=case, kind=SafeguardingEventKind.RESTRICTED_ITEM_ADDED
    )
    assert event.restricted
    assert event.details["item"] == note.pk
    assert event.text == ""


def test_missing_fields_are_named_and_nothing_is_written(world, client):
    pupil = world.pupil()
    client.force_login(world.users["dsl"])
    before = (RestrictedItem.objects.count(), AccessLogEntry.objects.count())
    response = client.post(
        reverse("portal:safeguarding:note_add", args=[pupil.pk]), {"category": ""}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Category: This field is required." in page
    assert "Note: This field is required." in page
    response = client.post(
        reverse("portal:safeguarding:link_add", args=[pupil.pk]),
        {
            "system": "social_care",
            "plan_status": "cp",
            "plan_started_on": "2026-10-01",
            "plan_ended_on": "2026-09-01",
            "url": "not a web address",
        },
    )
    page = response.content.decode()
    assert "Give at least a reference, a web address or a social worker" in page
    assert "Enter a valid URL." in page
    assert (RestrictedItem.objects.count(), AccessLogEntry.objects.count()) == before


def test_a_case_of_another_pupil_is_refused(world, client):
    pupil = world.pupil()
    other_case = world.open_case()
    client.force_login(world.users["dsl"])
    response = client.post(
        reverse("portal:safeguarding:note_add", args=[pupil.pk]),
        {"category": "other", "text": "Words", "case": other_case.pk},
    )
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    assert not RestrictedItem.objects.filter(pupil=pupil).exists()


def test_link_plan_dates_must_agree(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        add_link(world).__class__(
            pupil=world.pupil(),
            created_by=world.users["dsl"],
            system="social_care",
            reference="X",
            plan_status="cin",
            plan_ended_on="2026-01-01",
        ).full_clean()
    assert "plan_ended_on" in error.value.message_dict


def test_case_work_by_people_who_cannot_read_them_leaves_records_alone(world, client):
    case = world.case_at(Stage.EARLY_HELP)
    note = add_note(world, case=case, text="Untouched words")
    link = add_link(world, case=case, reference="CP-1")
    stored = {
        item.pk: (item.detail.updated_at, item.case_id)
        for item in RestrictedItem.objects.filter(pk__in=[note.pk, link.pk])
    }
    world.meeting(case)
    world.step(case, "start_parenting_contract", "officer")
    client.force_login(world.users["lead"])
    action = reverse("portal:cases:action", args=[case.pk, "record"])
    client.post(action, {"kind": EventKind.NOTE, "text": "Phone call with mum."})
    world.step(case, "close", "lead", closure_reason="improved")
    note.refresh_from_db()
    link.refresh_from_db()
    assert note.text == "Untouched words"
    assert link.reference == "CP-1"
    assert {
        item.pk: (item.detail.updated_at, item.case_id)
        for item in RestrictedItem.objects.filter(pk__in=[note.pk, link.pk])
    } == stored


def test_error_reports_never_carry_restricted_text(world):
    pupil = world.pupil()
    request = RequestFactory().post(
        f"/portal/safeguarding/pupils/{pupil.pk}/notes/new/",
        {"category": "neglect", "text": "CANARY-error-report"},
    )
    request.user = world.users["dsl"]
    request.session = {}
    request.request_id = "test"
    request.client_ip = "127.0.0.1"
    request._dont_enforce_csrf_checks = True

    try:
        # Fail inside the view, with the text in its POST data and variables.
        from unittest import mock

        with mock.patch(
            "safeguarding.services.note_create", side_effect=RuntimeError("boom")
        ):
            note_add(request, pupil_pk=pupil.pk)
    except RuntimeError:
        report = ExceptionReporter(request, *sys.exc_info())
        text = report.get_traceback_text()
        html = report.get_traceback_html()
    else:
        pytest.fail("The view should have raised")
    assert "boom" in text
    assert "CANARY-error-report" not in text
    assert "CANARY-error-report" not in html
    assert not RestrictedItem.objects.filter(pupil=pupil).exists()


def test_the_models_string_never_holds_content(world):
    note = add_note(world, text="Words kept out of logs")
    assert "Words" not in str(note)
    assert "Words" not in repr(note)
