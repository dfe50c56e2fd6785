"""Prosecution referrals through the services: the offence and its evidence,
the parents, a referral that follows an unpaid penalty notice, and the
court's outcomes per parent within the limits of the offence."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import CaseEvent
from contracts import notice_services
from legal import services
from legal.enums import LegalStepEventKind
from legal.models import ProsecutionOutcome, ProsecutionReferral
from legal.selectors import case_referrals
from tests.contracts.conftest import frozen, notices  # noqa: F401 - fixtures
from tests.contracts.test_penalty_notices import issue, request
from tests.legal.legal_world import TODAY, to_eso_stage

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def referred(notices):  # noqa: F811 - the imported fixture
    to_eso_stage(notices)
    notices.case = notices.world.step(
        notices.case, "refer_for_prosecution", "legal", reason="Order not kept."
    )
    return notices


def prepare(n, by="legal", **kw):
    return services.referral_prepare(
        case=n.case,
        by=n.users[by],
        **{
            "offence": "s444_1",
            "parents": [n.mother],
            "support_summary": "Two meetings offered; a mentor refused.",
            "eso_consideration": "Order made 31 January 2026; not complied with.",
            "court": "Sheffield Magistrates' Court",
            **kw,
        },
    )


def outcome(n, referral, **kw):
    return services.outcome_record(
        referral=referral,
        by=n.users["legal"],
        **{
            "parent": n.mother,
            "outcome": "fine",
            "decided_on": TODAY,
            "court_reference": "SM26-0456",
            "fine": Decimal("400"),
            **kw,
        },
    )


def test_the_legal_officer_prepares_the_referral(referred):
    referral = prepare(referred, parents=[referred.mother, referred.father])
    assert set(referral.parents.all()) == {referred.mother, referred.father}
    (text,) = CaseEvent.objects.filter(
        case=referred.case, kind=LegalStepEventKind.REFERRAL_PREPARED
    ).values_list("text", flat=True)
    assert text == (
        "Section 444(1): failing to secure regular attendance. Parents: Ms Dana "
        "Okafor, Mr Tunde Okafor. Court: Sheffield Magistrates' Court."
    )


@pytest.mark.parametrize("role", ["la", "lead", "dsl", "head", "other_legal"])
def test_no_one_else_prepares_a_referral(referred, role):
    with pytest.raises(PermissionDenied):
        prepare(referred, by=role)
    assert not ProsecutionReferral.objects.filter(case=referred.case).exists()


def test_s444_1a_needs_the_evidence_that_the_parent_knew(referred):
    with pytest.raises(ValidationError) as refused:
        prepare(referred, offence="s444_1a")
    assert refused.value.message_dict["knowledge_evidence"] == [
        "Section 444(1A) needs evidence that the parent knew of the absence and "
        "failed to act."
    ]
    referral = prepare(
        referred,
        offence="s444_1a",
        knowledge_evidence="Texts from the school each morning, read and unanswered.",
    )
    assert referral.offence_name == "section 444(1A)"


def test_only_a_parent_in_law_of_this_pupil_is_prosecuted(referred):
    with pytest.raises(ValidationError) as refused:
        prepare(referred, parents=[referred.grandparent])
    assert "parents" in refused.value.message_dict
    with pytest.raises(ValidationError):
        prepare(referred, parents=[])


def test_a_referral_waits_for_the_step_to_prosecution(notices):  # noqa: F811
    to_eso_stage(notices)
    with pytest.raises(ValidationError, match="Refer for prosecution"):
        prepare(notices)


def test_a_referral_follows_the_unpaid_notice_of_a_prosecuted_parent(referred):
    notice = issue(referred, request(referred), issued_on=date(2026, 9, 1))
    with pytest.raises(ValidationError) as refused:
        prepare(referred, penalty_notice=notice)  # not yet prosecuted
    assert "penalty_notice" in refused.value.message_dict
    notice_services.penalty_notice_unpaid(notice=notice, by=referred.users["la"])
    notice_services.penalty_notice_prosecute(
        notice=notice, by=referred.users["legal"], note="Unpaid after 28 days."
    )
    with pytest.raises(ValidationError) as refused:
        prepare(referred, penalty_notice=notice, parents=[referred.father])
    assert "penalty_notice" in refused.value.message_dict
    referral = prepare(referred, penalty_notice=notice)
    assert referral.penalty_notice == notice


def test_outcomes_per_parent_with_the_latest_shown(referred):
    referral = prepare(referred, parents=[referred.mother, referred.father])
    outcome(
        referred,
        referral,
        outcome="adjourned",
        fine=None,
        next_hearing_on=date(2026, 12, 7),
    )
    referral.refresh_from_db()
    assert referral.hearing_on == date(2026, 12, 7)
    outcome(referred, referral, with_parenting_order=True)
    (read,) = case_referrals(referred.case)
    rows = dict(read.parent_rows)
    assert rows[referred.mother].outcome == "fine"
    assert rows[referred.mother].with_parenting_order
    assert rows[referred.father] is None
    texts = CaseEvent.objects.filter(
        case=referred.case, kind=LegalStepEventKind.OUTCOME_RECORDED
    ).values_list("text", flat=True)
    assert (
        "Ms Dana Okafor: Fine (£400.00) with a parenting order, 20 November 2026, "
        "ref. SM26-0456." in list(texts)
    )


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"fine": Decimal("1200")}, "fine"),  # above level 3
        ({"outcome": "imprisonment", "fine": None}, "outcome"),  # 444(1) only
        ({"outcome": "adjourned", "fine": None}, "next_hearing_on"),
        ({"decided_on": date(2026, 11, 21)}, "decided_on"),
        ({"court_reference": ""}, "court_reference"),
        (
            {"outcome": "not_guilty", "fine": None, "with_parenting_order": True},
            "with_parenting_order",
        ),
    ],
)
def test_an_outcome_the_court_could_not_give_is_refused(referred, kw, field):
    referral = prepare(referred)
    with pytest.raises(ValidationError) as refused:
        outcome(referred, referral, **kw)
    assert field in refused.value.message_dict
    assert not ProsecutionOutcome.objects.filter(referral=referral).exists()


def test_an_outcome_for_a_parent_outside_the_referral_is_refused(referred):
    referral = prepare(referred)
    with pytest.raises(ValidationError) as refused:
        outcome(referred, referral, parent=referred.father)
    assert "parent" in refused.value.message_dict
