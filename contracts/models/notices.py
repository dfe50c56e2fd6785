"""Notices to improve and penalty notices, per parent per pupil, and each local
authority's code of conduct settings for them.

The rules (the cap, the amounts, who may take each step, what a step writes
to the case) live in ``contracts.rules``, ``contracts.notice_rules`` and
``contracts.notice_services``; the models hold the invariants of one row.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition

from cases.models import Case
from contracts import rules
from contracts.notice_enums import (
    NoticeKind,
    NoticeToImproveStatus,
    PenaltyNoticeStatus,
    ServedHow,
    WithdrawalGround,
)
from plans.attendance_targets import GoalKind
from schools.models import LocalAuthority, ParentCarer

IMPROVEMENT_WEEKS_MIN, IMPROVEMENT_WEEKS_MAX = 3, 6


class CodeOfConduct(models.Model):
    """A local authority's settings from its penalty-notice code of conduct.

    An LA without a row uses the defaults (``code_of_conduct_for``).
    """

    local_authority = models.OneToOneField(
        LocalAuthority, on_delete=models.CASCADE, related_name="code_of_conduct"
    )
    improvement_weeks = models.PositiveSmallIntegerField(
        "notice to improve: improvement period (weeks)",
        default=4,
        validators=[
            MinValueValidator(IMPROVEMENT_WEEKS_MIN),
            MaxValueValidator(IMPROVEMENT_WEEKS_MAX),
        ],
        help_text="3 to 6 weeks, as the code of conduct sets.",
    )
    headteacher_may_issue = models.BooleanField(
        "headteachers may issue penalty notices",
        default=False,
        help_text="Tick if the code of conduct lets a headteacher issue a notice "
        "the school requested; otherwise the local authority issues them.",
    )
    deemed_receipt_working_days = models.PositiveSmallIntegerField(
        "posted notices are deemed received after (working days)",
        default=2,
        validators=[MaxValueValidator(10)],
    )
    address = models.URLField(
        "where the code of conduct is published", blank=True, max_length=500
    )

    class Meta:
        verbose_name = "penalty notice code of conduct"
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                name="improvement_weeks_3_to_6",
                condition=Q(
                    improvement_weeks__gte=IMPROVEMENT_WEEKS_MIN,
                    improvement_weeks__lte=IMPROVEMENT_WEEKS_MAX,
                ),
                violation_error_message="The improvement period is 3 to 6 weeks.",
            )
        ]

    def __str__(self) -> str:
        return f"Code of conduct of {self.local_authority}"

    def deemed_received_on(self, posted_on: date) -> date:
        """The day a posted notice is deemed received: so many working days
        (Monday to Friday) after posting."""
        day, left = posted_on, self.deemed_receipt_working_days
        while left:
            day += timedelta(days=1)
            if day.weekday() < 5:
                left -= 1
        return day


def code_of_conduct_for(local_authority: LocalAuthority) -> CodeOfConduct:
    """The LA's saved settings, or the defaults (unsaved) if it has none."""
    try:
        return local_authority.code_of_conduct
    except CodeOfConduct.DoesNotExist:
        return CodeOfConduct(local_authority=local_authority)


class NoticeToImprove(models.Model):
    """A final chance to engage with support before a penalty notice, to one
    parent, with an improvement period and a target the register judges."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="notices_to_improve"
    )
    parent = models.ForeignKey(ParentCarer, on_delete=models.PROTECT, related_name="+")
    issued_on = models.DateField(default=timezone.localdate)
    improvement_weeks = models.PositiveSmallIntegerField(
        validators=[
            MinValueValidator(IMPROVEMENT_WEEKS_MIN),
            MaxValueValidator(IMPROVEMENT_WEEKS_MAX),
        ]
    )
    ends_on = models.DateField("improvement period ends on")
    goal_kind = models.CharField(
        "sufficient improvement means", max_length=30, choices=GoalKind.choices
    )
    goal_value = models.DecimalField(
        max_digits=5, decimal_places=1, null=True, blank=True
    )
    support_so_far = models.TextField(
        help_text="The support offered so far and how the family responded."
    )
    further_support = models.TextField(help_text="The further support now offered.")
    status = models.CharField(
        max_length=20,
        choices=NoticeToImproveStatus.choices,
        default=NoticeToImproveStatus.ISSUED,
    )
    withdrawn_reason = models.TextField(blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                name="nti_period_3_to_6_weeks",
                condition=Q(
                    improvement_weeks__gte=IMPROVEMENT_WEEKS_MIN,
                    improvement_weeks__lte=IMPROVEMENT_WEEKS_MAX,
                ),
                violation_error_message="The improvement period is 3 to 6 weeks.",
            )
        ]

    def __str__(self) -> str:
        return f"Notice to improve to {self.parent} on case {self.case_id}"

    def get_absolute_url(self) -> str:
        return reverse(
            "portal:contracts:notice_to_improve",
            kwargs={"pk": self.case_id, "notice_pk": self.pk},
        )

    @property
    def is_withdrawn(self) -> bool:
        return self.status == NoticeToImproveStatus.WITHDRAWN

    def goal_text(self) -> str:
        if self.goal_kind == GoalKind.ATTENDANCE_AT_LEAST:
            return f"attendance of at least {self.goal_value.normalize():f} %"
        if self.goal_kind == GoalKind.LATE_AT_MOST:
            return f"no more than {int(self.goal_value)} late marks"
        return "no unauthorised absence"


class PenaltyNotice(FSMModelMixin, models.Model):
    """One penalty notice to one parent for one pupil: requested by the school,
    decided and issued by the LA (or the headteacher where the LA's code of
    conduct allows), then paid, unpaid or withdrawn.

    ``status`` is a protected django-fsm-2 field: it changes only through the
    ``@transition`` methods, called by ``contracts.notice_services``.
    """

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="penalty_notices"
    )
    parent = models.ForeignKey(ParentCarer, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(
        max_length=20, choices=NoticeKind.choices, default=NoticeKind.ATTENDANCE
    )
    status = FSMField(
        max_length=20,
        choices=PenaltyNoticeStatus.choices,
        default=PenaltyNoticeStatus.REQUESTED,
        protected=True,
    )
    # The school's request, and the checks as they stood when it was made.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    grounds = models.TextField()
    equality_note = models.TextField(
        "Equality Act considerations",
        help_text="The pupil's and family's circumstances considered (disability, "
        "special educational needs and other protected characteristics).",
    )
    term_time_holiday = models.BooleanField(
        "the absence is an unauthorised term-time holiday", default=False
    )
    checks = models.JSONField(
        default=list, help_text="The checks shown when the notice was requested."
    )
    # The decision.
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    # The notice itself.
    issued_on = models.DateField(null=True, blank=True)
    full_amount = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True
    )
    reduced_amount = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True
    )
    served_how = models.CharField(max_length=20, choices=ServedHow.choices, blank=True)
    received_on = models.DateField(null=True, blank=True)
    receipt_deemed = models.BooleanField(default=False)
    # What became of it.
    paid_on = models.DateField(null=True, blank=True)
    withdrawal_ground = models.CharField(
        max_length=30, choices=WithdrawalGround.choices, blank=True
    )
    outcome_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        default_permissions = ()
        indexes = [models.Index(fields=["parent", "status"], name="pn_parent_status")]
        constraints = [
            models.CheckConstraint(
                name="issued_notice_has_date_and_amount",
                condition=Q(
                    status__in=[
                        PenaltyNoticeStatus.REQUESTED,
                        PenaltyNoticeStatus.DECLINED,
                    ]
                )
                | Q(issued_on__isnull=False, full_amount__isnull=False),
                violation_error_message="An issued notice has a date and an amount.",
            )
        ]

    def __str__(self) -> str:
        return f"Penalty notice to {self.parent} on case {self.case_id}"

    def get_absolute_url(self) -> str:
        return reverse(
            "portal:contracts:penalty_notice",
            kwargs={"pk": self.case_id, "notice_pk": self.pk},
        )

    @property
    def counts_towards_cap(self) -> bool:
        return (
            self.kind == NoticeKind.ATTENDANCE
            and self.issued_on is not None
            and self.status not in rules.NOT_COUNTED
        )

    def as_history(self) -> dict:
        """This notice as ``contracts.rules`` reads a previous notice."""
        return {"issued_on": self.issued_on, "status": self.status, "kind": self.kind}

    def payment_dates(self) -> tuple[date, date] | None:
        """The last day for the reduced amount and the last day to pay, from
        the day of receipt; None until receipt is known."""
        if self.received_on is None:
            return None
        return rules.payment_dates(self.received_on)

    def paid_amount(self) -> Decimal | None:
        if self.status == PenaltyNoticeStatus.PAID_REDUCED:
            return self.reduced_amount
        if self.status == PenaltyNoticeStatus.PAID_FULL:
            return self.full_amount
        return None

    # The steps (rules and permissions in ``contracts.notice_services``).

    @transition(
        field=status,
        source=PenaltyNoticeStatus.REQUESTED,
        target=PenaltyNoticeStatus.DECLINED,
    )
    def decline(self) -> None:
        """The LA declines the school's request."""

    @transition(
        field=status,
        source=PenaltyNoticeStatus.REQUESTED,
        target=PenaltyNoticeStatus.ISSUED,
    )
    def issue(self) -> None:
        """The notice is issued."""

    @transition(
        field=status,
        source=PenaltyNoticeStatus.ISSUED,
        target=PenaltyNoticeStatus.PAID_REDUCED,
    )
    def pay_reduced(self) -> None:
        """Paid at the reduced amount within 21 days of receipt."""

    @transition(
        field=status,
        source=[PenaltyNoticeStatus.ISSUED, PenaltyNoticeStatus.UNPAID],
        target=PenaltyNoticeStatus.PAID_FULL,
    )
    def pay_full(self) -> None:
        """Paid in full."""

    @transition(
        field=status,
        source=PenaltyNoticeStatus.ISSUED,
        target=PenaltyNoticeStatus.UNPAID,
    )
    def mark_unpaid(self) -> None:
        """Not paid within 28 days of receipt: the LA now decides."""

    @transition(
        field=status,
        source=[PenaltyNoticeStatus.ISSUED, PenaltyNoticeStatus.UNPAID],
        target=PenaltyNoticeStatus.WITHDRAWN,
    )
    def withdraw(self) -> None:
        """Withdrawn, on one of the framework's grounds."""

    @transition(
        field=status,
        source=PenaltyNoticeStatus.UNPAID,
        target=PenaltyNoticeStatus.PROSECUTED,
    )
    def refer_for_prosecution(self) -> None:
        """Unpaid: the LA decided to prosecute."""


__all__ = [
    "CodeOfConduct",
    "NoticeToImprove",
    "PenaltyNotice",
    "code_of_conduct_for",
]
