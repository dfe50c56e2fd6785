"""A pupil's subject access export: who may ask, what it holds, how it is made
in the background, and who downloaded it."""

import json
import zipfile
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from cases.enums import Stage
from cases.models import Case
from letters.models import SentLetter
from meetings.models import Meeting
from plans.models import Plan
from schools.models import StaffMembership
from schools.services import membership_remove
from subject_access.enums import ExportStatus
from subject_access.models import SubjectAccessDownload, SubjectAccessExport
from subject_access.services import export_produce, export_request

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def case(db):
    """A Chaucer case with a plan, meetings and letters (the demo's)."""
    return (
        Case.objects.filter(school__urn="900001", stage=Stage.EARLY_HELP)
        .select_related("pupil")
        .order_by("pk")
        .first()
    )


def exports_url(pupil) -> str:
    return reverse("portal:subject_access:exports", args=[pupil.pk])


def produced(pupil, username="head.chaucer") -> SubjectAccessExport:
    user = get_user_model().objects.get(username=username)
    export = export_request(pupil=pupil, by=user, in_background=False)
    return export_produce(export_id=export.pk)


def opened(export) -> dict[str, bytes]:
    with export.archive.open("rb") as handle:
        archive = zipfile.ZipFile(BytesIO(handle.read()))
    return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("username", ["head.chaucer", "lead.chaucer"])
def test_the_head_and_the_attendance_lead_reach_the_page(client_as, case, username):
    client = client_as(username)
    assert client.get(exports_url(case.pupil)).status_code == 200
    page = client.get(reverse("portal:pupil_detail", args=[case.pupil.pk]))
    assert exports_url(case.pupil) in page.content.decode()


@pytest.mark.parametrize(
    "username",
    [
        "officer.chaucer",
        "pastoral.chaucer",
        "dsl.chaucer",
        "head.woolwich",
        "la.sheffield",
        "legal.sheffield",
        "editor",
    ],
)
def test_everyone_else_gets_404(client_as, case, username):
    export = produced(case.pupil)
    client = client_as(username)
    assert client.get(exports_url(case.pupil)).status_code == 404
    assert client.post(exports_url(case.pupil)).status_code == 404
    download = reverse(
        "portal:subject_access:download", args=[case.pupil.pk, export.pk]
    )
    assert client.get(download).status_code == 404
    assert not SubjectAccessDownload.objects.exists()


def test_the_export_holds_the_register_cases_plans_meetings_and_letters(case):
    pupil = case.pupil
    export = produced(pupil)
    assert export.status == ExportStatus.DONE
    files = opened(export)
    record = json.loads(files["records.json"])
    by_model = {s["model"]: s["records"] for s in record["sections"]}
    assert by_model["schools.pupil"][0]["upn"] == pupil.upn
    assert len(by_model["attendance.registermark"]) == pupil.register_marks.count()
    assert {row["id"] for row in by_model["cases.case"]} == set(
        Case.objects.filter(pupil=pupil).values_list("pk", flat=True)
    )
    assert len(by_model["plans.plan"]) == Plan.objects.filter(case__pupil=pupil).count()
    assert (
        len(by_model["meetings.meeting"])
        == Meeting.objects.filter(case__pupil=pupil).count()
    )
    letters = SentLetter.objects.filter(case__pupil=pupil)
    assert len(by_model["letters.sentletter"]) == letters.count()
    # Each letter's PDF, as it was sent.
    pdfs = [name for name in files if name.startswith("files/letters.sentletter/")]
    assert len(pdfs) == letters.exclude(pdf="").count() > 0
    assert all(files[name].startswith(b"%PDF") for name in pdfs)
    # The page to read says the same, and what was left out.
    page = files["index.html"].decode()
    assert pupil.legal_surname in page
    assert "Safeguarding-restricted records" in page
    # Nothing about other pupils: every register mark is this pupil's.
    assert {row["pupil"] for row in by_model["attendance.registermark"]} == {pupil.pk}
    assert export.record_count == sum(len(rows) for rows in by_model.values())
    # Who may see the case is not a record about the pupil.
    assert not any("objectpermission" in label for label in by_model)


def test_asking_queues_the_work_for_the_background_worker(
    client_as, case, django_capture_on_commit_callbacks
):
    client = client_as("lead.chaucer")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(exports_url(case.pupil))
    assert response.status_code == 302
    export = SubjectAccessExport.objects.get(pupil=case.pupil)
    assert export.status == ExportStatus.QUEUED
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == [export.pk]
    # A second request while one is in hand is refused with a message.
    again = client.post(exports_url(case.pupil), follow=True)
    assert "already being produced" in again.content.decode()
    assert SubjectAccessExport.objects.filter(pupil=case.pupil).count() == 1
    # The page polls while it waits.
    assert (
        'hx-trigger="every 2s"' in client.get(exports_url(case.pupil)).content.decode()
    )


def test_a_download_is_logged(client_as, case):
    export = produced(case.pupil)
    client = client_as("lead.chaucer")
    download = reverse(
        "portal:subject_access:download", args=[case.pupil.pk, export.pk]
    )
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert b"".join(response.streaming_content).startswith(b"PK")
    (logged,) = SubjectAccessDownload.objects.all()
    assert logged.by.username == "lead.chaucer"
    page = client.get(exports_url(case.pupil)).content.decode()
    assert "Priya Shah" in page  # who downloaded it


def test_an_export_asked_for_by_someone_who_has_since_left_fails(case):
    user = get_user_model().objects.get(username="lead.chaucer")
    export = export_request(pupil=case.pupil, by=user, in_background=False)
    membership_remove(membership=StaffMembership.objects.get(user=user))
    export = export_produce(export_id=export.pk)
    assert export.status == ExportStatus.FAILED
    assert "no longer holds a role" in export.error
    assert not export.archive
