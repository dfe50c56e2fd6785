"""Producing the bundle as its users do: asked for on the case page, queued on
django-tasks' database backend, produced by the worker (`db_worker`), its
progress polled, downloaded; each production and download in the chronology,
with the bundle's SHA-256 recorded on the case."""

import hashlib
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from cases.enums import Stage
from cases.models import CaseEvent
from legal import bundle_services
from legal.enums import BundleStatus, LegalEventKind
from legal.models import CourtBundle
from schools.models import StaffMembership
from schools.services import membership_remove
from tests.cases.conftest import build_world

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def shared(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    world = build_world()
    return world, world.case_at(Stage.PARENTING_CONTRACT)


def run_worker() -> None:
    call_command(
        "db_worker",
        "--batch",
        "--backend",
        "background",
        "--no-startup-delay",
        "--no-reload",
        stdout=StringIO(),
        stderr=StringIO(),
    )


def kinds(case) -> list[str]:
    return list(
        CaseEvent.objects.filter(case=case, kind__startswith="legal.bundle")
        .order_by("occurred_at", "pk")
        .values_list("kind", flat=True)
    )


# The worker closes its database connection between tasks, as a long-running
# process must; inside a test's transaction that would end the test's own.
@pytest.mark.django_db(transaction=True)
def test_the_worker_produces_the_bundle_asked_for_and_records_its_hash(
    shared, client, django_capture_on_commit_callbacks
):
    world, case = shared
    client.force_login(world.users["legal"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:legal:bundle_request", kwargs={"pk": case.pk}),
            HTTP_HX_REQUEST="true",
        )
    bundle = CourtBundle.objects.get(case=case)
    assert bundle.status == BundleStatus.QUEUED
    # The htmx answer is the bundle's line, asking again every two seconds.
    assert 'hx-trigger="every 2s"' in response.content.decode()
    run_worker()
    bundle.refresh_from_db()
    assert bundle.status == BundleStatus.DONE
    stored = bundle.pdf.read()
    assert hashlib.sha256(stored).hexdigest() == bundle.sha256
    assert bundle.page_count > 5
    produced = CaseEvent.objects.get(case=case, kind=LegalEventKind.BUNDLE_PRODUCED)
    assert bundle.sha256 in produced.text
    status = client.get(
        reverse(
            "portal:legal:bundle_status", kwargs={"pk": case.pk, "bundle_pk": bundle.pk}
        ),
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "hx-trigger" not in status  # finished: no more polling
    assert "Download the PDF" in status

    download = client.get(
        reverse(
            "portal:legal:bundle_pdf", kwargs={"pk": case.pk, "bundle_pk": bundle.pk}
        )
    )
    assert "no-store" in download["Cache-Control"].split(", ")
    assert download["Content-Disposition"].startswith(
        'attachment; filename="court-bundle'
    )
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == (
        bundle.sha256
    )
    assert kinds(case) == [
        LegalEventKind.BUNDLE_REQUESTED,
        LegalEventKind.BUNDLE_PRODUCED,
        LegalEventKind.BUNDLE_DOWNLOADED,
    ]


def test_one_bundle_of_a_case_is_produced_at_a_time(shared):
    world, case = shared
    bundle_services.bundle_request(case=case, by=world.users["legal"], draft=False)
    with pytest.raises(ValidationError, match="already being produced"):
        bundle_services.bundle_request(case=case, by=world.users["lead"], draft=True)
    assert CourtBundle.objects.filter(case=case).count() == 1


def test_a_requester_who_lost_the_role_gets_no_bundle(shared):
    world, case = shared
    bundle = bundle_services.bundle_request(
        case=case, by=world.users["lead"], draft=True
    )
    membership_remove(
        membership=StaffMembership.objects.get(
            user=world.users["lead"], role="attendance_lead"
        )
    )
    bundle = bundle_services.bundle_produce(bundle_id=bundle.pk)
    assert bundle.status == BundleStatus.FAILED
    assert "may no longer produce" in bundle.error
    assert not bundle.pdf
    assert kinds(case)[-1] == LegalEventKind.BUNDLE_FAILED


def test_the_command_records_its_bundle_like_the_portal(shared, tmp_path):
    world, case = shared
    output = tmp_path / "bundle.pdf"
    call_command(
        "court_bundle",
        str(case.pk),
        "--as",
        "t.legal",
        "--output",
        str(output),
        stdout=StringIO(),
    )
    bundle = CourtBundle.objects.get(case=case)
    assert hashlib.sha256(output.read_bytes()).hexdigest() == bundle.sha256
    assert kinds(case) == [
        LegalEventKind.BUNDLE_REQUESTED,
        LegalEventKind.BUNDLE_PRODUCED,
    ]
