"""The pupil import never tells a school whether a UPN is known elsewhere.

A UPN on roll at another school of the installation is a pupil joining from
it: a move, counted and worded exactly as a new pupil, that names no school.
Tried on the demo: a Woolwich pupil imported by Chaucer.
"""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from attendance.models import ImportKind
from safeguarding.models import ChildProtectionFileTransfer
from schools.models import Pupil, PupilMove, School
from schools.upn import make_upn

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

HEADER = "upn,forename,surname,date_of_birth,year_group,admission_date"


def upload(client, school: School, *rows: str, name="roll.csv"):
    body = "\n".join((HEADER, *rows)) + "\n"
    return client.post(
        reverse("portal:attendance:upload"),
        {
            "school": school.pk,
            "kind": ImportKind.PUPILS,
            "file": SimpleUploadedFile(name, body.encode(), "text/csv"),
        },
    )


def words(response) -> str:
    """What the page says, without the tokens that differ between requests."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    html = re.sub(r'nonce="[^"]+"', "", html)
    return re.sub(r"\s+", " ", html)


@pytest.fixture
def chaucer():
    return School.objects.get(urn="900001")


@pytest.fixture
def woolwich_pupil():
    return Pupil.objects.filter(school__urn="900002").order_by("upn").first()


UNKNOWN_UPN = make_upn("999888877001")


def test_the_page_is_the_same_whether_or_not_the_upn_is_known_elsewhere(
    client_as, chaucer, woolwich_pupil
):
    client = client_as("officer.chaucer")
    row = "{upn},Sam,Moved,2012-05-01,9,2026-11-30"
    new = words(upload(client, chaucer, row.format(upn=UNKNOWN_UPN)))
    moved = words(upload(client, chaucer, row.format(upn=woolwich_pupil.upn)))
    assert new == moved
    assert "1 added, 0 amended, 0 unchanged" in moved
    assert "Woolwich" not in moved
    assert "another school" not in moved


def test_a_refused_file_is_worded_the_same_whether_or_not_the_upn_is_known(
    client_as, chaucer, woolwich_pupil
):
    client = client_as("officer.chaucer")
    bad = "NOT-A-UPN,Ann,Other,2012-05-01,9,"
    row = "{upn},Sam,Moved,2012-05-01,9,"
    new = upload(client, chaucer, row.format(upn=UNKNOWN_UPN), bad)
    moved = upload(client, chaucer, row.format(upn=woolwich_pupil.upn), bad)
    assert new.status_code == moved.status_code == 422
    assert words(new) == words(moved)
    woolwich_pupil.refresh_from_db()
    assert woolwich_pupil.school.urn == "900002"  # nothing written
    assert not PupilMove.objects.exists()


def test_importing_a_woolwich_pupil_moves_them_and_opens_the_cp_file_transfer(
    client_as, chaucer, woolwich_pupil
):
    woolwich = woolwich_pupil.school
    client = client_as("officer.chaucer")
    upload(client, chaucer, f"{woolwich_pupil.upn},Sam,Moved,2012-05-01,9,2026-11-30")
    woolwich_pupil.refresh_from_db()
    assert woolwich_pupil.school == chaucer
    assert woolwich_pupil.legal_surname == "Moved"
    move = PupilMove.objects.get(pupil=woolwich_pupil)
    assert (move.from_school, move.to_school, str(move.joined_on)) == (
        woolwich,
        chaucer,
        "2026-11-30",
    )
    transfer = ChildProtectionFileTransfer.objects.get(move=move)
    for dsl in ("dsl.chaucer", "dsl.woolwich"):
        page = client_as(dsl).get(reverse("portal:safeguarding:overview"))
        assert transfer.get_absolute_url().encode() in page.content, dsl
    for other in ("officer.chaucer", "lead.woolwich", "la.greenwich", "la.sheffield"):
        response = client_as(other).get(transfer.get_absolute_url())
        assert response.status_code == 404, other
    # Woolwich sees the pupil as left; importing the same file again is a no-op.
    listing = client_as("officer.woolwich").get(reverse("portal:pupil_list"))
    assert woolwich_pupil.upn.encode() in listing.content
    again = upload(
        client_as("officer.chaucer"),
        chaucer,
        f"{woolwich_pupil.upn},Sam,Moved,2012-05-01,9,2026-11-30",
    )
    assert "0 added, 0 amended, 1 unchanged" in words(again)
    assert PupilMove.objects.filter(pupil=woolwich_pupil).count() == 1


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("30/11/2026", "The admission date must be written YYYY-MM-DD"),
        ("2026-02-30", "There is no such date."),
        ("2031-09-01", "The admission date must be within a year of today."),
    ],
)
def test_a_bad_admission_date_names_the_row_and_field(
    client_as, chaucer, value, reason
):
    response = upload(
        client_as("officer.chaucer"), chaucer, f"{UNKNOWN_UPN},A,B,2012-05-01,9,{value}"
    )
    assert response.status_code == 422
    page = words(response)
    assert reason in page
    assert "admission_date" in page
    assert not Pupil.objects.filter(upn=UNKNOWN_UPN).exists()


def test_the_import_command_moves_a_pupil_too(chaucer, woolwich_pupil):
    from attendance.pupil_import import pupils_import
    from attendance.register_import import ImportedBy

    stream = io.BytesIO(
        f"{HEADER}\n{woolwich_pupil.upn},Sam,Moved,2012-05-01,9,\n".encode()
    )
    report = pupils_import(
        stream,
        school=chaucer,
        file_name="roll.csv",
        imported_by=ImportedBy(name="Script", position="MIS export"),
    )
    assert (report.created, report.amended, report.errors) == (1, 0, [])
    assert PupilMove.objects.get(pupil=woolwich_pupil).recorded_by is None
