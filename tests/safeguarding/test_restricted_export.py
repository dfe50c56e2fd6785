"""A DSL exports a pupil's restricted records for a subject access request;
nobody else can, and every record's export is in the access log."""

import json
import zipfile
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from safeguarding import services
from safeguarding.enums import AccessAction, LinkedSystem, NoteCategory
from safeguarding.models import AccessLogEntry
from schools.models import Pupil

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def pupil_with_records(db):
    pupil = Pupil.objects.filter(school__urn="900001").order_by("pk").first()
    dsl = get_user_model().objects.get(username="dsl.chaucer")
    services.note_create(
        pupil=pupil, by=dsl, category=NoteCategory.NEGLECT, text="Seen by the nurse."
    )
    services.link_create(
        pupil=pupil, by=dsl, system=LinkedSystem.SOCIAL_CARE, reference="CS-42"
    )
    return pupil


def url(pupil) -> str:
    return reverse("portal:safeguarding:pupil_export", args=[pupil.pk])


def test_the_dsl_gets_every_restricted_record_and_the_export_is_logged(
    client_as, pupil_with_records
):
    pupil = pupil_with_records
    response = client_as("dsl.chaucer").post(url(pupil))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(BytesIO(response.content))
    record = json.loads(archive.read("restricted-records.json"))
    texts = {row.get("text") for row in record["records"]}
    references = {row.get("reference") for row in record["records"]}
    assert "Seen by the nurse." in texts
    assert "CS-42" in references
    assert b"Seen by the nurse." in archive.read("restricted-records.html")
    exported = AccessLogEntry.objects.filter(
        action=AccessAction.EXPORTED, item__pupil=pupil
    )
    assert exported.count() == len(record["records"]) >= 2
    assert set(exported.values_list("user__username", flat=True)) == {"dsl.chaucer"}


@pytest.mark.parametrize(
    "username",
    ["lead.chaucer", "head.chaucer", "officer.chaucer", "dsl.woolwich", "la.sheffield"],
)
def test_nobody_else_can(client_as, pupil_with_records, username):
    response = client_as(username).post(url(pupil_with_records))
    assert response.status_code == 404
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORTED).exists()


def test_it_takes_only_posts(client_as, pupil_with_records):
    assert client_as("dsl.chaucer").get(url(pupil_with_records)).status_code == 405
