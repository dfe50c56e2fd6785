"""A policy page that names a superseded penalty amount warns its editor."""

import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from contracts.policy_check import page_texts, superseded_amounts
from tests.policy_pages.admin_forms import edit_form_data, post_edit
from tests.policy_pages.conftest import demo_policy

POLICIES = Path(__file__).resolve().parents[2] / "demo" / "policies"


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        # The framework's amounts pass.
        ("<p>A penalty notice is £160, or £80 if paid within 21 days.</p>", []),
        ("A second penalty notice is £160 per parent.", []),
        # A superseded or invented amount is named.
        ("A Fixed Penalty Fine (£60 per parent) may be issued.", ["£60"]),
        ("Penalty notices cost £120 per parent.", ["£120"]),
        ("The penalty is £50, rising to £100.", ["£50", "£100"]),
        ("penalty notice: £ 60", ["£ 60"]),
        # The exclusion notice's amounts, in a sentence about exclusion.
        (
            "A penalty notice for a pupil in a public place during a suspension "
            "is £60, or £120.",
            [],
        ),
        ("<p>A penalty notice in the first 5 days of an exclusion: £60.</p>", []),
        # ... but not in the next sentence, which does not say so.
        (
            "Exclusions are rare. A penalty notice is £60.",
            ["£60"],
        ),
        # Amounts not about penalties are not this check's business.
        ("A fine of up to £2,500 on prosecution.", []),
        ("Persistent non-compliance can lead to a fine of up to £1000.", []),
        # HTML blocks are separate sentences.
        ("<li>A penalty notice</li><li>£60 for the trip</li>", []),
        ("<p>Penalty notices are &pound;60.</p>", ["£60"]),
        ("A penalty notice of £160.00 per parent.", []),
    ],
)
def test_superseded_amounts(text, amounts):
    assert [found.amount for found in superseded_amounts([text])] == amounts


@pytest.mark.unit
def test_the_demo_policies_name_no_superseded_amount():
    for name in ("chaucer", "woolwich"):
        data = json.loads((POLICIES / f"{name}.json").read_text())
        texts = []

        def collect(value, texts=texts):
            if isinstance(value, str):
                texts.append(value)
            elif isinstance(value, dict):
                for item in value.values():
                    collect(item)
            elif isinstance(value, list):
                for item in value:
                    collect(item)

        collect(data)
        assert len(texts) > 50, name  # the whole policy was read
        assert superseded_amounts(texts) == [], name


@pytest.mark.integration
@pytest.mark.django_db
def test_editor_is_warned_of_a_superseded_amount_and_the_page_still_saves(client):
    policy = demo_policy("900001")
    assert superseded_amounts(page_texts(policy.specific)) == []
    client.force_login(get_user_model().objects.get(username="editor.chaucer"))
    data = edit_form_data(client, policy)
    stage = next(
        key
        for key, value in data.items()
        if key.startswith("escalation-") and key.endswith("-value-support") and value
    )
    data[stage] = "Each parent may be given a penalty notice of £60."

    response = post_edit(client, policy, data)

    assert response.status_code == 302  # a warning, not a refusal
    page = client.get(response["Location"]).content.decode()
    assert "names a penalty amount the national framework does not use: £60" in page
    data[stage] = "Each parent may be given a penalty notice of £160."
    response = post_edit(client, policy, data)
    assert (
        "names a penalty amount"
        not in client.get(response["Location"]).content.decode()
    )
