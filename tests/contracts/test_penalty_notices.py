"""Penalty notices: the school requests, the LA decides and issues, within the
framework's checks, cap and amounts; each step writes one chronology event."""

from datetime import date, timedelta
from decimal import Decimal

import pgtrigger
import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import CaseEvent
from contracts import notice_services as services
from contracts.models import CodeOfConduct, PenaltyNotice
from contracts.notice_enums import NoticeEventKind, PenaltyNoticeStatus
from contracts.notice_rules import penalty_clock
from tests.contracts.conftest import TODAY, register, weekdays_before
from tests.factories import born_in

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

REQUEST = {
    "kind": "attendance",
    "grounds": "Twelve unauthorised sessions; support was declined.",
    "equality_note": "No SEN; no disability known; the family's needs considered.",
}


def request(n, parent=None, by="lead", **kw):
    return services.penalty_notice_request(
        case=n.case,
        parent=parent or n.mother,
        by=n.users[by],
        **{**REQUEST, **kw},
    )


def issue(n, notice, by="la", issued_on=TODAY, served_how="by_hand", **kw):
    return services.penalty_notice_issue(
        notice=notice, by=n.users[by], issued_on=issued_on, served_how=served_how, **kw
    )


def events(case, kind):
    return CaseEvent.objects.filter(case=case, kind=kind).count()


def test_the_school_requests_and_the_checks_are_kept(notices):
    notice = request(notices)

    assert notice.status == PenaltyNoticeStatus.REQUESTED
    assert [(c["label"], c["ok"], c["blocks"]) for c in notice.checks] == [
        ("Compulsory school age", True, False),
        ("Notices to this parent for this pupil", True, False),
        ("The 10 in 10 threshold", True, False),
        ("Support offered and the family's response", True, False),
        ("Notice to improve", False, False),
    ]
    # The world's meeting with the parents is in the ledger.
    assert notice.checks[3]["detail"].startswith(
        "1 offer of support in the support-first ledger ("
    )
    threshold = notice.checks[2]["detail"]
    assert threshold.startswith("12 unauthorised sessions in the last 10 school weeks")
    assert events(notices.case, NoticeEventKind.PN_REQUESTED) == 1


def test_a_term_time_holiday_needs_no_notice_to_improve(notices):
    notice = request(notices, term_time_holiday=True)
    assert notice.checks[-1] == {
        "label": "Notice to improve",
        "ok": True,
        "detail": "Not needed: the absence is an unauthorised term-time holiday.",
        "blocks": False,
    }


@pytest.mark.parametrize("role", ["lead", "head"])
def test_the_attendance_lead_and_headteacher_may_request(notices, role):
    assert request(notices, by=role).requested_by == notices.users[role]


@pytest.mark.parametrize(
    "role",
    ["officer", "pastoral", "dsl", "la", "legal", "other_la", "sibling_lead", "nobody"],
)
def test_no_one_else_may_request(notices, role):
    with pytest.raises(PermissionDenied):
        request(notices, by=role)
    assert not PenaltyNotice.objects.filter(case=notices.case).exists()


def test_a_notice_cannot_go_to_someone_who_is_not_a_parent_in_law(notices):
    with pytest.raises(ValidationError) as refused:
        request(notices, parent=notices.grandparent)
    assert refused.value.message_dict == {
        "parent": ["Choose one of the pupil's parents or carers."]
    }
    assert not PenaltyNotice.objects.filter(case=notices.case).exists()
    assert events(notices.case, NoticeEventKind.PN_REQUESTED) == 0


def test_a_parent_of_another_pupil_is_refused(notices):
    other_case = notices.world.open_case()
    with pytest.raises(ValidationError):
        services.penalty_notice_request(
            case=other_case, parent=notices.mother, by=notices.users["lead"], **REQUEST
        )
    assert not PenaltyNotice.objects.filter(parent=notices.mother).exists()


def test_below_the_threshold_the_request_is_refused_with_the_count(notices):
    # Register marks are never deleted outside the retention removal (a
    # trigger on PostgreSQL): this test clears its own pupil's register.
    with pgtrigger.ignore("attendance.RegisterMark:register_mark_no_delete"):
        notices.case.pupil.register_marks.all().delete()
    register(notices.case, weekdays_before(TODAY, 4))  # 8 sessions
    with pytest.raises(ValidationError) as refused:
        request(notices)
    assert refused.value.messages == [
        "8 unauthorised sessions in the last 10 school weeks: "
        + ", ".join(
            f"{d:%-d %b %Y} {s} (O)"
            for d in weekdays_before(TODAY, 4)
            for s in ("AM", "PM")
        )
        + ". The threshold is 10: a notice cannot be issued."
    ]


def test_not_of_compulsory_school_age_the_request_is_refused(notices):
    pupil = notices.case.pupil
    pupil.year_group, pupil.date_of_birth = 12, born_in(12)
    pupil.save()
    with pytest.raises(ValidationError) as refused:
        request(notices)
    assert refused.value.messages[0].startswith(
        f"{pupil.display_name} is past compulsory school age"
    )
    assert refused.value.messages[0].endswith(
        "a penalty notice applies only to a child of compulsory school age."
    )


def test_la_issues_the_first_at_160_reduced_to_80(notices):
    notice = issue(notices, request(notices))

    assert (notice.status, notice.full_amount, notice.reduced_amount) == (
        PenaltyNoticeStatus.ISSUED,
        Decimal("160"),
        Decimal("80"),
    )
    assert notice.received_on == TODAY  # by hand
    assert penalty_clock(notice, TODAY).text == (
        "£80 if paid by 11 December 2026 (21 days left); £160 by 18 December 2026."
    )
    assert events(notices.case, NoticeEventKind.PN_ISSUED) == 1


def test_a_posted_notice_is_deemed_received_after_two_working_days(notices):
    notice = issue(notices, request(notices), served_how="post")
    assert (notice.received_on, notice.receipt_deemed) == (date(2026, 11, 24), True)


def test_the_second_has_no_reduction_and_a_third_is_refused_naming_the_two(notices):
    first = issue(notices, request(notices), issued_on=date(2025, 1, 6))
    second = issue(notices, request(notices), issued_on=date(2025, 9, 8))
    assert (second.full_amount, second.reduced_amount) == (Decimal("160"), None)

    with pytest.raises(ValidationError) as refused:
        request(notices)

    assert refused.value.messages == [
        "This parent has already had 2 penalty notices for this pupil that count "
        "since 21 November 2023: issued 6 January 2025 (issued) and issued "
        "8 September 2025 (issued). The framework allows at most 2 in any three "
        "years (withdrawn notices do not count), so a third may not be issued. "
        "Consider another tool instead: a notice to improve, a parenting "
        "contract, an education supervision order or prosecution."
    ]
    # The other parent has a history of their own.
    assert issue(notices, request(notices, parent=notices.father)).reduced_amount
    # A withdrawn notice no longer counts.
    services.penalty_notice_withdraw(
        notice=first, by=notices.users["la"], ground="material_error", note="Wrong UPN."
    )
    assert request(notices).status == PenaltyNoticeStatus.REQUESTED


def test_the_cap_is_checked_again_on_the_issue_date(notices):
    issue(notices, request(notices), issued_on=date(2023, 11, 15))
    issue(notices, request(notices), issued_on=date(2025, 9, 8))
    # Today the 2023 notice has left the three years: the request passes...
    waiting = request(notices)
    # ... but issued with an earlier date it would be a third in three years.
    with pytest.raises(ValidationError) as refused:
        issue(notices, waiting, issued_on=date(2026, 11, 10))
    assert "a third may not be issued" in refused.value.messages[0]
    waiting.refresh_from_db()
    assert waiting.status == PenaltyNoticeStatus.REQUESTED
    assert issue(notices, waiting).reduced_amount is None  # the second: no reduction


def test_a_second_request_for_one_parent_waits_for_the_first(notices):
    request(notices)
    with pytest.raises(ValidationError) as refused:
        request(notices)
    assert refused.value.messages == [
        "A request for a penalty notice to this parent is already waiting for a "
        "decision."
    ]


@pytest.mark.parametrize("role", ["lead", "head", "officer", "dsl"])
def test_the_school_cannot_issue_unless_the_code_lets_the_head(notices, role):
    notice = request(notices)
    with pytest.raises(PermissionDenied):
        issue(notices, notice, by=role)


def test_the_head_issues_where_the_code_of_conduct_allows(notices):
    CodeOfConduct.objects.create(
        local_authority=notices.world.la, headteacher_may_issue=True
    )
    notice = issue(notices, request(notices), by="head")
    assert notice.status == PenaltyNoticeStatus.ISSUED
    with pytest.raises(PermissionDenied):
        issue(notices, request(notices, parent=notices.father), by="lead")


def test_declining_needs_a_reason_and_writes_one_event(notices):
    notice = request(notices)
    with pytest.raises(ValidationError):
        services.penalty_notice_decline(notice=notice, by=notices.users["la"], note="")
    notice = services.penalty_notice_decline(
        notice=notice, by=notices.users["la"], note="Support not yet offered."
    )
    assert notice.status == PenaltyNoticeStatus.DECLINED
    assert events(notices.case, NoticeEventKind.PN_DECLINED) == 1


def test_paid_within_21_days_is_the_reduced_amount_later_the_full(notices):
    early = issue(notices, request(notices))
    late = issue(notices, request(notices, parent=notices.father))
    la = notices.users["la"]
    with time_machine.travel(TODAY + timedelta(days=25), tick=False):
        early = services.penalty_notice_paid(
            notice=early, by=la, paid_on=TODAY + timedelta(days=21)
        )
        late = services.penalty_notice_paid(
            notice=late, by=la, paid_on=TODAY + timedelta(days=22)
        )
    assert (early.status, early.paid_amount()) == ("paid_reduced", Decimal("80"))
    assert (late.status, late.paid_amount()) == ("paid_full", Decimal("160"))


def test_unpaid_only_after_28_days_then_the_la_decides(notices):
    notice = issue(notices, request(notices))
    la = notices.users["la"]
    with pytest.raises(ValidationError) as early:
        services.penalty_notice_unpaid(notice=notice, by=la)
    assert early.value.messages == [
        "The notice may still be paid until 18 December 2026."
    ]
    with time_machine.travel(TODAY + timedelta(days=29), tick=False):
        assert penalty_clock(notice, TODAY + timedelta(days=29)).is_overdue
        notice = services.penalty_notice_unpaid(notice=notice, by=la)
        with pytest.raises(PermissionDenied):
            services.penalty_notice_prosecute(
                notice=notice, by=notices.users["lead"], note="Prosecute."
            )
        notice = services.penalty_notice_prosecute(
            notice=notice, by=notices.users["legal"], note="No payment, no contact."
        )
    assert notice.status == PenaltyNoticeStatus.PROSECUTED
    assert [e.kind for e in CaseEvent.objects.filter(case=notices.case).order_by("pk")][
        -4:
    ] == [
        NoticeEventKind.PN_REQUESTED,
        NoticeEventKind.PN_ISSUED,
        NoticeEventKind.PN_UNPAID,
        NoticeEventKind.PN_PROSECUTED,
    ]


def test_an_exclusion_notice_is_outside_the_cap(notices):
    issue(notices, request(notices), issued_on=date(2025, 1, 6))
    issue(notices, request(notices), issued_on=date(2025, 9, 8))
    notice = issue(notices, request(notices, kind="exclusion"))
    assert (notice.full_amount, notice.reduced_amount) == (
        Decimal("120"),
        Decimal("60"),
    )
