"""Each app owns its chronology kinds and registers them with the case core;
the core names none of them."""

import re
from pathlib import Path

import pytest
from django.db import models

from cases.enums import EventKind
from cases.events import event_label, register_event_kinds, support_exhausted_kinds
from cases.models import CaseEvent
from plans.enums import PlanEventKind
from safeguarding.enums import SafeguardingEventKind
from voice.enums import VoiceEventKind

ROOT = Path(__file__).resolve().parents[2]
OTHER_APPS_KINDS = [*PlanEventKind, *VoiceEventKind, *SafeguardingEventKind]


def test_the_core_names_no_other_apps_kinds():
    """Nothing in cases/ (templates and migrations included) holds another
    app's kind values."""
    values = [re.escape(str(kind.value)) for kind in OTHER_APPS_KINDS]
    pattern = re.compile("[\"'](" + "|".join(values) + ")[\"']")
    found = [
        f"{path.name}:{match[1]}"
        for path in (ROOT / "cases").rglob("*")
        if path.suffix in (".py", ".html")
        for match in pattern.finditer(path.read_text())
    ]
    assert found == []


def test_every_apps_kinds_are_registered_with_their_labels():
    for kind in [*EventKind, *OTHER_APPS_KINDS]:
        assert event_label(kind.value) == kind.label
    assert event_label("nobody.registered") == "nobody.registered"


@pytest.mark.django_db
def test_every_kind_in_the_demos_chronologies_has_words():
    kinds = set(CaseEvent.objects.values_list("kind", flat=True))
    assert kinds, "the demo wrote no chronology"
    assert {kind for kind in kinds if event_label(kind) == kind} == set()


def test_support_that_ended_without_success_comes_from_each_app():
    assert set(support_exhausted_kinds()) == {
        EventKind.VOLUNTARY_SUPPORT_EXHAUSTED,
        PlanEventKind.PLAN_ENDED_WITHOUT_SUCCESS,
    }


def test_a_kind_cannot_be_registered_twice_with_other_words():
    class Clash(models.TextChoices):
        OPENED = "case.opened", "Something else"

    with pytest.raises(ValueError, match="already registered"):
        register_event_kinds(Clash)
    assert event_label("case.opened") == "Case opened"
