"""The demo schools' policy files hold exactly what their pages store."""

import json

import pytest

from demo.policies import DATA, policy_load
from policy_pages.models import AttendancePolicyPage

pytestmark = pytest.mark.unit


def as_pairs(stored):
    """A stored StreamField value as [block type, value] pairs, without the ids of
    blocks and of list items."""
    if isinstance(stored, list):
        return [as_pairs(item) for item in stored]
    if isinstance(stored, dict) and stored.get("type") == "item":
        return as_pairs(stored["value"])  # an item of a ListBlock
    if isinstance(stored, dict) and {"type", "value"} <= stored.keys():
        return [stored["type"], as_pairs(stored["value"])]
    if isinstance(stored, dict):
        return {key: as_pairs(value) for key, value in stored.items()}
    return stored


@pytest.mark.parametrize("key", ["chaucer", "woolwich"])
def test_policy_file_is_the_pages_stored_content(key):
    """Wagtail drops a block of a type the page does not have without a word, so a
    misspelt type in a data file would lose text: every block must round-trip."""
    data = json.loads((DATA / f"{key}.json").read_text(encoding="utf-8"))
    policy = policy_load(key)
    assert policy.school_key == key
    for name in ("sections", "escalation"):
        if name not in data:
            continue
        field = AttendancePolicyPage._meta.get_field(
            "body" if name == "sections" else name
        )
        stored = field.get_prep_value(field.to_python(getattr(policy, name)))
        assert as_pairs(stored) == data[name]
