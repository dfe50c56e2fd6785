"""The rules of each transition, as the reasons a step cannot be taken yet.

``blockers(case, name)`` is the single source of those rules: the model's
transition conditions are derived from it, the service refuses with its
reasons, and the case page shows them beside a disabled button.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from cases.case_view import once
from cases.checklist import ITEMS, missing_items
from cases.enums import EventKind, Stage
from cases.events import prosecution_route_kinds, support_exhausted_kinds
from cases.models import Case, CaseEvent
from cases.selectors import case_shares
from schools.ages import outside_compulsory_school_age


@dataclass(frozen=True)
class TransitionInfo:
    name: str
    label: str
    needs_reason: bool
    reason_label: str = "Reason"
    confirm: str = ""


TRANSITIONS: dict[str, TransitionInfo] = {
    info.name: info
    for info in (
        TransitionInfo("start_early_help", "Start early help", needs_reason=False),
        TransitionInfo(
            "start_parenting_contract",
            "Move to a parenting contract",
            needs_reason=False,
        ),
        TransitionInfo(
            "step_down",
            "Step down",
            needs_reason=True,
            reason_label="Why support can step down",
        ),
        TransitionInfo(
            "apply_for_eso",
            "Apply for an education supervision order",
            needs_reason=True,
            reason_label="Grounds for the application",
            confirm="The LA will apply to the Family Court for an ESO.",
        ),
        TransitionInfo(
            "refer_for_prosecution",
            "Refer for prosecution",
            needs_reason=True,
            reason_label="Grounds for the referral",
            confirm="Prosecution is the last resort. The referral is recorded.",
        ),
        TransitionInfo(
            "close", "Close the case", needs_reason=False, reason_label="Closure note"
        ),
        TransitionInfo(
            "reopen", "Reopen the case", needs_reason=True, reason_label="Why reopen"
        ),
    )
}


def episode_events(case: Case) -> QuerySet[CaseEvent]:
    """Events since the case was opened or last reopened."""
    return CaseEvent.objects.filter(
        case_id=case.pk, occurred_at__gte=case.episode_started_at
    )


def _recorded(case: Case, *kinds: str) -> bool:
    return not _episode_kinds(case).isdisjoint(kinds)


def _episode_kinds(case: Case) -> frozenset[str]:
    """The kinds of event recorded in this episode (one query; once per view of
    the case page, where every step's rules ask)."""
    return once(
        case,
        "episode_kinds",
        lambda: frozenset(
            episode_events(case).order_by().values_list("kind", flat=True).distinct()
        ),
    )


def family_agreement_recorded(case: Case) -> bool:
    """The family has agreed to early help in this episode of the case (early
    help is voluntary): the one statement of the rule, for the early-help step
    and for making an early help plan active."""
    return _recorded(case, EventKind.FAMILY_AGREEMENT)


def _entered(case: Case, stage: str) -> bool:
    return (
        episode_events(case)
        .filter(kind=EventKind.TRANSITION, details__to=stage)
        .exists()
    )


def _is_shared_with_its_la(case: Case) -> bool:
    return bool(case_shares(case))


CHECKLIST_HEAD = "The legal-readiness checklist is not complete"
MISSING_ITEM = "– "


def _checklist_reasons(case: Case) -> list[str]:
    missing = missing_items(case)
    if not missing:
        return []
    done = len(ITEMS) - len(missing)
    return [
        f"{CHECKLIST_HEAD} ({done} of {len(ITEMS)}). Missing:",
        *(f"{MISSING_ITEM}{item.label}" for item in missing),
    ]


def in_brief(reasons: list[str]) -> tuple[list[str], bool]:
    """The reasons without the checklist's missing items, for a page that
    shows the checklist itself; and whether the checklist is incomplete.

    The head line loses its "Missing:"; refusals keep the full list.
    """
    brief, checklist = [], False
    for reason in reasons:
        if reason.startswith(MISSING_ITEM):
            continue
        if reason.startswith(CHECKLIST_HEAD):
            checklist = True
            reason = reason.removesuffix(" Missing:")
        brief.append(reason)
    return brief, checklist


def _start_early_help(case: Case) -> list[str]:
    reasons = []
    if case.lead_practitioner_id is None:
        reasons.append("No lead practitioner is assigned.")
    if not family_agreement_recorded(case):
        reasons.append(
            "The family's agreement to an early help plan is not recorded "
            "(early help is voluntary)."
        )
    return reasons


def _start_parenting_contract(case: Case) -> list[str]:
    reasons = []
    if not _recorded(case, EventKind.PARENT_MEETING):
        reasons.append("No meeting with the parents is recorded.")
    if case.stage == Stage.CONCERN and not _recorded(
        case, EventKind.EARLY_HELP_NOT_APPROPRIATE
    ):
        reasons.append(
            "To skip early help, record a written reason why early help is not "
            "appropriate."
        )
    return reasons


def compulsory_school_age_reasons(case: Case, step: str) -> list[str]:
    """The refusal when the pupil is not of compulsory school age today: ESOs,
    prosecution, notices to improve and penalty notices are only for children
    of that age. ``step`` names the step in words."""
    pupil = case.pupil
    why = outside_compulsory_school_age(pupil.date_of_birth, timezone.localdate())
    if why is None:
        return []
    return [
        f"{pupil.display_name} {why}: {step} applies only to a child of "
        "compulsory school age."
    ]


def eso_eligibility_reasons(case: Case) -> list[str]:
    """Why no education supervision order can be made for this pupil today:
    not of compulsory school age, or subject to a care order. Asked by the
    step to the ESO stage and by the ESO's own record."""
    reasons = compulsory_school_age_reasons(case, "an education supervision order")
    if case.pupil.subject_to_care_order:
        reasons.append(
            f"{case.pupil.display_name} is subject to a care order: an education "
            "supervision order cannot be made for a child in the care of a local "
            "authority."
        )
    return reasons


def _apply_for_eso(case: Case) -> list[str]:
    reasons = eso_eligibility_reasons(case)
    if not _is_shared_with_its_la(case):
        reasons.append(f"The case is not shared with {case.school.local_authority}.")
    if not _recorded(case, *support_exhausted_kinds()):
        reasons.append(
            "Voluntary support is not shown to be exhausted: record that an early "
            "help plan or parenting contract ended without success, or why they "
            "were not appropriate."
        )
    return reasons + _checklist_reasons(case)


# The stages from which prosecution is reached only by the LA's decision to
# prosecute for an unpaid penalty notice.
BEFORE_FORMAL_SUPPORT = (Stage.CONCERN, Stage.EARLY_HELP)


def _refer_for_prosecution(case: Case) -> list[str]:
    reasons = compulsory_school_age_reasons(case, "prosecution for non-attendance")
    if case.stage in BEFORE_FORMAL_SUPPORT and not _recorded(
        case, *prosecution_route_kinds()
    ):
        reasons.append(
            "Before a parenting contract, a case reaches prosecution only through "
            "the LA's decision to prosecute for an unpaid penalty notice."
        )
    if not _entered(case, Stage.ESO) and not _recorded(case, EventKind.ESO_CONSIDERED):
        reasons.append(
            "An ESO has not been tried, and no decision considering one (with "
            "reasons) is recorded."
        )
    return reasons + _checklist_reasons(case)


def _reopen(case: Case) -> list[str]:
    other_open = (
        Case.objects.filter(pupil_id=case.pupil_id)
        .exclude(stage=Stage.CLOSED)
        .exclude(pk=case.pk)
        .exists()
    )
    return ["This pupil already has another open case."] if other_open else []


def _none(case: Case) -> list[str]:
    return []


_RULES: dict[str, Callable[[Case], list[str]]] = {
    "start_early_help": _start_early_help,
    "start_parenting_contract": _start_parenting_contract,
    "step_down": _none,
    "apply_for_eso": _apply_for_eso,
    "refer_for_prosecution": _refer_for_prosecution,
    "close": _none,
    "reopen": _reopen,
}


# Rules other apps add to a transition (safeguarding: "consult the DSL").
_ADDED_RULES: dict[str, list[Callable[[Case], list[str]]]] = {}


def add_rule(names: list[str], rule: Callable[[Case], list[str]]) -> None:
    """Make ``rule``'s reasons block each named transition too."""
    for name in names:
        if name not in _RULES:
            raise ValueError(f"No transition is called {name!r}.")
        rules = _ADDED_RULES.setdefault(name, [])
        if rule not in rules:
            rules.append(rule)


def blockers(case: Case, name: str) -> list[str]:
    """Why ``name`` cannot be taken on this case now; empty when it can.

    The role check is separate (``cases.permissions``), because a reason such
    as "no lead practitioner" is true whoever is looking.
    """
    reasons = _RULES[name](case)
    for rule in _ADDED_RULES.get(name, []):
        reasons += rule(case)
    return reasons


def steps_offered(case: Case) -> list[str]:
    """The steps the case page offers from the case's stage: those declared,
    less prosecution from before a parenting contract until the LA has decided
    to prosecute for an unpaid penalty notice (a route most cases never take)."""
    names = transitions_from(case.stage)
    if case.stage in BEFORE_FORMAL_SUPPORT and not _recorded(
        case, *prosecution_route_kinds()
    ):
        names = [name for name in names if name != "refer_for_prosecution"]
    return names


def transitions_from(stage: str) -> list[str]:
    """Transition names declared from ``stage``, in the order of TRANSITIONS."""
    declared = {
        t.name
        for t in Case._meta.get_field("stage").get_all_transitions(Case)
        if t.source == stage
    }
    return [name for name in TRANSITIONS if name in declared]


def mermaid_diagram() -> str:
    """The state diagram, generated from the declared transitions."""
    lines = ["stateDiagram-v2", f"    [*] --> {Stage.CONCERN}: open a case"]
    seen = set()
    for t in Case._meta.get_field("stage").get_all_transitions(Case):
        edge = (t.source, t.target, t.name)
        if edge in seen:
            continue
        seen.add(edge)
        lines.append(f"    {t.source} --> {t.target}: {t.name}")
    order = {stage: i for i, stage in enumerate(Stage.values)}
    body = sorted(
        lines[2:],
        key=lambda line: (
            order[line.split()[0]],
            order[line.split()[2].rstrip(":")],
        ),
    )
    return "\n".join(lines[:2] + body) + "\n"
