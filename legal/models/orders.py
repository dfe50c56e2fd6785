"""Education supervision orders and prosecution referrals on a case: the LA's
legal work, with every date the law sets computed by ``legal.rules``.

The models hold the invariants of one row; who may write and what each write
adds to the chronology are in ``legal.services``.
"""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition

from cases.models import Case
from contracts.models import PenaltyNotice
from legal import rules
from legal.enums import (
    LIVE_ESO_STATUSES,
    CourtOutcome,
    EsoStatus,
    ExtensionStatus,
    Offence,
)
from schools.models import ParentCarer


class EducationSupervisionOrder(FSMModelMixin, models.Model):
    """One application for an education supervision order and, when the court
    makes it, the order: its supervising officer, extensions, non-compliance
    and discharge. Its reviews are meetings of the ESO review type.

    ``status`` is a protected django-fsm-2 field, changed only by
    ``legal.services``.
    """

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="supervision_orders"
    )
    applied_on = models.DateField("date of the application")
    supervising_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="supervision_orders",
        help_text="The LA's designated supervising officer.",
    )
    court = models.CharField(
        max_length=200, help_text="The Family Court hearing the application."
    )
    hearing_on = models.DateField("hearing date", null=True, blank=True)
    status = FSMField(
        max_length=20,
        choices=EsoStatus.choices,
        default=EsoStatus.APPLIED,
        protected=True,
    )
    decided_on = models.DateField(
        "date of the court's decision",
        null=True,
        blank=True,
        help_text="For an order made, the date of the order.",
    )
    court_reference = models.CharField(max_length=60, blank=True)
    decision_note = models.TextField(blank=True)
    discharged_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-applied_on", "-pk"]
        default_permissions = ()
        verbose_name = "education supervision order"
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status__in=LIVE_ESO_STATUSES),
                name="one_live_eso_per_case",
                violation_error_message="This case already has an ESO applied for "
                "or in force.",
            ),
            models.CheckConstraint(
                name="decided_eso_has_date",
                condition=Q(status=EsoStatus.APPLIED) | Q(decided_on__isnull=False),
                violation_error_message="A decided application has a date.",
            ),
            models.CheckConstraint(
                name="discharged_eso_has_date",
                condition=~Q(status=EsoStatus.DISCHARGED)
                | Q(discharged_on__isnull=False),
                violation_error_message="A discharged order has a date.",
            ),
        ]

    def __str__(self) -> str:
        return f"ESO on case {self.case_id} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("portal:legal:eso", args=[self.case_id, self.pk])

    def period(
        self, granted_years: tuple[int, ...] | None = None
    ) -> rules.OrderPeriod | None:
        """The order's dates with its granted extensions; None until it is made.
        ``granted_years`` saves a query when the caller has the extensions."""
        if self.status not in (EsoStatus.MADE, EsoStatus.DISCHARGED):
            return None
        if granted_years is None:
            granted_years = tuple(
                self.extensions.filter(status=ExtensionStatus.GRANTED)
                .order_by("applied_on", "pk")
                .values_list("years", flat=True)
            )
        return rules.order_period(self.decided_on, granted_years)

    @property
    def is_applied(self) -> bool:
        """Applied for and waiting for the court."""
        return self.status == EsoStatus.APPLIED

    @property
    def is_discharged(self) -> bool:
        return self.status == EsoStatus.DISCHARGED

    @property
    def is_live(self) -> bool:
        """Applied for or made: the case can have one such at a time."""
        return self.status in LIVE_ESO_STATUSES

    def in_force_on(self, day: date, period: rules.OrderPeriod | None = None) -> bool:
        period = period or self.period()
        return (
            self.status == EsoStatus.MADE
            and period is not None
            and period.in_force_on(day)
        )

    @transition(field=status, source=EsoStatus.APPLIED, target=EsoStatus.MADE)
    def make(self) -> None:
        """The court makes the order."""

    @transition(field=status, source=EsoStatus.APPLIED, target=EsoStatus.REFUSED)
    def refuse(self) -> None:
        """The court refuses the application."""

    @transition(field=status, source=EsoStatus.APPLIED, target=EsoStatus.WITHDRAWN)
    def withdraw(self) -> None:
        """The LA withdraws its application."""

    @transition(field=status, source=EsoStatus.MADE, target=EsoStatus.DISCHARGED)
    def discharge(self) -> None:
        """The court discharges the order before it ends."""


class EsoExtension(models.Model):
    """An application to extend an order, made in its last three months, for up
    to three years; granted or refused by the court."""

    order = models.ForeignKey(
        EducationSupervisionOrder, on_delete=models.PROTECT, related_name="extensions"
    )
    applied_on = models.DateField("date of the application")
    years = models.PositiveSmallIntegerField(
        "years asked for",
        validators=[MinValueValidator(1), MaxValueValidator(rules.MAX_EXTENSION_YEARS)],
    )
    status = models.CharField(
        max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.APPLIED
    )
    decided_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["applied_on", "pk"]
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                name="eso_extension_one_to_three_years",
                condition=Q(years__gte=1, years__lte=rules.MAX_EXTENSION_YEARS),
                violation_error_message="An extension is for one to three years.",
            ),
        ]

    def __str__(self) -> str:
        return f"Extension of {self.years} years ({self.get_status_display()})"


class EsoNonCompliance(models.Model):
    """Persistent non-compliance with an order, and what the LA did about it
    (a parent who persistently fails to comply may be fined up to £1,000)."""

    order = models.ForeignKey(
        EducationSupervisionOrder,
        on_delete=models.PROTECT,
        related_name="non_compliance",
    )
    noted_on = models.DateField()
    what_happened = models.TextField()
    action_taken = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["noted_on", "pk"]
        default_permissions = ()
        verbose_name_plural = "non-compliance records"

    def __str__(self) -> str:
        return f"Non-compliance noted on {self.noted_on:%-d %B %Y}"


class ProsecutionReferral(models.Model):
    """The LA legal officer's referral for prosecution: the offence, the
    parents, the support offered and refused, the ESO considered or tried, and
    the hearing. Outcomes are recorded per parent."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="prosecution_referrals"
    )
    offence = models.CharField(max_length=10, choices=Offence.choices)
    knowledge_evidence = models.TextField(
        "evidence that the parent knew of the absence and failed to act",
        blank=True,
        help_text="Needed for section 444(1A).",
    )
    parents = models.ManyToManyField(ParentCarer, related_name="+")
    support_summary = models.TextField(
        "support offered and refused",
        help_text="From the support-first ledger; edit to summarise.",
    )
    eso_consideration = models.TextField(
        "the ESO considered",
        help_text="The LA's decision considering an ESO, or the ESO's history.",
    )
    penalty_notice = models.ForeignKey(
        PenaltyNotice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The unpaid penalty notice this referral follows, if any.",
    )
    court = models.CharField(max_length=200, help_text="The magistrates' court.")
    hearing_on = models.DateField("hearing date", null=True, blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    prepared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-prepared_at", "-pk"]
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                name="s444_1a_referral_has_evidence",
                condition=~Q(offence=Offence.S444_1A) | ~Q(knowledge_evidence=""),
                violation_error_message="Section 444(1A) needs evidence that the "
                "parent knew of the absence and failed to act.",
            ),
        ]

    def __str__(self) -> str:
        return f"Prosecution referral on case {self.case_id}"

    def get_absolute_url(self) -> str:
        return reverse("portal:legal:referral", args=[self.case_id, self.pk])

    @property
    def offence_name(self) -> str:
        """The offence in a few words: section 444(1) or 444(1A)."""
        return rules.OFFENCE_NAMES[self.offence]


class ProsecutionOutcome(models.Model):
    """One decision of the court for one parent: dated, with the court's
    reference. An adjournment gives the next hearing; the latest outcome for
    a parent is where their case stands."""

    referral = models.ForeignKey(
        ProsecutionReferral, on_delete=models.PROTECT, related_name="outcomes"
    )
    parent = models.ForeignKey(ParentCarer, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=30, choices=CourtOutcome.choices)
    decided_on = models.DateField("date of the decision")
    court_reference = models.CharField(max_length=60)
    fine = models.DecimalField(
        "fine (£)", max_digits=7, decimal_places=2, null=True, blank=True
    )
    with_parenting_order = models.BooleanField(
        "the court added a parenting order", default=False
    )
    next_hearing_on = models.DateField(
        "next hearing", null=True, blank=True, help_text="For an adjournment."
    )
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["decided_on", "pk"]
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                name="fine_outcome_has_amount",
                condition=(Q(outcome=CourtOutcome.FINE) & Q(fine__gt=0))
                | (~Q(outcome=CourtOutcome.FINE) & Q(fine__isnull=True)),
                violation_error_message="A fine has an amount; other outcomes none.",
            ),
            models.CheckConstraint(
                name="adjourned_outcome_has_next_hearing",
                condition=~Q(outcome=CourtOutcome.ADJOURNED)
                | Q(next_hearing_on__isnull=False),
                violation_error_message="An adjournment has a next hearing date.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} on {self.decided_on:%-d %B %Y}"
