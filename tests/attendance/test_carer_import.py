"""Importing pupils' parents and carers: one person per MIS contact id, each
pupil's links exactly the file's, idempotent, and every bad row named."""

import pytest
from django.core.management import call_command

from attendance.carer_import import carers_import
from attendance.models import ImportKind, ImportRun
from schools.models import CarerRelationship, ParentCarer
from tests.attendance.conftest import OFFICER, csv_file
from tests.factories import CarerRelationshipFactory, ParentCarerFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

HEADER = (
    "upn,contact_id,forename,surname,relationship,mobile_phone,"
    "may_contact,contact_restriction,priority"
)


@pytest.fixture
def run_import(school):
    def run(*lines, skip_invalid=False):
        return carers_import(
            csv_file(HEADER, *lines),
            school=school,
            file_name="contacts.csv",
            imported_by=OFFICER,
            skip_invalid=skip_invalid,
        )

    return run


def test_siblings_share_one_person_and_a_second_import_changes_nothing(
    pupils, run_import
):
    lines = (
        f"{pupils[0].upn},C1,Ana,Silva,Mother,07700 900001,yes,,1",
        f"{pupils[1].upn},C1,Ana,Silva,mother,07700 900001,yes,,1",
        f"{pupils[0].upn},C2,Rui,Silva,father,,no,Court order: no contact,2",
    )
    first = run_import(*lines)
    assert first.imported, first.errors
    assert ParentCarer.objects.filter(surname="Silva").count() == 2
    ana = ParentCarer.objects.get(forename="Ana")
    assert set(ana.relationships.values_list("pupil", flat=True)) == {
        pupils[0].pk,
        pupils[1].pk,
    }
    rui = CarerRelationship.objects.get(parent_carer__forename="Rui")
    assert (rui.may_contact, rui.contact_restriction, rui.contact_priority) == (
        False,
        "Court order: no contact",
        2,
    )
    assert first.created == 5  # two people, three links

    again = run_import(*lines)
    assert again.imported
    assert (again.created, again.amended, again.unchanged) == (0, 0, 5)
    assert ImportRun.objects.filter(kind=ImportKind.CARERS).count() == 2


def test_the_file_is_each_pupils_whole_list_of_contacts(pupils, run_import):
    old = CarerRelationshipFactory(pupil=pupils[0], parent_carer=ParentCarerFactory())
    kept = CarerRelationshipFactory(pupil=pupils[2], parent_carer=ParentCarerFactory())
    report = run_import(f"{pupils[0].upn},C1,Ana,Silva,mother,,yes,,1")
    assert report.imported
    assert not CarerRelationship.objects.filter(pk=old.pk).exists()
    assert CarerRelationship.objects.filter(pk=kept.pk).exists()  # not in the file
    assert "no longer gives were removed" in " ".join(report.notes)


def test_a_changed_number_updates_the_person(pupils, run_import):
    run_import(f"{pupils[0].upn},C1,Ana,Silva,mother,07700 900001,yes,,1")
    report = run_import(f"{pupils[0].upn},C1,Ana,Silva,mother,07700 900999,yes,,1")
    assert report.amended == 1
    assert ParentCarer.objects.get(forename="Ana").mobile_phone == "07700 900999"


@pytest.mark.parametrize(
    ("row", "field", "reason"),
    [
        ("{upn},,Ana,Silva,mother,,yes,,1", "contact_id", "id for the contact"),
        ("{upn},C1,,Silva,mother,,yes,,1", "forename", "forename is missing"),
        ("{upn},C1,Ana,Silva,aunt by marriage,,yes,,1", "relationship", "one of"),
        ("{upn},C1,Ana,Silva,mother,call me,yes,,1", "mobile_phone", "digits"),
        ("{upn},C1,Ana,Silva,mother,,maybe,,1", "may_contact", "yes or no"),
        ("{upn},C1,Ana,Silva,mother,,yes,,0", "priority", "1 to 99"),
        ("A000000000000,C1,Ana,Silva,mother,,yes,,1", "upn", ""),
        ("H801200001001,C1,Ana,Silva,mother,,yes,,1", "upn", "on roll"),
    ],
)
def test_a_bad_row_is_named_and_refuses_the_file(
    pupils, run_import, row, field, reason
):
    report = run_import(
        f"{pupils[1].upn},C9,Bo,Lee,father,,yes,,1", row.format(upn=pupils[0].upn)
    )
    assert not report.imported
    (error,) = report.errors
    assert (error.line, error.field) == (3, field)
    assert reason in error.reason
    assert not ParentCarer.objects.filter(surname__in=["Silva", "Lee"]).exists()


def test_one_id_with_two_sets_of_details_is_refused(pupils, run_import):
    report = run_import(
        f"{pupils[0].upn},C1,Ana,Silva,mother,07700 900001,yes,,1",
        f"{pupils[1].upn},C1,Ana,Silva,mother,07700 900002,yes,,1",
    )
    (error,) = report.errors
    assert (error.line, error.field) == (3, "mobile_phone")
    assert "other details on line 2" in error.reason


def test_skip_invalid_imports_the_good_rows(pupils, run_import):
    report = run_import(
        f"{pupils[0].upn},C1,Ana,Silva,mother,,yes,,1",
        f"{pupils[1].upn},C2,,Lee,father,,yes,,1",
        skip_invalid=True,
    )
    assert report.imported
    assert report.rows_rejected == 1
    assert ParentCarer.objects.filter(forename="Ana").exists()


def test_the_command(school, pupils, tmp_path, capsys):
    path = tmp_path / "contacts.csv"
    path.write_text(f"{HEADER}\n{pupils[0].upn},C1,Ana,Silva,mother,,yes,,1\n")
    call_command("import_carers", str(path), "--school", school.urn)
    assert "1 rows read; 2 added" in capsys.readouterr().out
    assert ParentCarer.objects.get(forename="Ana").mis_reference == (f"{school.urn}:C1")
