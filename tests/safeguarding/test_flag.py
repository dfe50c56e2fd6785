"""The neutral "consult the DSL" flag holds back formal and legal steps until a DSL is
consulted; everyone on the case sees it."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from cases.enums import Stage
from cases.services import TransitionRefused
from cases.workflow import blockers
from safeguarding import services
from safeguarding.hooks import CONSULT_REASON

pytestmark = pytest.mark.django_db


def test_the_flag_blocks_the_formal_and_legal_steps_until_a_consultation(world):
    case = world.case_at(Stage.EARLY_HELP)
    dsl = world.users["dsl"]
    world.meeting(case)
    assert blockers(case, "start_parenting_contract") == []
    services.consult_flag_set(case=case, by=dsl)
    assert blockers(case, "start_parenting_contract") == [CONSULT_REASON]
    assert CONSULT_REASON in blockers(case, "apply_for_eso")
    assert CONSULT_REASON not in blockers(case, "step_down")
    assert CONSULT_REASON not in blockers(case, "close")
    with pytest.raises(TransitionRefused) as refused:
        world.step(case, "start_parenting_contract", "officer")
    assert CONSULT_REASON in refused.value.reasons
    services.dsl_consultation_record(
        case=case, by=dsl, note="Consulted; no objection to a contract."
    )
    assert blockers(case, "start_parenting_contract") == []
    case = world.step(case, "start_parenting_contract", "officer")
    assert case.stage == Stage.PARENTING_CONTRACT


def test_a_consultation_before_the_flag_was_set_does_not_count(world):
    case = world.case_at(Stage.EARLY_HELP)
    world.meeting(case)
    dsl = world.users["dsl"]
    services.consult_flag_set(case=case, by=dsl)
    services.dsl_consultation_record(case=case, by=dsl, note="First consultation.")
    services.consult_flag_clear(case=case, by=dsl)
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        services.consult_flag_set(case=case, by=dsl)
        assert blockers(case, "start_parenting_contract") == [CONSULT_REASON]
        services.consult_flag_clear(case=case, by=dsl)
        assert blockers(case, "start_parenting_contract") == []


def test_everyone_on_the_case_sees_the_flag_and_only_a_dsl_changes_it(world, client):
    case = world.case_at(Stage.EARLY_HELP)
    services.consult_flag_set(case=case, by=world.users["dsl"])
    for who in ("officer", "pastoral", "lead", "head", "la", "legal"):
        client.force_login(world.users[who])
        page = client.get(case.get_absolute_url())
        assert b"Consult the DSL before any formal or legal step." in page.content, who
        assert b"Clear \xe2\x80\x9cconsult the DSL\xe2\x80\x9d" not in page.content
        for name in ("case_flag", "case_consultation"):
            url = reverse(f"portal:safeguarding:{name}", args=[case.pk])
            response = client.post(url, {"flag": "clear", "note": "Fine."})
            assert response.status_code == 403, (who, name)
    for who in ("other_la", "sibling_lead", "far_dsl", "superuser", "nobody"):
        client.force_login(world.users[who])
        for name in ("case_flag", "case_consultation"):
            url = reverse(f"portal:safeguarding:{name}", args=[case.pk])
            assert client.post(url, {"flag": "clear"}).status_code == 404, who
    assert blockers(case, "start_parenting_contract")[-1] == CONSULT_REASON


def test_the_dsl_sets_clears_and_records_from_the_case_page(world, client):
    case = world.case_at(Stage.EARLY_HELP)
    client.force_login(world.users["dsl"])
    flag_url = reverse("portal:safeguarding:case_flag", args=[case.pk])
    assert client.post(flag_url, {"flag": "set"}).status_code == 302
    page = client.get(case.get_absolute_url()).content.decode()
    assert "No consultation is recorded since the flag was set" in page
    consult_url = reverse("portal:safeguarding:case_consultation", args=[case.pk])
    client.post(consult_url, {"note": ""})
    assert (
        "No consultation is recorded"
        in client.get(case.get_absolute_url()).content.decode()
    )
    client.post(consult_url, {"note": "Consulted; go ahead."})
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Consulted; go ahead." in page
    assert "DSL consulted" in page  # in the chronology, for everyone
    client.post(flag_url, {"flag": "clear"})
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Consult the DSL before any formal or legal step." not in page
