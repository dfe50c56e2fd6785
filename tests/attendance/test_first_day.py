"""The first-day response: contact attempts and one-mark amendments from the
unexplained-absence list and the register, and the amendments to enter in the
MIS until an import shows it agrees."""

import csv
import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from attendance.figures import figures_ensure
from attendance.measures import pupil_measures
from attendance.models import (
    AbsenceContact,
    AmendmentForMis,
    MisState,
    PupilFigures,
    RegisterAmendment,
    RegisterMark,
)
from attendance.register_import import ImportedBy
from attendance.services import absence_contact_record, mark_amend
from schools.models import CarerRelationship, Pupil
from tests.attendance.conftest import TODAY
from tests.factories import (
    CarerRelationshipFactory,
    ParentCarerFactory,
    PupilFactory,
    UserFactory,
)
from tests.register_day import on_the_last_register_day as last_register_day

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db,
    pytest.mark.usefixtures("on_the_last_register_day"),
]

LIST = reverse("portal:attendance:lists") + "?list=unexplained-today"


@pytest.fixture
def on_the_last_register_day(db):
    with last_register_day():
        yield


@pytest.fixture
def officer(db):
    return UserFactory(username="first.day.officer", first_name="Jo", last_name="Ray")


def amender(user, position="Attendance officer") -> ImportedBy:
    return ImportedBy(user=user, name=user.get_full_name(), position=position)


def header_and(*lines: str) -> tuple[str, ...]:
    return ("upn,date,session,code", *lines)


# --- the amendment itself ---------------------------------------------------


def test_an_amendment_without_a_position_is_refused_and_nothing_is_written(
    pupils, import_marks, officer
):
    import_marks(*header_and(f"{pupils[0].upn},{TODAY},AM,N"))
    mark = RegisterMark.objects.get(pupil=pupils[0])
    with pytest.raises(ValidationError) as refused:
        mark_amend(
            mark=mark,
            code="I",
            reason="Mother phoned: illness",
            amender=amender(officer, position="  "),
            today=TODAY,
        )
    assert "position" in refused.value.message_dict
    mark.refresh_from_db()
    assert mark.code == "N"
    assert not RegisterAmendment.objects.filter(mark=mark).exists()
    assert not AmendmentForMis.objects.exists()


@pytest.mark.parametrize(
    ("code", "reason", "field"),
    [
        ("I", "", "reason"),
        ("ZZ", "a reason", "code"),
        ("N", "a reason", "code"),  # no change
        ("L", "a reason", None),  # fine: L with no minutes
    ],
)
def test_an_amendment_names_what_is_wrong(
    pupils, import_marks, officer, code, reason, field
):
    import_marks(*header_and(f"{pupils[0].upn},{TODAY},AM,N"))
    mark = RegisterMark.objects.get(pupil=pupils[0])
    if field is None:
        mark_amend(
            mark=mark, code=code, reason=reason, amender=amender(officer), today=TODAY
        )
        return
    with pytest.raises(ValidationError) as refused:
        mark_amend(
            mark=mark, code=code, reason=reason, amender=amender(officer), today=TODAY
        )
    assert field in refused.value.message_dict


def test_an_amendment_keeps_the_statutory_record_and_is_listed_for_the_mis(
    school, pupils, import_marks, officer
):
    import_marks(*header_and(f"{pupils[0].upn},{TODAY},AM,N"))
    mark = RegisterMark.objects.get(pupil=pupils[0])
    amendment = mark_amend(
        mark=mark,
        code="I",
        reason="Mother phoned at 9:10: illness",
        amender=amender(officer),
        today=TODAY,
    )
    mark.refresh_from_db()
    assert mark.code == "I"
    assert (amendment.original_code, amendment.new_code) == ("N", "I")
    assert amendment.amended_by == officer
    assert amendment.amended_by_name == "Jo Ray"
    assert amendment.amended_by_position == "Attendance officer"
    assert amendment.import_run is None
    entry = AmendmentForMis.objects.get()
    assert (entry.amendment, entry.state) == (amendment, MisState.TO_ENTER)

    # Amended again before the MIS caught up: only the latest is to enter.
    again = mark_amend(
        mark=mark, code="M", reason="Letter: medical", amender=amender(officer)
    )
    states = dict(AmendmentForMis.objects.values_list("amendment_id", "state"))
    assert states == {
        amendment.pk: MisState.SUPERSEDED,
        again.pk: MisState.TO_ENTER,
    }


def test_the_lists_figures_follow_an_amendment_at_once(
    school, pupils, import_marks, officer
):
    days = [TODAY - timedelta(days=offset) for offset in (0, 1, 2)]
    import_marks(
        *header_and(
            *(f"{pupil.upn},{day},AM,N" for pupil in pupils for day in days),
        )
    )
    figures_ensure(school=school, as_of=TODAY)
    mark = RegisterMark.objects.get(pupil=pupils[0], date=TODAY)
    mark_amend(
        mark=mark, code="/", reason="Arrived", amender=amender(officer), today=TODAY
    )
    # The amendment recomputed only that pupil's row and the figures are
    # counted current, so the next list reads them as they are.
    figures = PupilFigures.objects.get(school=school, pupil=pupils[0])
    measures = pupil_measures(pupils[0], TODAY)
    assert (figures.possible, figures.attended, figures.unauthorised) == (
        measures.possible,
        measures.attended,
        measures.unauthorised,
    )
    with CaptureQueriesContext(connection) as queries:
        figures_ensure(school=school, as_of=TODAY)
    assert not any("INSERT" in query["sql"] for query in queries.captured_queries)


# --- the MIS agreeing, or not ------------------------------------------------


def test_an_import_that_agrees_settles_the_amendment(
    school, pupils, import_marks, officer
):
    import_marks(*header_and(f"{pupils[0].upn},{TODAY},AM,N"))
    mark = RegisterMark.objects.get(pupil=pupils[0])
    mark_amend(mark=mark, code="I", reason="Illness", amender=amender(officer))

    report = import_marks(*header_and(f"{pupils[0].upn},{TODAY},AM,I"))

    assert report.imported
    assert not report.conflicts
    assert report.unchanged == 1
    assert report.amended == 0
    entry = AmendmentForMis.objects.get()
    assert entry.state == MisState.AGREED
    assert entry.settled_by_run_id == report.run_id


def test_an_import_that_disagrees_is_reported_and_not_applied(
    school, pupils, import_marks, officer
):
    import_marks(
        *header_and(
            f"{pupils[0].upn},{TODAY},AM,N",
            f"{pupils[1].upn},{TODAY},AM,N",
        )
    )
    mark = RegisterMark.objects.get(pupil=pupils[0])
    mark_amend(mark=mark, code="I", reason="Illness", amender=amender(officer))

    # The MIS still has N for pupil 0; pupil 1's change is applied as usual.
    report = import_marks(
        *header_and(
            f"{pupils[0].upn},{TODAY},AM,N",
            f"{pupils[1].upn},{TODAY},AM,M",
        )
    )

    assert report.imported
    assert report.amended == 1
    (conflict,) = report.conflicts
    assert conflict.line == 2
    assert conflict.value == "N"
    assert "amended this mark to I" in conflict.reason
    assert "Jo Ray, Attendance officer" in conflict.reason
    assert "Not applied" in conflict.reason
    assert "left as amended in the portal" in report.summary()
    mark.refresh_from_db()
    assert mark.code == "I"
    entry = AmendmentForMis.objects.get()
    assert entry.state == MisState.TO_ENTER
    assert (entry.conflict_code, entry.conflict_run_id) == ("N", report.run_id)
    assert RegisterMark.objects.get(pupil=pupils[1]).code == "M"

    # Once the MIS is updated, the next import settles it.
    later = import_marks(*header_and(f"{pupils[0].upn},{TODAY},AM,I"))
    assert not later.conflicts
    assert AmendmentForMis.objects.get().state == MisState.AGREED


# --- contact attempts -------------------------------------------------------


def test_a_contact_attempt_with_someone_who_must_not_be_contacted_is_refused(
    pupils, officer
):
    pupil = pupils[0]
    barred = CarerRelationshipFactory(
        pupil=pupil,
        parent_carer=ParentCarerFactory(forename="Sam"),
        may_contact=False,
        contact_restriction="court order",
    )
    with pytest.raises(ValidationError) as refused:
        absence_contact_record(
            pupil=pupil,
            absence_date=timezone.localdate(),
            relationship=barred,
            contact_name="",
            method="phone",
            attempted_at=timezone.now(),
            reached=True,
            reason_given="",
            recorded_by=officer,
        )
    assert "court order" in str(refused.value)
    assert not AbsenceContact.objects.exists()


# --- the pages, on the demo -------------------------------------------------


def unexplained_today(urn="900001") -> Pupil:
    return (
        Pupil.objects.filter(
            school__urn=urn,
            register_marks__date=timezone.localdate(),
            register_marks__code="N",
        )
        .distinct()
        .first()
    )


def contactable(pupil: Pupil) -> CarerRelationship:
    return pupil.carer_relationships.filter(may_contact=True).first()


def test_the_unexplained_list_shows_each_pupils_carers_and_numbers(client_as):
    pupil = unexplained_today()
    if pupil is None:
        pytest.fail("The demo should have unexplained absences today.")
    carer = contactable(pupil).parent_carer
    response = client_as("pastoral.chaucer").get(LIST)
    card = BeautifulSoup(response.content, "html.parser").select_one(
        f"#first-day-{pupil.pk}"
    )
    assert card is not None
    assert str(carer) in card.get_text()
    if carer.mobile_phone:
        assert card.select_one(f'a[href="tel:{carer.mobile_phone.replace(" ", "")}"]')
    assert card.find(string=lambda text: "Record a contact attempt" in text)


def test_a_barred_carer_is_shown_as_do_not_contact(client_as):
    pupil = unexplained_today()
    relationship = contactable(pupil)
    CarerRelationship.objects.filter(pk=relationship.pk).update(
        may_contact=False, contact_restriction="court order"
    )
    response = client_as("pastoral.chaucer").get(LIST)
    card = BeautifulSoup(response.content, "html.parser").select_one(
        f"#first-day-{pupil.pk}"
    )
    assert "Do not contact: court order" in " ".join(card.get_text().split())


def test_recording_a_contact_attempt_in_place(client_as):
    pupil = unexplained_today()
    relationship = contactable(pupil)
    client = client_as("pastoral.chaucer")
    url = reverse("portal:attendance:contact_new", args=[pupil.pk])
    form = client.get(url, headers={"HX-Request": "true"})
    assert b"Save the contact attempt" in form.content
    response = client.post(
        url,
        {
            "relationship": relationship.pk,
            "method": "phone",
            "attempted_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "reached": "yes",
            "reason_given": "Sick with a temperature",
            "absence_date": timezone.localdate().isoformat(),
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    contact = AbsenceContact.objects.get(pupil=pupil)
    assert contact.parent_carer == relationship.parent_carer
    assert contact.reached
    assert contact.reason_given == "Sick with a temperature"
    assert contact.recorded_by.username == "pastoral.chaucer"
    assert "Sick with a temperature" in response.content.decode()
    assert b"Save the contact attempt" not in response.content


def test_a_contact_attempt_must_say_who(client_as):
    pupil = unexplained_today()
    response = client_as("officer.chaucer").post(
        reverse("portal:attendance:contact_new", args=[pupil.pk]),
        {
            "method": "phone",
            "attempted_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "reached": "no",
            "absence_date": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    assert b"Choose who was contacted, or name someone else." in response.content
    assert not AbsenceContact.objects.filter(pupil=pupil).exists()


def test_amending_todays_mark_in_place(client_as):
    pupil = unexplained_today()
    mark = RegisterMark.objects.filter(
        pupil=pupil, date=timezone.localdate(), code="N"
    ).first()
    url = reverse(
        "portal:attendance:mark_amend",
        args=[pupil.pk, mark.date.isoformat(), mark.session],
    )
    client = client_as("officer.chaucer")
    form = client.get(url, headers={"HX-Request": "true"})
    assert b"Amend the mark" in form.content
    # Without a position, refused with the reason, and nothing written.
    refused = client.post(
        url,
        {"code": "I", "reason": "Mother phoned", "position": ""},
        headers={"HX-Request": "true"},
    )
    assert b"Enter your position" in refused.content
    mark.refresh_from_db()
    assert mark.code == "N"
    done = client.post(
        url,
        {"code": "I", "reason": "Mother phoned", "position": "Attendance officer"},
        headers={"HX-Request": "true"},
    )
    assert done.status_code == 200
    mark.refresh_from_db()
    assert mark.code == "I"
    amendment = RegisterAmendment.objects.get(mark=mark)
    assert amendment.amended_by_position == "Attendance officer"
    # The mis page and its export now list it.
    page = client.get(reverse("portal:attendance:mis"))
    assert pupil.upn in page.content.decode()
    export = client.get(reverse("portal:attendance:mis_csv"))
    rows = list(csv.DictReader(io.StringIO(export.content.decode())))
    (row,) = [row for row in rows if row["upn"] == pupil.upn]
    assert (row["original_code"], row["new_code"], row["session"]) == (
        "N",
        "I",
        mark.session,
    )
    assert row["position"] == "Attendance officer"


def test_the_register_offers_each_mark_to_amend_only_to_those_who_may(client_as):
    pupil = unexplained_today()
    url = reverse("portal:attendance:pupil", args=[pupil.pk])
    amend = reverse("portal:attendance:mark_amend", args=[pupil.pk, "2000-01-03", "AM"])
    prefix = amend.split("2000-01-03")[0]
    officer = client_as("officer.chaucer").get(url).content.decode()
    assert prefix in officer
    pastoral = client_as("pastoral.chaucer").get(url).content.decode()
    assert prefix not in pastoral


@pytest.mark.parametrize(
    "username",
    ["pastoral.chaucer", "dsl.chaucer", "head.chaucer", "officer.woolwich"],
)
def test_who_may_not_amend_a_mark_gets_404(client_as, username):
    pupil = unexplained_today()
    mark = RegisterMark.objects.filter(pupil=pupil).first()
    url = reverse(
        "portal:attendance:mark_amend",
        args=[pupil.pk, mark.date.isoformat(), mark.session],
    )
    client = client_as(username)
    assert client.get(url).status_code == 404
    assert (
        client.post(url, {"code": "I", "reason": "x", "position": "y"}).status_code
        == 404
    )
    mark.refresh_from_db()
    assert not RegisterAmendment.objects.filter(mark=mark).exists()


@pytest.mark.parametrize(
    "username", ["officer.woolwich", "head.woolwich", "la.sheffield", "editor"]
)
def test_who_may_not_see_the_pupil_cannot_record_contact(client_as, username):
    pupil = unexplained_today()
    client = client_as(username)
    for name in ("contact_new", "pupil_card"):
        url = reverse(f"portal:attendance:{name}", args=[pupil.pk])
        assert client.get(url, headers={"HX-Request": "true"}).status_code == 404
    assert not AbsenceContact.objects.filter(pupil=pupil).exists()


@pytest.mark.parametrize(
    "username", ["pastoral.chaucer", "head.chaucer", "la.sheffield", "editor"]
)
def test_the_mis_list_is_for_those_who_import(client_as, username):
    client = client_as(username)
    assert client.get(reverse("portal:attendance:mis")).status_code == 404
    assert client.get(reverse("portal:attendance:mis_csv")).status_code == 404


def test_another_schools_mis_list_is_404(client_as):
    woolwich = Pupil.objects.filter(school__urn="900002").first().school
    client = client_as("officer.chaucer")
    url = reverse("portal:attendance:mis") + f"?school={woolwich.pk}"
    assert client.get(url).status_code == 404


def test_the_unexplained_list_costs_the_same_queries_however_many_pupils(
    client_as,
):
    school = unexplained_today().school
    today = timezone.localdate()

    def queries() -> int:
        client = client_as("officer.chaucer")
        client.get(LIST)  # the figures computed once
        with CaptureQueriesContext(connection) as captured:
            response = client.get(LIST)
        assert response.status_code == 200
        return len(captured)

    before = queries()
    for _ in range(4):
        pupil = PupilFactory(school=school)
        RegisterMark.objects.create(
            pupil=pupil, school=school, date=today, session="AM", code="N"
        )
        CarerRelationshipFactory(pupil=pupil, parent_carer=ParentCarerFactory())
    assert queries() == before


def test_my_work_counts_todays_unexplained_absences_not_yet_contacted(
    demo_user,
):
    from attendance.work import FIRST_DAY
    from schools.work import my_work

    today = timezone.localdate()
    officer = demo_user("officer.chaucer")

    def first_day_items(user):
        return [item for item in my_work(user, today) if item.kind == FIRST_DAY]

    waiting = set(
        RegisterMark.objects.filter(
            school__urn="900001", date=today, code="N", pupil__school__urn="900001"
        ).values_list("pupil", flat=True)
    )
    (item,) = first_day_items(officer)
    assert int(item.pupil.split()[0]) == len(waiting)
    assert "list=unexplained-today" in item.url

    pupil = Pupil.objects.get(pk=min(waiting))
    absence_contact_record(
        pupil=pupil,
        absence_date=today,
        relationship=None,
        contact_name="Aunt, by phone",
        method="phone",
        attempted_at=timezone.now(),
        reached=False,
        reason_given="",
        recorded_by=officer,
    )
    left = first_day_items(officer)
    assert sum(int(i.pupil.split()[0]) for i in left) == len(waiting) - 1
    # Those who do not make the calls, and other schools' staff, see no item
    # about Chaucer's pupils.
    assert first_day_items(demo_user("pastoral.chaucer")) == []
    assert all(
        "Chaucer" not in i.detail
        for i in first_day_items(demo_user("officer.woolwich"))
    )
