"""Plans, their SMART targets and reviews, and the support-first ledger.

Models of the plans app, on the floor above ``cases``. Their tables keep the
names they had when they were part of the cases app (``cases_plan`` and so on),
so moving them lost no data. The rules
(who may write, when a plan may become active, what a review does) live in
``plans.services``; the models hold only the invariants of one row.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition

from cases.conditions import no_blockers
from cases.models import Case, CaseEvent
from plans.attendance_targets import GoalKind
from plans.enums import (
    LIVE_PLAN_STATUSES,
    Achieved,
    FamilyResponse,
    PlanKind,
    PlanStatus,
    ReviewDecision,
    SupportKind,
)
from schools.models import ParentCarer

DEFAULT_REVIEW_WEEKS = 6
EDITABLE_PLAN_STATUSES = (PlanStatus.DRAFT, *LIVE_PLAN_STATUSES)

# The rules of each step (``plans.lifecycle.plan_blockers``), for the conditions.
BLOCKERS = "plans.lifecycle.plan_blockers"


class Plan(FSMModelMixin, models.Model):
    """A plan of support with SMART targets, reviewed every few weeks.

    ``status`` is a protected django-fsm-2 field: it changes only through the
    ``@transition`` methods below, in memory, called by ``plans.services``
    (which locks the row, checks the user and ``plan_blockers``, and saves).
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="plans")
    kind = models.CharField(max_length=20, choices=PlanKind.choices)
    lead_practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans_led",
    )
    involves_pupil = models.BooleanField("involves the pupil", default=True)
    family_members = models.ManyToManyField(
        ParentCarer,
        blank=True,
        related_name="+",
        help_text="The pupil's parents and carers this plan involves.",
    )
    start_on = models.DateField("starts on", default=timezone.localdate)
    review_every_weeks = models.PositiveSmallIntegerField(
        "review every (weeks)",
        default=DEFAULT_REVIEW_WEEKS,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="Usually every 6 weeks; at most 12.",
    )
    next_review_on = models.DateField("next review", null=True, blank=True)
    status = FSMField(
        max_length=30,
        choices=PlanStatus.choices,
        default=PlanStatus.DRAFT,
        protected=True,
    )
    outcome_note = models.TextField(
        blank=True, help_text="When the plan ends: what happened and why."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    activated_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "cases_plan"
        ordering = ["-start_on", "-pk"]
        default_permissions = ()
        indexes = [
            models.Index(fields=["status", "next_review_on"], name="plan_review_due")
        ]
        constraints = [
            models.CheckConstraint(
                name="live_plan_has_next_review",
                condition=~Q(status__in=["active", "reviewed"])
                | Q(next_review_on__isnull=False),
                violation_error_message="An active plan has a next review date.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on case {self.case_id}"

    def get_absolute_url(self) -> str:
        return reverse(
            "portal:plans:plan", kwargs={"pk": self.case_id, "plan_pk": self.pk}
        )

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_PLAN_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_PLAN_STATUSES

    # The steps of the plan's life (rules in ``plans.lifecycle``).

    @transition(
        field=status,
        source=PlanStatus.DRAFT,
        target=PlanStatus.ACTIVE,
        conditions=[no_blockers(BLOCKERS, "activate")],
    )
    def activate(self) -> None:
        """Make the draft plan active."""

    @transition(
        field=status,
        source=LIVE_PLAN_STATUSES,
        target=PlanStatus.REVIEWED,
        conditions=[no_blockers(BLOCKERS, "keep_going")],
    )
    def keep_going(self) -> None:
        """A review decided to keep the plan going."""

    @transition(
        field=status,
        source=LIVE_PLAN_STATUSES,
        target=PlanStatus.ENDED_SUCCESSFULLY,
        conditions=[no_blockers(BLOCKERS, "end_successfully")],
    )
    def end_successfully(self) -> None:
        """A review ended the plan: it worked."""

    @transition(
        field=status,
        source=LIVE_PLAN_STATUSES,
        target=PlanStatus.ENDED_WITHOUT_SUCCESS,
        conditions=[no_blockers(BLOCKERS, "end_without_success")],
    )
    def end_without_success(self) -> None:
        """A review ended the plan: it did not work."""

    @transition(
        field=status,
        source=EDITABLE_PLAN_STATUSES,
        target=PlanStatus.WITHDRAWN,
        conditions=[no_blockers(BLOCKERS, "withdraw")],
    )
    def withdraw(self) -> None:
        """The plan is withdrawn before it ends."""

    def review_due_after(self, day) -> "timezone.datetime.date":
        return day + timedelta(weeks=self.review_every_weeks)

    def is_review_overdue(self, today=None) -> bool:
        """The rule "review overdue" for one plan in memory; ``review_overdue_q``
        is the same rule for a query (a test holds them equal)."""
        today = today or timezone.localdate()
        return (
            self.is_live
            and self.next_review_on is not None
            and self.next_review_on < today
        )


def review_overdue_q(today) -> models.Q:
    """Plans whose review is overdue on ``today``: live, and the next review
    date has passed. The one query form of ``Plan.is_review_overdue``."""
    return models.Q(status__in=LIVE_PLAN_STATUSES, next_review_on__lt=today)


class Target(models.Model):
    """One SMART target (DOMAIN section 8)."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="targets")
    achieve = models.TextField(
        "what we want to achieve",
        help_text="Something you can see and count, e.g. “arrive by 8.50am every "
        "day for the next six weeks”.",
    )
    applies_to_pupil = models.BooleanField("applies to the pupil", default=True)
    family_members = models.ManyToManyField(
        ParentCarer, blank=True, related_name="+", verbose_name="applies to"
    )
    outcomes = models.TextField("outcomes it serves", blank=True)
    actions = models.TextField("what we will do", blank=True)
    owner = models.CharField(
        "who will do it",
        max_length=200,
        blank=True,
        help_text="A person, with their role: “Mr Okoro, Head of Year 9”.",
    )
    intervention = models.CharField(
        "type of intervention", max_length=30, choices=SupportKind.choices, blank=True
    )
    start_on = models.DateField("start", null=True, blank=True)
    review_on = models.DateField("next review", null=True, blank=True)
    end_on = models.DateField("end", null=True, blank=True)
    comments = models.TextField(blank=True)
    achieved = models.CharField(
        "did we achieve it?",
        max_length=10,
        choices=Achieved.choices,
        default=Achieved.NOT_YET,
    )
    achieved_note = models.TextField(blank=True)
    # A structured attendance target, judged from the register.
    goal_kind = models.CharField(
        "judged from the register",
        max_length=30,
        choices=GoalKind.choices,
        blank=True,
    )
    goal_value = models.DecimalField(
        "target figure",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="The percentage for an attendance target, or the most late marks.",
    )

    class Meta:
        db_table = "cases_target"
        ordering = ["end_on", "pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"Target {self.pk} of plan {self.plan_id}"

    def clean(self) -> None:
        errors = {}
        if self.start_on and self.end_on and self.end_on < self.start_on:
            errors["end_on"] = "The end date is before the start date."
        if self.goal_kind == GoalKind.NO_UNAUTHORISED:
            self.goal_value = None
        elif self.goal_kind and self.goal_value is None:
            errors["goal_value"] = "Give the target figure the register is judged by."
        if self.goal_kind and not (self.start_on and self.end_on):
            errors["end_on"] = (
                "A target judged from the register needs a start and an end date."
            )
        if self.goal_kind == GoalKind.LATE_AT_MOST and self.goal_value is not None:
            if self.goal_value != int(self.goal_value):
                errors["goal_value"] = "The number of late marks is a whole number."
        if errors:
            raise ValidationError(errors)


class Review(models.Model):
    """A plan review: who came, how each target went, and what was decided."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField("held on")
    attended = models.TextField(
        "who attended", help_text="Names and roles, including the family."
    )
    decision = models.CharField(max_length=20, choices=ReviewDecision.choices)
    notes = models.TextField(blank=True)
    next_review_on = models.DateField("next review", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "cases_review"
        ordering = ["-held_on", "-pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"Review of plan {self.plan_id} on {self.held_on}"


class ReviewTargetOutcome(models.Model):
    review = models.ForeignKey(
        Review, on_delete=models.PROTECT, related_name="target_outcomes"
    )
    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="+")
    achieved = models.CharField(max_length=10, choices=Achieved.choices)
    note = models.TextField(blank=True)

    class Meta:
        db_table = "cases_reviewtargetoutcome"
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["review", "target"], name="one_outcome_per_target_per_review"
            )
        ]

    def __str__(self) -> str:
        return f"Target {self.target_id} at review {self.review_id}: {self.achieved}"


class SupportOffer(models.Model):
    """One entry in the support-first ledger: an offer of support and its answer."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="support_offers"
    )
    kind = models.CharField(
        "what was offered", max_length=30, choices=SupportKind.choices
    )
    kind_other = models.CharField("other (say what)", max_length=200, blank=True)
    to_pupil = models.BooleanField("offered to the pupil", default=False)
    to_carer = models.ForeignKey(
        ParentCarer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="offered to (parent or carer)",
    )
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="offered by",
    )
    offered_on = models.DateField("offered on")
    response = models.CharField(
        "did the family engage?",
        max_length=20,
        choices=FamilyResponse.choices,
        default=FamilyResponse.NOT_KNOWN,
    )
    response_on = models.DateField("answered on", null=True, blank=True)
    outcome = models.TextField(blank=True)
    outcome_on = models.DateField("outcome on", null=True, blank=True)
    # Where the entry came from, when a plan or a meeting made it.
    target = models.ForeignKey(
        Target, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    event = models.ForeignKey(
        CaseEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "cases_supportoffer"
        ordering = ["offered_on", "pk"]
        default_permissions = ()
        indexes = [
            models.Index(fields=["case", "offered_on"], name="ledger_by_case_date")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} offered on {self.offered_on}"

    @property
    def what(self) -> str:
        if self.kind == SupportKind.OTHER and self.kind_other:
            return self.kind_other
        return self.get_kind_display()

    @property
    def offered_to(self) -> str:
        if self.to_carer_id:
            return str(self.to_carer)
        return "The pupil" if self.to_pupil else "The family"

    def clean(self) -> None:
        errors = {}
        if self.kind == SupportKind.OTHER and not self.kind_other.strip():
            errors["kind_other"] = "Say what was offered."
        if self.to_pupil and self.to_carer_id:
            errors["to_carer"] = "Choose the pupil or one parent or carer, not both."
        if self.response_on and self.offered_on and self.response_on < self.offered_on:
            errors["response_on"] = "The answer cannot come before the offer."
        if self.outcome_on and self.offered_on and self.outcome_on < self.offered_on:
            errors["outcome_on"] = "The outcome cannot come before the offer."
        if self.response == FamilyResponse.NOT_KNOWN and self.response_on:
            errors["response"] = "Say how the family answered on that date."
        if errors:
            raise ValidationError(errors)
