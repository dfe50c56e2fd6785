"""Education supervision orders through the services: who may record them,
the guards with their reasons, the dates on a fixed day, reviews held as
meetings, extensions in and out of the window, non-compliance and discharge."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases import services as case_services
from cases.enums import EventKind, Stage
from cases.models import CaseEvent
from cases.workflow import blockers
from legal import services
from legal.enums import EsoStatus, ExtensionStatus, LegalStepEventKind
from legal.models import EducationSupervisionOrder, EsoExtension
from legal.selectors import case_orders
from meetings.enums import MeetingStatus
from tests.contracts.conftest import frozen, notices  # noqa: F401 - fixtures
from tests.legal.legal_world import TODAY, apply, make, review_held, to_eso_stage

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def eso(notices):  # noqa: F811 - the imported fixture
    to_eso_stage(notices)
    return notices


def events(case, kind):
    return list(
        CaseEvent.objects.filter(case=case, kind=kind).values_list("text", flat=True)
    )


def state(n):
    (order,) = case_orders(n.case, TODAY)
    return order.state


# The guards, each refused with its reason.


def test_a_child_subject_to_a_care_order_cannot_have_an_eso(notices):  # noqa: F811
    pupil = notices.case.pupil
    pupil.looked_after = pupil.subject_to_care_order = True
    pupil.save()
    notices.world.record(notices.case, EventKind.VOLUNTARY_SUPPORT_EXHAUSTED, by="lead")
    notices.world.tick_all(notices.case)
    assert blockers(notices.case, "apply_for_eso") == [
        f"{pupil.display_name} is subject to a care order: an education supervision "
        "order cannot be made for a child in the care of a local authority."
    ]
    with pytest.raises(case_services.TransitionRefused):
        notices.world.step(notices.case, "apply_for_eso", "legal", reason="x")


def test_looked_after_by_agreement_is_no_bar_to_an_eso(notices):  # noqa: F811
    pupil = notices.case.pupil
    pupil.looked_after = True  # accommodated by agreement: no care order
    pupil.save()
    to_eso_stage(notices)


def test_a_care_order_made_after_the_application_stops_the_order(eso):
    order = apply(eso)
    pupil = eso.case.pupil
    pupil.looked_after = pupil.subject_to_care_order = True
    pupil.save()
    with pytest.raises(ValidationError, match="subject to a care order"):
        make(eso, order)
    order.refresh_from_db()
    assert order.status == EsoStatus.APPLIED


def test_not_of_compulsory_school_age_the_eso_is_refused(notices):  # noqa: F811
    pupil = notices.case.pupil
    pupil.date_of_birth = date(2009, 7, 1)  # 16 in the school year 2024 to 2025
    pupil.save()
    reasons = blockers(notices.case, "apply_for_eso")
    assert (
        f"{pupil.display_name} is past compulsory school age (it ended on the school "
        "leaving date, 27 June 2025): an education supervision order applies only "
        "to a child of compulsory school age."
    ) in reasons


def test_prosecution_without_an_eso_considered_is_refused(notices):  # noqa: F811
    notices.world.tick_all(notices.case)
    assert blockers(notices.case, "refer_for_prosecution") == [
        "An ESO has not been tried, and no decision considering one (with reasons) "
        "is recorded."
    ]


def test_before_a_contract_prosecution_needs_an_unpaid_notice_the_la_prosecutes(
    notices,  # noqa: F811
):
    from contracts import notice_services
    from tests.contracts.test_penalty_notices import issue, request

    case = notices.world.case_at(Stage.EARLY_HELP)
    notices.world.tick_all(case)
    notices.world.record(case, EventKind.ESO_CONSIDERED, by="legal")
    route = (
        "Before a parenting contract, a case reaches prosecution only through the "
        "LA's decision to prosecute for an unpaid penalty notice."
    )
    assert blockers(case, "refer_for_prosecution") == [route]
    # The notices world's case has the register a notice needs: prosecute there.
    notice = issue(notices, request(notices), issued_on=date(2026, 9, 1))
    notice_services.penalty_notice_unpaid(notice=notice, by=notices.users["la"])
    notice_services.penalty_notice_prosecute(
        notice=notice, by=notices.users["legal"], note="Unpaid; support refused."
    )
    assert route not in blockers(notices.case, "refer_for_prosecution")
    assert route in blockers(case, "refer_for_prosecution")  # its own episode only


# Recording the order.


def test_the_la_records_the_application_and_the_court_makes_the_order(eso):
    order = apply(eso, hearing_on=date(2026, 1, 20))
    assert events(eso.case, LegalStepEventKind.ESO_APPLIED) == [
        "Applied on 5 January 2026 to Sheffield Family Court. Supervising officer: "
        "Test La."
    ]
    make(eso, order)
    order.refresh_from_db()
    assert order.status == EsoStatus.MADE
    assert events(eso.case, LegalStepEventKind.ESO_MADE) == [
        "Order made on 31 January 2026. In force until 30 January 2027; first "
        "review due 30 April 2026."
    ]


@pytest.mark.parametrize("role", ["lead", "dsl", "officer", "head", "other_legal"])
def test_only_la_staff_on_the_shared_case_record_an_order(eso, role):
    with pytest.raises(PermissionDenied):
        apply(eso, by=role)
    assert not EducationSupervisionOrder.objects.filter(case=eso.case).exists()


def test_the_application_is_recorded_at_the_eso_stage_only(notices):  # noqa: F811
    with pytest.raises(ValidationError, match="Apply for an education supervision"):
        apply(notices)


def test_one_live_order_per_case(eso):
    apply(eso)
    with pytest.raises(ValidationError, match="already has an ESO"):
        apply(eso)
    assert EducationSupervisionOrder.objects.filter(case=eso.case).count() == 1


def test_the_supervising_officer_is_on_the_las_staff(eso):
    with pytest.raises(ValidationError) as refused:
        apply(eso, supervising_officer=eso.users["other_la"])
    assert "supervising_officer" in refused.value.message_dict
    with pytest.raises(ValidationError):
        apply(eso, supervising_officer=eso.users["lead"])  # school staff


@pytest.mark.parametrize(
    ("field", "kw"),
    [
        ("applied_on", {"applied_on": date(2026, 11, 21)}),  # tomorrow
        ("hearing_on", {"hearing_on": date(2026, 1, 1)}),  # before the application
        ("court", {"court": "  "}),
    ],
)
def test_bad_dates_are_refused_naming_the_field(eso, field, kw):
    with pytest.raises(ValidationError) as refused:
        apply(eso, **kw)
    assert field in refused.value.message_dict
    assert not EducationSupervisionOrder.objects.filter(case=eso.case).exists()


def test_an_order_made_needs_the_courts_reference(eso):
    order = apply(eso)
    with pytest.raises(ValidationError) as refused:
        services.eso_decision_record(
            order=order, by=eso.users["legal"], decision="made", decided_on=TODAY
        )
    assert "court_reference" in refused.value.message_dict


def test_a_refused_application_frees_the_case_for_another(eso):
    order = apply(eso)
    services.eso_decision_record(
        order=order,
        by=eso.users["legal"],
        decision="refused",
        decided_on=date(2026, 2, 2),
        note="Court not satisfied.",
    )
    second = apply(eso, applied_on=date(2026, 3, 2))
    assert second.status == EsoStatus.APPLIED


# The dates, on 20 November 2026.


def test_reviews_due_and_overdue_from_the_order_date(eso):
    make(eso, apply(eso))  # 31 January 2026
    now = state(eso)
    assert now.reviews.next_due == date(2026, 4, 30)
    assert now.reviews.overdue
    assert now.review_due_soon
    review_held(eso, date(2026, 4, 28))
    review_held(eso, date(2026, 7, 30))
    now = state(eso)
    assert now.reviews.next_due == date(2026, 10, 31)
    assert now.reviews.overdue
    review_held(eso, date(2026, 11, 2), status=MeetingStatus.PARENTS_DID_NOT_ATTEND)
    review_held(eso, date(2026, 11, 10), status=MeetingStatus.PLANNED)  # not held
    now = state(eso)
    assert now.reviews.next_due is None
    assert not now.review_due_soon


def test_a_review_before_the_order_does_not_count(eso):
    make(eso, apply(eso))
    review_held(eso, date(2026, 1, 20))
    assert state(eso).reviews.done == 0


def test_the_extension_window_is_open_with_the_days_left(eso):
    make(eso, apply(eso))
    now = state(eso)
    assert now.in_force
    assert now.days_left == 72  # 20 November 2026 to 30 January 2027, inclusive
    assert now.window_open
    assert now.window_days_left == 72


def test_an_extension_applied_for_in_the_window_and_granted(eso):
    order = make(eso, apply(eso))
    extension = services.eso_extension_apply(
        order=order, by=eso.users["la"], applied_on=date(2026, 11, 2), years=2
    )
    with pytest.raises(ValidationError, match="already waiting"):
        services.eso_extension_apply(
            order=order, by=eso.users["la"], applied_on=TODAY, years=1
        )
    services.eso_extension_decide(
        extension=extension, by=eso.users["legal"], granted=True, decided_on=TODAY
    )
    assert events(eso.case, LegalStepEventKind.ESO_EXTENSION_DECIDED) == [
        "Granted on 20 November 2026. The order is now in force until 30 January 2029."
    ]
    assert state(eso).period.last_day == date(2029, 1, 30)
    assert not state(eso).window_open


def test_an_extension_outside_the_window_is_refused(eso):
    order = make(eso, apply(eso), decided_on=date(2026, 3, 2))  # window from 2 Dec
    with pytest.raises(ValidationError) as refused:
        services.eso_extension_apply(
            order=order, by=eso.users["la"], applied_on=TODAY, years=1
        )
    assert refused.value.message_dict["applied_on"] == [
        "An extension can be applied for only in the last three months of the "
        "order: from 2 December 2026."
    ]
    assert not EsoExtension.objects.filter(order=order).exists()


def test_an_order_that_has_ended_cannot_be_extended(eso):
    order = make(
        eso, apply(eso, applied_on=date(2025, 9, 1)), decided_on=date(2025, 9, 30)
    )
    with pytest.raises(ValidationError, match="The order ended on 29 September 2026"):
        services.eso_extension_apply(
            order=order, by=eso.users["la"], applied_on=TODAY, years=1
        )
    assert not state(eso).in_force


def test_a_refused_extension_leaves_the_end_where_it_was(eso):
    order = make(eso, apply(eso))
    extension = services.eso_extension_apply(
        order=order, by=eso.users["la"], applied_on=TODAY, years=3
    )
    services.eso_extension_decide(
        extension=extension, by=eso.users["la"], granted=False, decided_on=TODAY
    )
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.REFUSED
    assert state(eso).period.last_day == date(2027, 1, 30)


def test_non_compliance_and_discharge_are_recorded(eso):
    order = make(eso, apply(eso))
    with pytest.raises(ValidationError) as refused:
        services.eso_non_compliance_record(
            order=order,
            by=eso.users["la"],
            noted_on=TODAY,
            what_happened="",
            action_taken="",
        )
    assert set(refused.value.message_dict) == {"what_happened", "action_taken"}
    services.eso_non_compliance_record(
        order=order,
        by=eso.users["la"],
        noted_on=TODAY,
        what_happened="Did not bring him to school on 9 of 10 days.",
        action_taken="Warning letter; meeting arranged.",
    )
    services.eso_discharge(
        order=order, by=eso.users["legal"], discharged_on=TODAY, note="Attending."
    )
    order.refresh_from_db()
    assert order.status == EsoStatus.DISCHARGED
    assert not state(eso).in_force
    assert len(events(eso.case, LegalStepEventKind.ESO_NON_COMPLIANCE)) == 1
    assert events(eso.case, LegalStepEventKind.ESO_DISCHARGED) == [
        "Discharged on 20 November 2026. Attending."
    ]


def test_a_closed_case_takes_no_more_legal_records(eso):
    order = make(eso, apply(eso))
    eso.world.step(eso.case, "close", "legal", closure_reason="improved")
    order.case.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.eso_hearing_set(order=order, by=eso.users["legal"], hearing_on=TODAY)


def test_the_pupil_import_reads_the_care_order_and_refuses_it_without_looked_after(
    notices,  # noqa: F811
):
    import io

    from attendance.pupil_import import pupils_import
    from attendance.register_import import ImportedBy
    from schools.upn import make_upn

    school = notices.case.school
    header = (
        "upn,forename,surname,date_of_birth,year_group,looked_after,"
        "subject_to_care_order"
    )
    in_care, refused = make_upn("999888877011"), make_upn("999888877012")

    def run(*rows):
        return pupils_import(
            io.BytesIO("\n".join((header, *rows)).encode()),
            school=school,
            file_name="roll.csv",
            imported_by=ImportedBy(name="Script", position="MIS export"),
        )

    report = run(f"{refused},A,B,2012-05-01,9,no,yes")
    (error,) = report.errors
    assert (error.line, error.field) == (2, "subject_to_care_order")
    assert "write yes in looked_after too" in error.reason
    assert not school.pupils.filter(upn=refused).exists()
    report = run(f"{in_care},C,D,2012-05-01,9,yes,yes")
    assert report.errors == []
    assert school.pupils.get(upn=in_care).subject_to_care_order
