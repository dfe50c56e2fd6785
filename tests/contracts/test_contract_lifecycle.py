"""The parenting contract's life: drafting, each step by each role, the
signing that activation needs, reviews, not kept, and the checklist item.

The fixtures here are imported by the other ``test_contract_*`` modules.
"""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from cases.checklist import checklist_status
from cases.models import CaseEvent
from contracts import contract_services as services
from contracts.contract_enums import ContractEventKind, ContractStatus
from contracts.contract_letters import DOCUMENT, WARNING, contract_letters_prepare
from contracts.contract_lifecycle import STEPS, contract_blockers
from contracts.models import ContractReview, ParentingContract
from plans import services as plan_services
from tests.cases.conftest import World, build_world
from tests.meetings.conftest import Family
from tests.shared_world import shared_world

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

# Who may take each step: the attendance lead, the DSL, and the LA lead
# practitioner on a shared case; nobody else who can see the case.
MANAGERS = ["lead", "dsl", "la"]
READERS_ONLY = ["officer", "pastoral", "head", "legal"]


@pytest.fixture
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


class Setup:
    def __init__(self, world: World, *, shared: bool = True):
        self.world = world
        self.case = world.case_at("parenting_contract", shared=shared)
        self.family = Family(self.case.pupil)
        today = timezone.localdate()
        lead = world.users["lead"]
        self.plan = plan_services.plan_create(
            case=self.case, by=lead, kind="contract", start_on=today
        )
        self.targets = [
            plan_services.target_save(
                plan=self.plan,
                by=lead,
                achieve=achieve,
                actions="Daily check-in",
                owner="Test Lead, attendance lead",
                goal_kind="attendance_at_least",
                goal_value=value,
                start_on=today,
                review_on=today + timedelta(weeks=3),
                end_on=today + timedelta(weeks=6),
            )
            for achieve, value in (
                ("Attend at least 90 % of sessions", 90),
                ("Attend at least 95 % of sessions", 95),
            )
        ]

    def terms(self, **changes) -> dict:
        today = timezone.localdate()
        terms = {
            "plan": self.plan,
            "parents_reasons": "Mornings are hard since the move.",
            "parents_agree": "Bring Sam to school by 8.45 every day.",
            "school_agrees": "A place at breakfast club and a daily check-in.",
            "la_agrees": "A family support worker for six weeks.",
            "pupil_agrees": "Go to breakfast club.",
            "overall_responsible": self.world.users["lead"],
            "day_to_day_responsible": self.world.users["pastoral"],
            "starts_on": today,
            "ends_on": today + timedelta(weeks=12),
            "review_every_weeks": 4,
            "consent_to_share": True,
            "consent_note": "the school nurse and the family support service",
        }
        terms.update(changes)
        return terms

    def draft(self, by: str = "lead", parents=None, **changes) -> ParentingContract:
        return services.contract_draft(
            case=self.case,
            by=self.world.users[by],
            parents=self.family.parents if parents is None else parents,
            **self.terms(**changes),
        )

    def step(self, contract, name: str, by: str = "lead", **details):
        contract = ParentingContract.objects.get(pk=contract.pk)
        return services.contract_transition(
            contract=contract, name=name, by=self.world.users[by], **details
        )

    def signed(self, by: str = "lead") -> ParentingContract:
        contract = self.draft()
        self.step(contract, "offer")
        return self.step(
            contract,
            "sign",
            signed_on=timezone.localdate(),
            present="Ms Dana Okafor, Mr Tunde Okafor, Test Lead",
            witness="Test Pastoral, pastoral staff",
            signed_copy=pdf_upload(),
        )

    def active(self) -> ParentingContract:
        return self.step(self.signed(), "activate")

    def review(self, contract, decision="continue", met=True, by="lead", **kw):
        contract = ParentingContract.objects.get(pk=contract.pk)
        return services.contract_review_record(
            contract=contract,
            by=self.world.users[by],
            held_on=timezone.localdate(),
            attended="Ms Dana Okafor, Test Lead",
            decision=decision,
            results={t.pk: met for t in self.targets},
            **kw,
        )


def build_contract_setup() -> Setup:
    """The cases tests' world with a shared case at the parenting-contract
    stage, its pupil's parents, and a contract plan with two targets."""
    return Setup(build_world())


# One world for the module: built once with its case (tests/shared_world.py);
# a test asking only for the world gets the same one.
setup = shared_world(build_contract_setup, name="setup", fixtures=("private_media",))


@pytest.fixture
def world(setup) -> World:
    return setup.world


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_upload(name: str = "signed.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def png_bytes(size=(40, 20)) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, "white").save(out, format="PNG")
    return out.getvalue()


def events(case, kind=None) -> list[str]:
    rows = CaseEvent.objects.filter(case=case, kind__startswith="contract.")
    if kind:
        rows = rows.filter(kind=kind)
    return list(rows.order_by("pk").values_list("kind", flat=True))


def written(case) -> tuple:
    return (
        ParentingContract.objects.filter(case=case).count(),
        ContractReview.objects.filter(contract__case=case).count(),
        CaseEvent.objects.filter(case=case).count(),
    )


# Drafting


def test_draft_freezes_the_figures_and_takes_the_plan(setup):
    contract = setup.draft()
    assert contract.status == ContractStatus.DRAFT
    assert set(contract.parents.all()) == set(setup.family.parents)
    assert contract.plan == setup.plan
    assert contract.review_every_weeks == 4
    assert contract.attendance_snapshot["as_of"] == timezone.localdate().isoformat()
    assert contract.attendance_snapshot["possible"] == 0
    assert contract.attendance_snapshot["minutes_late"] is None
    assert events(setup.case) == [ContractEventKind.DRAFTED]


def test_draft_prefills_what_the_child_said_from_pupil_voice(setup):
    from voice import services as voice_services
    from voice.enums import VoiceTool

    assert setup.draft(child_views=None).child_views == ""
    today = timezone.localdate()
    voice_services.voice_record(
        by=setup.world.users["officer"],
        case=setup.case,
        tool=VoiceTool.CONVERSATION,
        words="The bus is always late.",
        recorded_on=today,
    )
    assert setup.draft(child_views=None).child_views == (
        f"{today.day} {today:%B %Y}: The bus is always late."
    )
    assert setup.draft(child_views="Said at the meeting.").child_views == (
        "Said at the meeting."
    )


def test_a_parent_who_is_not_the_pupils_writes_nothing(setup):
    from tests.factories import ParentCarerFactory

    stranger = ParentCarerFactory()
    before = written(setup.case)
    with pytest.raises(ValidationError) as error:
        setup.draft(parents=[setup.family.mother, stranger])
    assert "parents" in error.value.message_dict
    assert written(setup.case) == before


@pytest.mark.parametrize("who", ["step_parent", "grandparent", "barred"])
def test_only_parents_with_parental_responsibility_the_school_may_contact(setup, who):
    before = written(setup.case)
    with pytest.raises(ValidationError) as error:
        setup.draft(parents=[getattr(setup.family, who)])
    assert error.value.message_dict["parents"][0].endswith(
        "parents with parental responsibility whom the school may contact."
    )
    assert written(setup.case) == before


def test_another_schools_plan_or_staff_are_refused(setup, world):
    other = Setup(world)
    before = written(setup.case)
    with pytest.raises(ValidationError) as error:
        setup.draft(plan=other.plan, overall_responsible=world.users["sibling_lead"])
    assert error.value.message_dict == {
        "plan": ["Choose this case's parenting-contract plan."],
        "overall_responsible": [
            "Choose someone who works on this case's school or LA team."
        ],
    }
    assert written(setup.case) == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"review_every_weeks": 3}, "review_every_weeks"),
        ({"review_every_weeks": 7}, "review_every_weeks"),
        ({"parents_agree": "  "}, "parents_agree"),
        ({"school_agrees": ""}, "school_agrees"),
        ({"ends_on": timezone.localdate() - timedelta(days=1)}, "ends_on"),
    ],
)
def test_bad_terms_name_the_field(setup, changes, field):
    before = written(setup.case)
    with pytest.raises(ValidationError) as error:
        setup.draft(**changes)
    assert list(error.value.message_dict) == [field]
    assert written(setup.case) == before


def test_a_contract_is_drafted_only_at_the_parenting_contract_stage(
    world, private_media
):
    case = world.case_at("early_help")
    Family(case.pupil)
    with pytest.raises(ValidationError) as error:
        services.contract_draft(
            case=case, by=world.users["lead"], parents=[], starts_on=None
        )
    assert error.value.messages == [
        "A parenting contract is drafted once the case is at the parenting "
        "contract stage."
    ]


def test_a_draft_can_be_changed_until_it_is_offered(setup):
    contract = setup.draft()
    terms = setup.terms(school_agrees="A mentor twice a week.", review_every_weeks=5)
    contract = services.contract_edit(
        contract=contract,
        by=setup.world.users["dsl"],
        parents=[setup.family.mother],
        **terms,
    )
    assert contract.school_agrees == "A mentor twice a week."
    assert contract.review_every_weeks == 5
    assert list(contract.parents.all()) == [setup.family.mother]
    label = CaseEvent.objects.get(kind=ContractEventKind.EDITED).details["label"]
    assert (
        label == "Changed: what the school agrees to do, review every (weeks), parents"
    )
    setup.step(contract, "offer")
    with pytest.raises(ValidationError) as error:
        services.contract_edit(
            contract=contract,
            by=setup.world.users["lead"],
            parents=setup.family.parents,
            **terms,
        )
    assert error.value.messages == ["Only a draft contract can be changed."]


# Every step by every role


@pytest.mark.parametrize("role", MANAGERS)
def test_managers_take_every_step(setup, role):
    contract = setup.draft(by=role)
    setup.step(contract, "offer", by=role)
    setup.step(
        contract,
        "sign",
        by=role,
        signed_on=timezone.localdate(),
        present="Both parents",
        witness="Test Pastoral",
        signed_copy=pdf_upload(),
    )
    setup.step(contract, "activate", by=role)
    setup.review(contract, by=role, decision="end")
    contract = setup.step(contract, "complete", by=role, note="Targets met.")
    assert contract.status == ContractStatus.COMPLETED
    assert events(setup.case) == [
        ContractEventKind.DRAFTED,
        ContractEventKind.OFFERED,
        ContractEventKind.SIGNED,
        ContractEventKind.ACTIVATED,
        ContractEventKind.REVIEWED,
        ContractEventKind.COMPLETED,
    ]


REFUSAL = (
    "Only the attendance lead, the DSL or the LA lead practitioner may work on "
    "this case's parenting contracts."
)


@pytest.mark.parametrize(
    "role", [*READERS_ONLY, "sibling_lead", "other_la", "other_legal", "nobody"]
)
def test_other_roles_are_refused_every_step_with_the_reason(setup, role):
    user = setup.world.users[role]
    draft = setup.draft()
    offered = setup.draft()
    setup.step(offered, "offer")
    signed = setup.signed()
    active = setup.active()
    before = written(setup.case)
    attempts = [
        lambda: setup.draft(by=role),
        lambda: setup.step(draft, "offer", by=role),
        lambda: setup.step(draft, "withdraw", by=role, reason="No."),
        lambda: setup.step(
            offered,
            "sign",
            by=role,
            signed_on=timezone.localdate(),
            present="Both",
            witness="Someone",
            signed_copy=pdf_upload(),
        ),
        lambda: setup.step(offered, "decline", by=role, reason="No."),
        lambda: setup.step(signed, "activate", by=role),
        lambda: setup.review(active, by=role),
        lambda: setup.step(active, "complete", by=role),
        lambda: setup.step(
            active, "mark_not_kept", by=role, decision="other", reason="No."
        ),
        lambda: services.contract_breach_record(
            contract=active,
            by=user,
            contacted_on=timezone.localdate(),
            contact_note="x",
            amendment_note="y",
        ),
        lambda: services.contract_not_offered_record(
            case=setup.case, by=user, reason="No."
        ),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied) as error:
            attempt()
        assert str(error.value) == REFUSAL
    assert written(setup.case) == before


def test_a_closed_case_takes_no_contract_step(setup):
    contract = setup.active()
    setup.world.step(setup.case, "close", "lead", closure_reason="improved")
    with pytest.raises(PermissionDenied):
        setup.review(contract)


def test_la_lead_practitioner_only_on_a_shared_case(world, private_media):
    case = world.case_at("parenting_contract", shared=False)
    Family(case.pupil)
    with pytest.raises(PermissionDenied):
        services.contract_draft(case=case, by=world.users["la"], parents=[])


@pytest.mark.parametrize(
    ("status_steps", "refused"),
    [
        ([], ["sign", "decline", "activate", "complete", "mark_not_kept"]),
        (["offer"], ["offer", "activate", "complete", "mark_not_kept"]),
    ],
)
def test_steps_from_the_wrong_status_are_refused(setup, status_steps, refused):
    contract = setup.draft()
    for name in status_steps:
        setup.step(contract, name)
    for name in refused:
        with pytest.raises(ValidationError) as error:
            setup.step(contract, name, reason="x", decision="other")
        assert "cannot take that step" in error.value.messages[0], name


def test_offer_needs_a_plan_with_targets(setup):
    from plans.services import plan_withdraw

    contract = setup.draft(plan=None)
    assert contract_blockers(contract, "offer") == []  # it will take the plan
    plan_withdraw(plan=setup.plan, by=setup.world.users["lead"], reason="Replaced.")
    assert contract_blockers(contract, "offer") == [
        "Add a parenting-contract plan with its targets to the case: the contract "
        "holds its targets."
    ]
    with pytest.raises(ValidationError):
        setup.step(contract, "offer")
    contract = ParentingContract.objects.get(pk=contract.pk)
    assert contract.status == ContractStatus.DRAFT
    assert contract.plan is None


def test_a_draft_without_a_plan_takes_the_cases_plan_when_offered(setup):
    contract = setup.draft(plan=None)
    contract = setup.step(contract, "offer")
    assert contract.status == ContractStatus.OFFERED
    assert contract.plan == setup.plan


def test_a_contract_cannot_be_active_without_a_recorded_signing(setup):
    contract = setup.draft()
    setup.step(contract, "offer")
    # Straight from offered, activate is not a step at all.
    with pytest.raises(ValidationError):
        setup.step(contract, "activate")
    # Signing without the signed copy is refused, naming the field.
    with pytest.raises(ValidationError) as error:
        setup.step(
            contract,
            "sign",
            signed_on=timezone.localdate(),
            present="Both parents",
            witness="Test Pastoral",
        )
    assert list(error.value.message_dict) == ["signed_copy"]
    contract = ParentingContract.objects.get(pk=contract.pk)
    assert contract.status == ContractStatus.OFFERED
    assert contract.signed_on is None
    assert contract_blockers(contract, "activate") == [
        "A contract becomes active only once its signing is recorded."
    ]


def test_signing_checks_the_upload_by_decoding_it(setup, private_media):
    contract = setup.draft()
    setup.step(contract, "offer")
    for name, data in (
        ("fake.pdf", b"%PDF-1.4 not really a pdf"),
        ("fake.png", b"\x89PNG\r\n\x1a\nnot an image"),
        ("notes.txt", b"hello"),
    ):
        with pytest.raises(ValidationError) as error:
            setup.step(
                contract,
                "sign",
                signed_on=timezone.localdate(),
                present="Both parents",
                witness="Test Pastoral",
                signed_copy=SimpleUploadedFile(name, data),
            )
        assert list(error.value.message_dict) == ["signed_copy"], name
    contract = ParentingContract.objects.get(pk=contract.pk)
    assert contract.status == ContractStatus.OFFERED
    assert not any(p.is_file() for p in private_media.rglob("*"))


def test_signing_with_a_photo_keeps_a_clean_image(setup, private_media):
    contract = setup.draft()
    setup.step(contract, "offer")
    contract = setup.step(
        contract,
        "sign",
        signed_on=timezone.localdate(),
        present="Both parents",
        witness="Test Pastoral",
        signed_copy=SimpleUploadedFile("photo.jpg", png_bytes()),
    )
    assert contract.status == ContractStatus.SIGNED
    assert contract.signed_copy.name.endswith(".png")
    assert contract.signing_method == "upload"


def test_signatures_on_screen_need_every_parent(setup, private_media):
    import base64

    data_url = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()
    contract = setup.draft()
    setup.step(contract, "offer")
    mother = services.Signature("Ms Dana Okafor", data_url, setup.family.mother)
    with pytest.raises(ValidationError) as error:
        setup.step(
            contract,
            "sign",
            signed_on=timezone.localdate(),
            present="Both parents",
            witness="Test Pastoral",
            signatures=[mother],
        )
    assert error.value.message_dict == {
        "signatures": ["Each parent signs: no signature from Mr Tunde Okafor."]
    }
    assert contract.signatures.count() == 0
    father = services.Signature("Mr Tunde Okafor", data_url, setup.family.father)
    contract = setup.step(
        contract,
        "sign",
        signed_on=timezone.localdate(),
        present="Both parents",
        witness="Test Pastoral",
        signatures=[mother, father],
    )
    assert contract.signing_method == "on_screen"
    assert contract.signatures.count() == 2
    assert contract_blockers(contract, "activate") == []


def test_decline_and_withdraw_need_a_reason(setup):
    contract = setup.draft()
    setup.step(contract, "offer")
    with pytest.raises(ValidationError) as error:
        setup.step(contract, "decline", reason=" ")
    assert error.value.message_dict == {"reason": ["Say why the contract declined."]}
    contract = setup.step(contract, "decline", reason="The father will not sign.")
    assert contract.status == ContractStatus.DECLINED
    assert contract.end_reason == "The father will not sign."
    other = setup.draft()
    other = setup.step(other, "withdraw", reason="Attendance improved.")
    assert other.status == ContractStatus.WITHDRAWN


def test_activation_schedules_the_first_review(setup):
    contract = setup.active()
    assert contract.status == ContractStatus.ACTIVE
    assert contract.next_review_on == timezone.localdate() + timedelta(weeks=4)


def test_reviews_repeat_and_record_each_target(setup):
    contract = setup.active()
    first = setup.review(contract, met=False)
    second = setup.review(contract, decision="amend", notes="Arrive by 8.50.")
    contract = ParentingContract.objects.get(pk=contract.pk)
    assert contract.status == ContractStatus.REVIEWED
    assert [r.met for r in first.target_results.all()] == [False, False]
    assert [r.met for r in second.target_results.all()] == [True, True]
    assert contract.next_review_on == timezone.localdate() + timedelta(weeks=4)
    labels = list(
        CaseEvent.objects.filter(kind=ContractEventKind.REVIEWED)
        .order_by("pk")
        .values_list("details__label", flat=True)
    )
    day = timezone.localdate()
    assert labels == [
        f"Review on {day.day} {day:%B %Y}: 0 of 2 targets met; continue the "
        "contract as it is",
        f"Review on {day.day} {day:%B %Y}: 2 of 2 targets met; continue with "
        "amendments (say what changes)",
    ]


def test_a_review_must_judge_every_target_and_amend_says_what(setup):
    contract = setup.active()
    before = written(setup.case)
    with pytest.raises(ValidationError) as error:
        services.contract_review_record(
            contract=contract,
            by=setup.world.users["lead"],
            held_on=timezone.localdate(),
            attended="",
            decision="amend",
            results={setup.targets[0].pk: True},
        )
    assert error.value.message_dict == {
        "attended": ["Say who attended, the parents included."],
        "notes": ["Say what changes in the contract."],
        "targets": ["Say whether each target was met."],
    }
    assert written(setup.case) == before


def test_complete_before_the_end_needs_a_review_deciding_to_end(setup):
    contract = setup.active()
    with pytest.raises(ValidationError) as error:
        setup.step(contract, "complete", note="Done.")
    assert error.value.messages[0].startswith("The contract runs until ")
    setup.review(contract, decision="end")
    assert setup.step(contract, "complete").status == ContractStatus.COMPLETED


def test_not_kept_walks_through_seed_002s_steps(setup):
    contract = setup.active()
    assert contract_blockers(contract, "mark_not_kept") == [
        "Contact the parents and record what they said.",
        "Record whether amending the contract was considered.",
        "Prepare the warning letter for Ms Dana Okafor and Mr Tunde Okafor.",
    ]
    with pytest.raises(ValidationError):
        setup.step(contract, "mark_not_kept", decision="refer_to_la", reason="x")
    with pytest.raises(ValidationError):
        contract_letters_prepare(
            contract=contract, kind=WARNING, by=setup.world.users["lead"]
        )
    services.contract_breach_record(
        contract=contract,
        by=setup.world.users["lead"],
        contacted_on=timezone.localdate(),
        contact_note="Mum says the bus is the problem.",
        amendment_note="Considered; the bus pass is already in the contract.",
    )
    letters = contract_letters_prepare(
        contract=contract, kind=WARNING, by=setup.world.users["lead"]
    )
    assert sorted(str(letter.recipient) for letter in letters) == [
        "Mr Tunde Okafor",
        "Ms Dana Okafor",
    ]
    contract = ParentingContract.objects.get(pk=contract.pk)
    assert contract_blockers(contract, "mark_not_kept") == []
    with pytest.raises(ValidationError) as error:
        setup.step(contract, "mark_not_kept", decision="refer_to_la", reason="")
    assert list(error.value.message_dict) == ["reason"]
    contract = setup.step(
        contract,
        "mark_not_kept",
        decision="refer_to_la",
        reason="Two reviews missed and attendance fell to 71 %.",
    )
    assert contract.status == ContractStatus.NOT_KEPT
    assert contract.next_review_on is None
    assert events(setup.case) == [
        ContractEventKind.DRAFTED,
        ContractEventKind.OFFERED,
        ContractEventKind.SIGNED,
        ContractEventKind.ACTIVATED,
        ContractEventKind.BREACH,
        ContractEventKind.NOT_KEPT,
    ]


def test_the_contract_document_one_per_parent(setup):
    contract = setup.draft()
    with pytest.raises(ValidationError):
        contract_letters_prepare(
            contract=contract, kind=DOCUMENT, by=setup.world.users["lead"]
        )
    setup.step(contract, "offer")
    letters = contract_letters_prepare(
        contract=contract, kind=DOCUMENT, by=setup.world.users["dsl"]
    )
    assert [letter.kind for letter in letters] == [DOCUMENT, DOCUMENT]
    assert {letter.recipient for letter in letters} == set(setup.family.parents)
    assert all(letter.pdf.read(5) == b"%PDF-" for letter in letters)
    with pytest.raises(PermissionDenied):
        contract_letters_prepare(
            contract=contract, kind=DOCUMENT, by=setup.world.users["officer"]
        )


def test_every_step_has_a_rule():
    assert set(STEPS) == {
        "offer",
        "sign",
        "decline",
        "activate",
        "review",
        "complete",
        "mark_not_kept",
        "withdraw",
    }


# The checklist item


def _item(case):
    return next(s for s in checklist_status(case) if s.item.key == "parenting_contract")


def test_entering_the_stage_no_longer_meets_the_item(setup):
    assert _item(setup.case).evidence is None
    assert _item(setup.case).shortfall is None


def test_an_offered_contract_is_a_shortfall_not_evidence(setup):
    contract = setup.draft()
    setup.step(contract, "offer")
    status = _item(setup.case)
    assert status.evidence is None
    assert status.shortfall.summary == (
        "A parenting contract is offered to the parents but has not been signed."
    )
    assert status.shortfall.url == contract.get_absolute_url()


def test_a_signed_contract_meets_the_item_and_links_to_it(setup):
    contract = setup.signed()
    status = _item(setup.case)
    day = timezone.localdate()
    assert status.evidence.summary == (
        "A parenting contract with Ms Dana Okafor and Mr Tunde Okafor, signed on "
        f"{day.day} {day:%B %Y} (signed)."
    )
    assert status.evidence.url == contract.get_absolute_url()


def test_a_written_reason_meets_the_item(setup):
    with pytest.raises(ValidationError):
        services.contract_not_offered_record(
            case=setup.case, by=setup.world.users["lead"], reason=" "
        )
    with pytest.raises(PermissionDenied):
        services.contract_not_offered_record(
            case=setup.case, by=setup.world.users["officer"], reason="No."
        )
    assert _item(setup.case).evidence is None
    event = services.contract_not_offered_record(
        case=setup.case,
        by=setup.world.users["dsl"],
        reason="Social care now leads; a contract would cut across its plan.",
    )
    status = _item(setup.case)
    assert status.evidence.summary == (
        "No contract was offered: Social care now leads; a contract would cut "
        "across its plan."
    )
    assert status.evidence.url == f"{setup.case.get_absolute_url()}#event-{event.pk}"
    assert status.evidence.recorded_by == "Test Dsl"
