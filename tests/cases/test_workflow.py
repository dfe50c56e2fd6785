"""Each transition: the roles that may take it, the roles refused, and each rule."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from cases import services
from cases.enums import EventKind, Stage
from cases.models import Case, CaseEvent
from cases.workflow import blockers
from tests.factories import born_in

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

CASE_ROLES = ("officer", "pastoral", "lead", "dsl", "head", "la", "legal")
CASEWORKERS = {"officer", "pastoral", "lead", "dsl", "la", "legal"}

# Who may take each step, written out here rather than read from the code.
ALLOWED = {
    "start_early_help": CASEWORKERS,
    "start_parenting_contract": CASEWORKERS,
    "step_down": CASEWORKERS,
    "apply_for_eso": {"legal"},
    "refer_for_prosecution": {"legal"},
    "close": {"lead", "la", "legal"},
    "reopen": {"lead", "la", "legal"},
}
# The stage each step is tried from, and where it lands.
FROM_TO = {
    "start_early_help": (Stage.CONCERN, Stage.EARLY_HELP),
    "start_parenting_contract": (Stage.EARLY_HELP, Stage.PARENTING_CONTRACT),
    "step_down": (Stage.PARENTING_CONTRACT, Stage.EARLY_HELP),
    "apply_for_eso": (Stage.PARENTING_CONTRACT, Stage.ESO),
    "refer_for_prosecution": (Stage.ESO, Stage.PROSECUTION_REFERRAL),
    "close": (Stage.EARLY_HELP, Stage.CLOSED),
    "reopen": (Stage.CLOSED, Stage.CONCERN),
}
ARGS = {
    "step_down": {"reason": "Attendance 96 % for six weeks."},
    "apply_for_eso": {"reason": "Grounds."},
    "refer_for_prosecution": {"reason": "Grounds."},
    "close": {"closure_reason": "improved"},
    "reopen": {"reason": "Absence returned."},
}


def _ready(world, name):
    """A case at the step's source stage with every condition of the step met."""
    source, _ = FROM_TO[name]
    case = world.case_at(source)
    if name == "start_early_help":
        services.case_assign(
            case=case,
            by=world.users["lead"],
            lead_practitioner=world.users["officer"],
            co_workers=[],
        )
        world.meeting(case)
        world.record(case, EventKind.FAMILY_AGREEMENT)
    if name == "apply_for_eso":
        world.record(case, EventKind.VOLUNTARY_SUPPORT_EXHAUSTED, by="lead")
        world.tick_all(case)
    case.refresh_from_db()
    assert blockers(case, name) == []
    return case


@pytest.mark.parametrize("role", CASE_ROLES)
@pytest.mark.parametrize("name", list(ALLOWED))
def test_transition_allowed_only_for_its_roles(world, name, role):
    case = _ready(world, name)
    source, target = FROM_TO[name]
    events_before = CaseEvent.objects.filter(case=case).count()
    if role in ALLOWED[name]:
        case = world.step(case, name, role, **ARGS.get(name, {}))
        case.refresh_from_db()
        assert case.stage == target
        transition_events = list(
            CaseEvent.objects.filter(case=case).order_by("-pk")[:1]
        )
        assert transition_events[0].kind == EventKind.TRANSITION
        assert transition_events[0].details["from"] == source
        assert transition_events[0].details["to"] == target
        assert transition_events[0].recorded_by == world.users[role]
        assert CaseEvent.objects.filter(case=case).count() == events_before + 1
    else:
        with pytest.raises(services.TransitionRefused) as refused:
            world.step(case, name, role, **ARGS.get(name, {}))
        assert refused.value.reasons[0].startswith("Only the ")
        case.refresh_from_db()
        assert case.stage == source
        assert CaseEvent.objects.filter(case=case).count() == events_before


def test_start_early_help_needs_a_lead_practitioner_and_agreement(world):
    case = world.open_case()
    assert blockers(case, "start_early_help") == [
        "No lead practitioner is assigned.",
        "The family's agreement to an early help plan is not recorded "
        "(early help is voluntary).",
    ]
    services.case_assign(
        case=case,
        by=world.users["lead"],
        lead_practitioner=world.users["officer"],
        co_workers=[],
    )
    case.refresh_from_db()
    assert len(blockers(case, "start_early_help")) == 1
    with pytest.raises(services.TransitionRefused):
        world.step(case, "start_early_help", "officer")
    world.record(case, EventKind.FAMILY_AGREEMENT)
    assert blockers(case, "start_early_help") == []


def test_parenting_contract_from_concern_needs_a_meeting_and_a_reason(world):
    case = world.open_case()
    assert blockers(case, "start_parenting_contract") == [
        "No meeting with the parents is recorded.",
        "To skip early help, record a written reason why early help is not "
        "appropriate.",
    ]
    world.meeting(case)
    world.record(case, EventKind.EARLY_HELP_NOT_APPROPRIATE, text="Declined twice.")
    case = world.step(case, "start_parenting_contract", "officer")
    assert case.stage == Stage.PARENTING_CONTRACT


def test_parenting_contract_from_early_help_needs_only_a_meeting(world):
    case = world.open_case()
    services.case_assign(
        case=case,
        by=world.users["lead"],
        lead_practitioner=world.users["officer"],
        co_workers=[],
    )
    world.record(case, EventKind.FAMILY_AGREEMENT)
    case = world.step(case, "start_early_help", "officer")
    assert blockers(case, "start_parenting_contract") == [
        "No meeting with the parents is recorded."
    ]


def test_eso_needs_sharing_exhausted_support_and_a_complete_checklist(world):
    case = world.case_at(Stage.PARENTING_CONTRACT, shared=False)
    reasons = blockers(case, "apply_for_eso")
    assert reasons[0] == f"The case is not shared with {world.la.name}."
    assert reasons[1].startswith("Voluntary support is not shown to be exhausted")
    # Entering the parenting-contract stage meets nothing: only a signed
    # contract or a written reason why none was offered does.
    assert reasons[2] == (
        "The legal-readiness checklist is not complete (0 of 15). Missing:"
    )
    assert len(reasons) == 3 + 15
    assert "– Parents offered at least two meetings" in reasons
    world.share(case)
    world.record(case, EventKind.VOLUNTARY_SUPPORT_EXHAUSTED, by="lead")
    world.tick_all(case)
    assert blockers(case, "apply_for_eso") == []


def test_eso_refused_while_one_checklist_item_is_missing(world):
    case = _ready(world, "apply_for_eso")
    services.checklist_untick(
        case=case, item="child_voice", by=world.users["officer"], reason="Wrong file."
    )
    with pytest.raises(services.TransitionRefused) as refused:
        world.step(case, "apply_for_eso", "legal", reason="Grounds.")
    assert refused.value.reasons == [
        "The legal-readiness checklist is not complete (14 of 15). Missing:",
        "– The child's voice recorded",
    ]
    case.refresh_from_db()
    assert case.stage == Stage.PARENTING_CONTRACT


def test_prosecution_needs_an_eso_tried_or_considered(world):
    case = _ready(world, "apply_for_eso")  # at parenting contract, checklist done
    assert blockers(case, "refer_for_prosecution") == [
        "An ESO has not been tried, and no decision considering one (with reasons) "
        "is recorded."
    ]
    world.record(
        case, EventKind.ESO_CONSIDERED, by="legal", text="An ESO would not help."
    )
    case = world.step(case, "refer_for_prosecution", "legal", reason="Grounds.")
    assert case.stage == Stage.PROSECUTION_REFERRAL


def test_reopened_case_does_not_count_facts_from_before(world):
    case = world.case_at(Stage.CLOSED)
    case = world.step(case, "reopen", "lead", reason="Absence returned.")
    assert case.stage == Stage.CONCERN
    assert case.lead_practitioner == world.users["pastoral"]
    assert blockers(case, "start_early_help") == [
        "The family's agreement to an early help plan is not recorded "
        "(early help is voluntary)."
    ]


def test_reopen_refused_while_the_pupil_has_another_open_case(world):
    case = world.case_at(Stage.CLOSED)
    world.open_case(pupil=case.pupil)
    assert blockers(case, "reopen") == ["This pupil already has another open case."]
    with pytest.raises(services.TransitionRefused):
        world.step(case, "reopen", "lead", reason="Absence returned.")


@pytest.mark.parametrize(
    ("name", "args", "field"),
    [
        ("step_down", {"reason": "  "}, "reason"),
        ("close", {}, "closure_reason"),
        ("close", {"closure_reason": "other"}, "reason"),
    ],
)
def test_step_without_its_required_reason_is_a_validation_error(
    world, name, args, field
):
    case = world.case_at(Stage.PARENTING_CONTRACT)
    with pytest.raises(ValidationError) as error:
        world.step(case, name, "lead", **args)
    assert field in error.value.message_dict
    case.refresh_from_db()
    assert case.stage == Stage.PARENTING_CONTRACT


def test_closing_records_the_reason_and_time(world):
    case = world.case_at(Stage.EARLY_HELP)
    case = world.step(
        case, "close", "lead", closure_reason="other", reason="Moved abroad."
    )
    case.refresh_from_db()
    assert (case.stage, case.closure_reason) == (Stage.CLOSED, "other")
    assert case.closed_at is not None
    event = CaseEvent.objects.filter(case=case).order_by("-pk").first()
    assert (event.text, event.details["closure_reason"]) == ("Moved abroad.", "other")


def test_step_not_declared_from_the_stage_is_refused(world):
    case = world.open_case()
    with pytest.raises(services.TransitionRefused) as refused:
        world.step(case, "apply_for_eso", "legal", reason="x")
    assert refused.value.reasons == [
        "“Apply for an education supervision order” is not a step from Attendance "
        "concern."
    ]


def test_stale_expected_stage_is_case_changed(world):
    case = world.case_at(Stage.EARLY_HELP)
    with pytest.raises(services.CaseChanged):
        services.case_transition(
            case=case,
            name="close",
            by=world.users["lead"],
            expected_stage=Stage.CONCERN,
            closure_reason="improved",
        )


def test_stage_cannot_be_set_directly(world):
    case = world.open_case()
    with pytest.raises(AttributeError):
        case.stage = Stage.ESO


def test_one_open_case_per_pupil_in_the_database(world):
    case = world.open_case()
    with pytest.raises(IntegrityError):
        Case.objects.create(
            pupil=case.pupil, school=case.school, opened_by=world.users["lead"]
        )


def test_opening_a_second_case_is_a_clear_error(world):
    case = world.open_case()
    with pytest.raises(ValidationError) as error:
        world.open_case(pupil=case.pupil)
    assert error.value.messages == [
        f"{case.pupil.display_name} already has an open case."
    ]
    assert Case.objects.filter(pupil=case.pupil).count() == 1


@pytest.mark.parametrize("role", ["head", "la", "legal", "sibling_lead", "superuser"])
def test_only_the_schools_case_workers_open_cases(world, role):
    pupil = world.pupil()
    with pytest.raises(services.PermissionDenied):
        world.open_case(pupil=pupil, by=role)
    assert not Case.objects.filter(pupil=pupil).exists()


@pytest.mark.unit
def test_in_brief_keeps_one_line_for_the_checklist():
    from cases.workflow import in_brief

    reasons = [
        "The case is not shared with Sheffield.",
        "The legal-readiness checklist is not complete (13 of 15). Missing:",
        "– Family details up to date",
        "– The child's voice recorded",
    ]
    assert in_brief(reasons) == (
        [
            "The case is not shared with Sheffield.",
            "The legal-readiness checklist is not complete (13 of 15).",
        ],
        True,
    )
    assert in_brief(reasons[:1]) == (reasons[:1], False)


@pytest.mark.parametrize("role", ["officer", "pastoral", "lead", "dsl"])
def test_only_the_la_records_that_an_eso_was_considered(world, role):
    case = _ready(world, "apply_for_eso")
    before = CaseEvent.objects.filter(case=case).count()
    with pytest.raises(ValidationError) as refused:
        world.record(case, EventKind.ESO_CONSIDERED, by=role, text="Not needed.")
    assert refused.value.message_dict == {
        "kind": [
            "Only the local authority's staff, on a case shared with them, record "
            "that an ESO was considered: the decision is the LA's."
        ]
    }
    assert CaseEvent.objects.filter(case=case).count() == before
    assert blockers(case, "refer_for_prosecution")  # nothing was unlocked


@pytest.mark.parametrize("role", ["la", "legal"])
def test_la_staff_on_the_shared_case_record_that_an_eso_was_considered(world, role):
    case = _ready(world, "apply_for_eso")
    world.record(case, EventKind.ESO_CONSIDERED, by=role, text="An ESO would not help.")
    assert CaseEvent.objects.filter(
        case=case, kind=EventKind.ESO_CONSIDERED, recorded_by=world.users[role]
    ).exists()


def test_the_record_form_offers_eso_considered_to_the_la_only(world):
    from cases.permissions import recordable_kinds

    case = world.case_at(Stage.PARENTING_CONTRACT)
    school = recordable_kinds(world.users["lead"], case)
    la = recordable_kinds(world.users["la"], case)
    assert EventKind.ESO_CONSIDERED not in school
    assert set(la) - set(school) == {EventKind.ESO_CONSIDERED}
    assert recordable_kinds(world.users["other_la"], case) == []


@pytest.mark.parametrize(
    ("year_group", "name", "why"),
    [
        (12, "apply_for_eso", "is past compulsory school age"),
        (12, "refer_for_prosecution", "is past compulsory school age"),
        (-1, "apply_for_eso", "is not yet of compulsory school age"),
    ],
)
def test_legal_steps_refused_for_a_pupil_not_of_compulsory_school_age(
    world, year_group, name, why
):
    case = _ready(world, "apply_for_eso")
    if name == "refer_for_prosecution":
        world.record(case, EventKind.ESO_CONSIDERED, by="legal", text="Considered.")
    assert blockers(case, name) == []
    pupil = case.pupil
    pupil.year_group = year_group
    pupil.date_of_birth = born_in(year_group)
    pupil.save()
    case.refresh_from_db()

    reasons = blockers(case, name)

    step = {
        "apply_for_eso": "an education supervision order",
        "refer_for_prosecution": "prosecution for non-attendance",
    }[name]
    assert len(reasons) == 1
    assert reasons[0].startswith(f"{pupil.display_name} {why} (")
    assert reasons[0].endswith(
        f"): {step} applies only to a child of compulsory school age."
    )
    with pytest.raises(services.TransitionRefused):
        world.step(case, name, "legal", reason="Grounds.")
