"""Parenting (attendance) contracts.

A contract on a case, with one or both of the pupil's parents who hold
parental responsibility, drafted from the case (the pupil's figures frozen on
the day, what the child said, the targets of the case's parenting-contract
plan), offered, signed in the parents' presence, then reviewed every four to
six weeks until it is completed, not kept, or withdrawn; or declined.

``status`` is a protected django-fsm-2 field: it changes only through the
``@transition`` methods below, in memory, called by
``contracts.contract_services`` (which locks the case, checks the user and
``contract_blockers``, saves, and writes one chronology event). The rules of
each step live in ``contracts.contract_lifecycle``.
"""

from datetime import timedelta
from uuid import uuid4

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition

from cases.conditions import no_blockers
from cases.models import Case
from contracts.contract_enums import (
    LIVE_CONTRACT_STATUSES,
    SIGNED_CONTRACT_STATUSES,
    WITHDRAWABLE_STATUSES,
    ContractReviewDecision,
    ContractStatus,
    NotKeptDecision,
    SigningMethod,
)
from plans.models import Plan, Target
from schools.models import ParentCarer
from schools.private_storage import private_storage

__all__ = [
    "ContractReview",
    "ContractReviewTarget",
    "ContractSignature",
    "ParentingContract",
]

BLOCKERS = "contracts.contract_lifecycle.contract_blockers"
DEFAULT_REVIEW_WEEKS = 6


def may_manage(instance: "ParentingContract", user) -> bool:
    """The ``permission=`` of every transition (asked by the service through
    ``has_transition_perm``): the user may work on the case's contracts."""
    from contracts.contract_permissions import can_manage_contracts

    return can_manage_contracts(user, instance.case)


def signed_copy_path(instance: "ParentingContract", filename: str) -> str:
    """A random name, keeping only the extension the upload check chose."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in ("pdf", "png", "jpg"):
        raise ValueError("A signed copy is stored as .pdf, .png or .jpg only.")
    return f"contracts/{uuid4().hex}.{extension}"


def signature_path(instance: "ContractSignature", filename: str) -> str:
    return f"contracts/signatures/{uuid4().hex}.png"


class ParentingContract(FSMModelMixin, models.Model):
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="parenting_contracts"
    )
    parents = models.ManyToManyField(
        ParentCarer,
        related_name="+",
        help_text="The parents the contract is with: one, or both.",
    )
    plan = models.ForeignKey(
        Plan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The case's parenting-contract plan, whose targets the contract "
        "holds.",
    )
    status = FSMField(
        max_length=20,
        choices=ContractStatus.choices,
        default=ContractStatus.DRAFT,
        protected=True,
    )
    # Frozen when drafted: the pupil's figures on the case's school register.
    attendance_snapshot = models.JSONField(default=dict)
    parents_reasons = models.TextField(
        "the reasons the parents gave for the absences", blank=True
    )
    child_views = models.TextField("what the child said", blank=True)
    parents_agree = models.TextField("what the parents agree to do")
    school_agrees = models.TextField("what the school agrees to do")
    la_agrees = models.TextField("what the local authority agrees to do", blank=True)
    pupil_agrees = models.TextField("what the pupil agrees to do", blank=True)
    overall_responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="staff member with overall responsibility",
    )
    day_to_day_responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="staff member responsible day to day",
    )
    starts_on = models.DateField("starts on")
    ends_on = models.DateField("ends on")
    review_every_weeks = models.PositiveSmallIntegerField(
        "review every (weeks)",
        default=DEFAULT_REVIEW_WEEKS,
        validators=[MinValueValidator(4), MaxValueValidator(6)],
    )
    next_review_on = models.DateField("next review", null=True, blank=True)
    consent_to_share = models.BooleanField(
        "the parents consent to information being shared", default=False
    )
    consent_note = models.TextField("with whom information may be shared", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    offered_on = models.DateField(null=True, blank=True)
    # The signing, in the parents' presence.
    signed_on = models.DateField(null=True, blank=True)
    signing_present = models.TextField("who was present", blank=True)
    signing_witness = models.CharField("who witnessed", max_length=200, blank=True)
    signing_method = models.CharField(
        max_length=20, choices=SigningMethod.choices, blank=True
    )
    signed_copy = models.FileField(
        storage=private_storage, upload_to=signed_copy_path, blank=True
    )
    signing_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    activated_at = models.DateTimeField(null=True, blank=True)
    # When a contract is not kept (seed 002): the steps, then the decision.
    breach_contacted_on = models.DateField(
        "when the parents were contacted", null=True, blank=True
    )
    breach_contact_note = models.TextField("what the parents said", blank=True)
    breach_amendment_note = models.TextField(
        "whether amending the contract was considered, and why not", blank=True
    )
    not_kept_decision = models.CharField(
        "decision", max_length=30, choices=NotKeptDecision.choices, blank=True
    )
    # Why it ended: the reasons for a not-kept decision, a withdrawal, a
    # refusal, or the note on completion.
    end_reason = models.TextField(blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                name="contract_ends_after_start",
                condition=Q(ends_on__gt=models.F("starts_on")),
                violation_error_message="The contract ends after it starts.",
            ),
            models.CheckConstraint(
                name="live_contract_has_next_review",
                condition=~Q(status__in=["active", "reviewed"])
                | Q(next_review_on__isnull=False),
                violation_error_message="An active contract has a next review date.",
            ),
            models.CheckConstraint(
                name="signed_contract_has_signing",
                condition=~Q(
                    status__in=["signed", "active", "reviewed", "completed", "not_kept"]
                )
                | Q(signed_on__isnull=False),
                violation_error_message="A signed contract has its signing recorded.",
            ),
        ]

    def __str__(self) -> str:
        return f"Parenting contract {self.pk} on case {self.case_id}"

    def get_absolute_url(self) -> str:
        return reverse(
            "portal:contracts:contract",
            kwargs={"pk": self.case_id, "contract_pk": self.pk},
        )

    @property
    def is_draft(self) -> bool:
        return self.status == ContractStatus.DRAFT

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_CONTRACT_STATUSES

    @property
    def is_not_kept(self) -> bool:
        return self.status == ContractStatus.NOT_KEPT

    @property
    def was_signed(self) -> bool:
        return self.status in SIGNED_CONTRACT_STATUSES

    @property
    def signing_recorded(self) -> bool:
        """The signing's date and the signed copy are kept: the uploaded scan,
        or the signatures captured on screen."""
        if not self.signed_on:
            return False
        if self.signing_method == SigningMethod.UPLOAD:
            return bool(self.signed_copy)
        if self.signing_method == SigningMethod.ON_SCREEN:
            return self.signatures.exists()
        return False

    def review_due_after(self, day):
        return day + timedelta(weeks=self.review_every_weeks)

    # The steps of the contract's life (rules in ``contract_lifecycle``).

    @transition(
        field=status,
        source=ContractStatus.DRAFT,
        target=ContractStatus.OFFERED,
        conditions=[no_blockers(BLOCKERS, "offer")],
        permission=may_manage,
    )
    def offer(self) -> None:
        """The draft is offered to the parents."""

    @transition(
        field=status,
        source=ContractStatus.OFFERED,
        target=ContractStatus.SIGNED,
        conditions=[no_blockers(BLOCKERS, "sign")],
        permission=may_manage,
    )
    def sign(self) -> None:
        """Signed with the parents, in their presence."""

    @transition(
        field=status,
        source=ContractStatus.OFFERED,
        target=ContractStatus.DECLINED,
        conditions=[no_blockers(BLOCKERS, "decline")],
        permission=may_manage,
    )
    def decline(self) -> None:
        """The parents would not sign."""

    @transition(
        field=status,
        source=ContractStatus.SIGNED,
        target=ContractStatus.ACTIVE,
        conditions=[no_blockers(BLOCKERS, "activate")],
        permission=may_manage,
    )
    def activate(self) -> None:
        """The signed contract is in force."""

    @transition(
        field=status,
        source=LIVE_CONTRACT_STATUSES,
        target=ContractStatus.REVIEWED,
        conditions=[no_blockers(BLOCKERS, "review")],
        permission=may_manage,
    )
    def review(self) -> None:
        """A review was held."""

    @transition(
        field=status,
        source=LIVE_CONTRACT_STATUSES,
        target=ContractStatus.COMPLETED,
        conditions=[no_blockers(BLOCKERS, "complete")],
        permission=may_manage,
    )
    def complete(self) -> None:
        """The contract ran its course."""

    @transition(
        field=status,
        source=LIVE_CONTRACT_STATUSES,
        target=ContractStatus.NOT_KEPT,
        conditions=[no_blockers(BLOCKERS, "mark_not_kept")],
        permission=may_manage,
    )
    def mark_not_kept(self) -> None:
        """The parents did not keep to the contract; a decision is recorded."""

    @transition(
        field=status,
        source=WITHDRAWABLE_STATUSES,
        target=ContractStatus.WITHDRAWN,
        conditions=[no_blockers(BLOCKERS, "withdraw")],
        permission=may_manage,
    )
    def withdraw(self) -> None:
        """The school or LA withdraws the contract."""


class ContractSignature(models.Model):
    """One signature captured on screen at the signing, kept as a PNG."""

    contract = models.ForeignKey(
        ParentingContract, on_delete=models.PROTECT, related_name="signatures"
    )
    signer = models.CharField(max_length=200)
    parent_carer = models.ForeignKey(
        ParentCarer, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    image = models.FileField(storage=private_storage, upload_to=signature_path)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"Signature of {self.signer} on contract {self.contract_id}"


class ContractReview(models.Model):
    """A review of a contract: who came, each target met or not, a decision."""

    contract = models.ForeignKey(
        ParentingContract, on_delete=models.PROTECT, related_name="reviews"
    )
    held_on = models.DateField("held on")
    attended = models.TextField(
        "who attended", help_text="Names and roles, the parents included."
    )
    meeting_note = models.CharField(
        "meeting",
        max_length=200,
        blank=True,
        help_text="If the review was held at a meeting recorded on the case, which "
        "one (its kind and date).",
    )
    decision = models.CharField(max_length=20, choices=ContractReviewDecision.choices)
    notes = models.TextField(blank=True)
    next_review_on = models.DateField("next review", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"Review of contract {self.contract_id} on {self.held_on}"


class ContractReviewTarget(models.Model):
    review = models.ForeignKey(
        ContractReview, on_delete=models.PROTECT, related_name="target_results"
    )
    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="+")
    met = models.BooleanField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["review", "target"], name="one_result_per_contract_target"
            )
        ]

    def __str__(self) -> str:
        return f"Target {self.target_id} at contract review {self.review_id}"
