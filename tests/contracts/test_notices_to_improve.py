"""Notices to improve: the LA's improvement period, a target the register
judges at the end of it, and the outcome the penalty-notice checks read."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from cases.models import CaseEvent
from contracts import notice_services as services
from contracts.models import CodeOfConduct, NoticeToImprove
from contracts.notice_enums import NoticeEventKind
from contracts.notice_rules import notice_to_improve_progress, penalty_notice_checks
from tests.contracts.conftest import TODAY, register, weekdays_before

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def issue(n, by="lead", parent=None, **kw):
    return services.notice_to_improve_issue(
        case=n.case,
        parent=parent or n.mother,
        by=n.users[by],
        **{
            "goal_kind": "attendance_at_least",
            "goal_value": Decimal("90"),
            "support_so_far": "Two meetings, an early help plan.",
            "further_support": "A morning mentor.",
            **kw,
        },
    )


def test_the_period_is_the_las_and_ends_that_many_weeks_later(notices):
    CodeOfConduct.objects.create(local_authority=notices.world.la, improvement_weeks=5)
    notice = issue(notices)
    assert (notice.improvement_weeks, notice.ends_on) == (5, TODAY + timedelta(weeks=5))
    assert (
        CaseEvent.objects.filter(
            case=notices.case, kind=NoticeEventKind.NTI_ISSUED
        ).count()
        == 1
    )


def test_without_a_code_the_period_is_four_weeks(notices):
    assert issue(notices).ends_on == TODAY + timedelta(weeks=4)


@pytest.mark.parametrize("weeks", [2, 7])
def test_an_la_period_outside_3_to_6_weeks_cannot_be_saved(notices, weeks):
    code = CodeOfConduct(local_authority=notices.world.la, improvement_weeks=weeks)
    with pytest.raises(ValidationError):
        code.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        code.save()


@pytest.mark.parametrize("role", ["lead", "head", "la", "legal"])
def test_who_may_issue(notices, role):
    assert issue(notices, by=role).issued_by == notices.users[role]


@pytest.mark.parametrize("role", ["officer", "pastoral", "dsl", "other_la", "nobody"])
def test_who_may_not(notices, role):
    with pytest.raises(PermissionDenied):
        issue(notices, by=role)
    assert not NoticeToImprove.objects.filter(case=notices.case).exists()


def test_a_bad_target_names_the_field_and_writes_nothing(notices):
    with pytest.raises(ValidationError) as refused:
        issue(notices, goal_value=Decimal("120"))
    assert set(refused.value.message_dict) == {"goal_value"}
    assert not NoticeToImprove.objects.filter(case=notices.case).exists()


def test_the_register_judges_the_target_at_the_end_of_the_period(notices):
    met = issue(notices)
    missed = issue(notices, parent=notices.father, goal_value=Decimal("100"))
    end = TODAY + timedelta(weeks=4)
    days = weekdays_before(end, 19)  # 23 November to 17 December
    register(notices.case, days, am="/", pm="\\")
    register(notices.case, [end], am="/", pm="O")  # 39 of 40: 97.5 %
    with time_machine.travel(end - timedelta(days=3), tick=False):
        during = notice_to_improve_progress([met], end - timedelta(days=3))[met.pk]
    after = notice_to_improve_progress([met, missed], end)

    assert during.is_met is False
    assert during.is_missed is False
    assert after[met.pk].is_met
    assert after[missed.pk].is_missed
    checks = penalty_notice_checks(
        case=notices.case,
        parent=notices.father,
        kind="attendance",
        term_time_holiday=False,
        on=end,
    )
    assert checks[-1].label == "Notice to improve"
    assert checks[-1].ok is True
    assert "was not met" in checks[-1].detail


def test_withdrawing_needs_a_reason(notices):
    notice = issue(notices)
    with pytest.raises(ValidationError):
        services.notice_to_improve_withdraw(
            notice=notice, by=notices.users["lead"], reason=" "
        )
    notice = services.notice_to_improve_withdraw(
        notice=notice, by=notices.users["lead"], reason="Sent to the wrong address."
    )
    assert notice.is_withdrawn


def test_the_code_of_conduct_is_edited_in_wagtail_by_its_las_lead_only(db, client):
    from django.contrib.auth import get_user_model

    from contracts.models import CodeOfConduct
    from schools.models import LocalAuthority

    users = get_user_model().objects
    sheffield = LocalAuthority.objects.get(code="373")
    greenwich = LocalAuthority.objects.get(code="203")
    code = CodeOfConduct.objects.create(local_authority=greenwich)
    add = reverse("wagtailsnippets_contracts_codeofconduct:add")
    edit = reverse("wagtailsnippets_contracts_codeofconduct:edit", args=[code.pk])

    client.force_login(users.get(username="la.sheffield"))
    assert client.get(edit).status_code == 404
    response = client.post(
        add,
        {
            "local_authority": greenwich.pk,
            "improvement_weeks": 5,
            "deemed_receipt_working_days": 2,
        },
    )
    assert response.status_code == 200  # Greenwich is not a choice
    assert not CodeOfConduct.objects.filter(local_authority=sheffield).exists()
    response = client.post(
        add,
        {
            "local_authority": sheffield.pk,
            "improvement_weeks": 7,
            "deemed_receipt_working_days": 2,
        },
    )
    assert response.status_code == 200  # 7 weeks is refused
    client.post(
        add,
        {
            "local_authority": sheffield.pk,
            "improvement_weeks": 5,
            "deemed_receipt_working_days": 2,
        },
    )
    assert CodeOfConduct.objects.get(local_authority=sheffield).improvement_weeks == 5
    for username in ("lead.chaucer", "head.chaucer", "legal.sheffield"):
        client.force_login(users.get(username=username))
        assert client.get(edit).status_code in (302, 403, 404), username
