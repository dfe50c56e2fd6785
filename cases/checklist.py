"""The legal-readiness checklist (DOMAIN.md section 6, seed 002 "Tier 3").

Each item is met either by evidence the system already holds, found by a
*provider* that another app registers, or by a person ticking it with an
evidence note. Apps register providers when they load::

    from cases.checklist import Evidence, register_provider

    @register_provider("smart_plan")
    def plan_with_smart_targets(case):
        plan = ...
        return Evidence(summary="...", url=plan.get_absolute_url()) if plan else None

A provider receives the case and returns ``Evidence`` or ``None``; it must not
write anything.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from cases.case_view import once

if TYPE_CHECKING:
    from cases.models import Case


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str


ITEMS: tuple[ChecklistItem, ...] = (
    ChecklistItem(
        "challenge_and_support", "The challenge-and-support checklist worked through"
    ),
    ChecklistItem(
        "inclusion_meeting", "The pupil discussed at a whole-school inclusion meeting"
    ),
    ChecklistItem("services_contacted", "All services involved have been contacted"),
    ChecklistItem("siblings", "Siblings identified and their schools contacted"),
    ChecklistItem("needs_mapped", "Needs mapped across education, health and care"),
    ChecklistItem(
        "smart_plan", "An assess-plan-do-review plan with SMART targets in place"
    ),
    ChecklistItem("two_meetings_offered", "Parents offered at least two meetings"),
    ChecklistItem(
        "meetings_recorded",
        "Every meeting recorded and a copy sent to parents, whether or not they "
        "attended",
    ),
    ChecklistItem(
        "impact_on_learning", "The impact on learning discussed with parents"
    ),
    ChecklistItem(
        "parenting_contract", "A parenting contract, or a written reason why not"
    ),
    ChecklistItem("parent_voice", "The parents' voice recorded"),
    ChecklistItem("child_voice", "The child's voice recorded"),
    ChecklistItem(
        "legal_duty_explained",
        "Every parent with day-to-day care informed of their legal duty",
    ),
    ChecklistItem("family_details", "Family details up to date"),
    ChecklistItem(
        "distance_and_support",
        "Distance from school and the support offered for it considered",
    ),
)
ITEMS_BY_KEY = {item.key: item for item in ITEMS}


@dataclass(frozen=True)
class Evidence:
    """Why an item is met: a summary, where to see it, and who recorded it."""

    summary: str
    url: str = ""
    recorded_by: str = ""
    recorded_at: datetime | None = None
    automatic: bool = True


@dataclass(frozen=True)
class Shortfall:
    """Why an item is not met although something towards it exists (a record
    too old to count, say), so staff know what to do rather than guess."""

    summary: str
    url: str = ""


@dataclass(frozen=True)
class ItemStatus:
    item: ChecklistItem
    evidence: Evidence | None
    manual_tick: bool
    shortfall: Shortfall | None = None
    evidence_only: bool = False  # met by the records alone: no hand tick

    @property
    def met(self) -> bool:
        return self.evidence is not None


# A provider returns the Evidence that meets its item, a Shortfall saying why
# what it found does not, or None when it found nothing.
Provider = Callable[["Case"], Evidence | Shortfall | None]
_providers: dict[str, list[Provider]] = {}
_evidence_only: set[str] = set()


def register_provider(
    item_key: str, *, evidence_only: bool = False
) -> Callable[[Provider], Provider]:
    """Register a function that finds evidence for one checklist item.

    ``evidence_only``: the item is met only by what the providers find, never
    by a hand tick (the siblings item is met from the family records and the
    recorded contacts with the siblings' schools).
    """
    if item_key not in ITEMS_BY_KEY:
        raise KeyError(f"{item_key!r} is not a legal-readiness checklist item.")
    if evidence_only:
        _evidence_only.add(item_key)

    def register(provider: Provider) -> Provider:
        _providers.setdefault(item_key, []).append(provider)
        return provider

    return register


def is_evidence_only(item_key: str) -> bool:
    """Whether a hand tick may not meet the item."""
    return item_key in _evidence_only


def providers_for(item_key: str) -> list[Provider]:
    return list(_providers.get(item_key, ()))


def checklist_status(case: "Case") -> list[ItemStatus]:
    """Every item in order, with the evidence that meets it (a manual tick wins).

    One query for the manual ticks, plus whatever the registered providers ask;
    once per view of the case page (``cases.case_view``), whose steps ask too.
    """
    return once(case, "checklist_status", lambda: _read_checklist_status(case))


def _read_checklist_status(case: "Case") -> list[ItemStatus]:
    ticks = {
        tick.item: tick for tick in case.checklist_ticks.select_related("ticked_by")
    }
    statuses = []
    for item in ITEMS:
        tick = None if is_evidence_only(item.key) else ticks.get(item.key)
        if tick is not None:
            evidence = Evidence(
                summary=tick.note,
                recorded_by=tick.ticked_by.get_full_name()
                or tick.ticked_by.get_username(),
                recorded_at=tick.ticked_at,
                automatic=False,
            )
            statuses.append(ItemStatus(item, evidence, manual_tick=True))
            continue
        evidence, shortfall = None, None
        for provider in providers_for(item.key):
            found = provider(case)
            if isinstance(found, Evidence):
                evidence = found
                break
            shortfall = shortfall or found
        statuses.append(
            ItemStatus(
                item,
                evidence,
                manual_tick=False,
                shortfall=shortfall,
                evidence_only=is_evidence_only(item.key),
            )
        )
    return statuses


def missing_items(case: "Case") -> list[ChecklistItem]:
    return [status.item for status in checklist_status(case) if not status.met]
