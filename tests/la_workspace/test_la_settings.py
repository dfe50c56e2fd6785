"""The LA's settings page: its lead practitioners change them; every change is
logged; nobody else sees the page."""

import pytest
from django.urls import reverse

from contracts.models import code_of_conduct_for
from la_workspace.models import LaSettingsChange
from tests.cases.conftest import build_world
from tests.shared_world import shared_world

URL = reverse("portal:la_workspace:settings")


world = shared_world(build_world)


def post(client, **values):
    data = {
        "code-improvement_weeks": "4",
        "code-deemed_receipt_working_days": "2",
        "code-address": "",
        "returns-illness_threshold_days": "15",
        "returns-illness_counting": "either",
    }
    data.update({f"code-{k}": v for k, v in values.items()})
    return client.post(URL, data)


def test_a_lead_practitioner_changes_the_notice_period_and_it_is_logged(world, client):
    client.force_login(world.users["la"])
    assert client.get(URL).status_code == 200
    response = post(client, improvement_weeks="5", address="https://la.example/code")
    assert response.status_code == 302
    code = code_of_conduct_for(world.la)
    assert (code.improvement_weeks, code.address) == (5, "https://la.example/code")
    change = LaSettingsChange.objects.get(local_authority=world.la)
    assert change.changed_by == world.users["la"]
    assert [row[1:] for row in change.changes] == [
        ["4", "5"],
        ["", "https://la.example/code"],
    ]
    # The other LA's settings are untouched.
    assert code_of_conduct_for(world.other_la).improvement_weeks == 4


def test_the_illness_threshold_is_set_here_for_the_las_schools(world, client):
    from returns.models import return_settings_for

    client.force_login(world.users["la"])
    client.post(
        URL,
        {
            "code-improvement_weeks": "4",
            "code-deemed_receipt_working_days": "2",
            "returns-illness_threshold_days": "10",
            "returns-illness_counting": "continuous",
        },
    )
    saved = return_settings_for(world.la)
    assert (saved.illness_threshold_days, saved.illness_counting) == (10, "continuous")
    response = post(client, **{})  # back to 15, either
    assert response.status_code == 302
    assert return_settings_for(world.la).illness_threshold_days == 15


def test_saving_unchanged_settings_logs_nothing(world, client):
    client.force_login(world.users["la"])
    post(client)
    assert not LaSettingsChange.objects.exists()


@pytest.mark.parametrize("weeks", ["2", "7", "four"])
def test_an_improvement_period_outside_3_to_6_weeks_is_refused_beside_its_field(
    world, client, weeks
):
    client.force_login(world.users["la"])
    response = post(client, improvement_weeks=weeks)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert code_of_conduct_for(world.la).pk is None
    assert not LaSettingsChange.objects.exists()


@pytest.mark.parametrize(
    "who", ["officer", "lead", "dsl", "head", "legal", "nobody", "superuser"]
)
def test_the_page_is_a_404_to_everyone_else(world, client, who):
    client.force_login(world.users[who])
    assert client.get(URL).status_code == 404
    assert post(client, improvement_weeks="5").status_code == 404
    assert code_of_conduct_for(world.la).pk is None


def test_the_other_las_lead_cannot_ask_for_this_la(world, client):
    client.force_login(world.users["other_la"])
    assert client.get(URL, {"la": world.la.pk}).status_code == 404
    assert client.get(URL).status_code == 200  # their own
