"""What the returns app keeps: each LA's settings, the roll changes it has seen,
and the notifications schools have sent (and the LA has received).

The notifications due are not stored: ``selectors.due_notifications`` works
them out from the register and the roll changes each time, less those sent.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from returns.describe import describe
from returns.enums import IllnessCountingChoice, NotificationKind, RollChangeKind
from returns.rules import ILLNESS_DAYS_DEFAULT, ILLNESS_DAYS_MAX, ILLNESS_DAYS_MIN
from schools.models import LocalAuthority, Pupil, PupilMove, School


class ReturnSettings(models.Model):
    """What an LA sets for the notifications its schools send."""

    local_authority = models.OneToOneField(
        LocalAuthority, on_delete=models.CASCADE, related_name="return_settings"
    )
    illness_threshold_days = models.PositiveSmallIntegerField(
        "illness: school days missed before the LA is told",
        default=ILLNESS_DAYS_DEFAULT,
        validators=[
            MinValueValidator(ILLNESS_DAYS_MIN),
            MaxValueValidator(ILLNESS_DAYS_MAX),
        ],
        help_text=(
            f"A whole number from {ILLNESS_DAYS_MIN} to {ILLNESS_DAYS_MAX}. "
            "A pupil is listed on the day they reach it."
        ),
    )
    illness_counting = models.CharField(
        "illness: how the days are counted",
        max_length=12,
        choices=IllnessCountingChoice.choices,
        default=IllnessCountingChoice.EITHER,
    )

    class Meta:
        default_permissions = ()
        verbose_name = "settings for notifications to the LA"
        verbose_name_plural = "settings for notifications to the LA"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(illness_threshold_days__gte=ILLNESS_DAYS_MIN)
                & models.Q(illness_threshold_days__lte=ILLNESS_DAYS_MAX),
                name="returns_illness_threshold_range",
            )
        ]

    def __str__(self) -> str:
        return f"Notification settings of {self.local_authority}"


def return_settings_for(local_authority: LocalAuthority) -> ReturnSettings:
    """The LA's saved settings, or the defaults (unsaved) when it has none."""
    found = ReturnSettings.objects.filter(local_authority=local_authority).first()
    return found or ReturnSettings(local_authority=local_authority)


class RollChange(models.Model):
    """A pupil joined or left a school's roll, as this app saw it happen.

    Written by the receivers in ``signals.py``; never changed afterwards.
    """

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=8, choices=RollChangeKind.choices)
    on = models.DateField(
        help_text="The first day on the roll, or the day after the last."
    )
    # The pupil's move between schools of this installation, if that was it.
    move = models.ForeignKey(
        PupilMove, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    other_school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        default_permissions = ()
        ordering = ["on", "pk"]
        indexes = [models.Index(fields=["school", "on"], name="rollchange_school_on")]

    def __str__(self) -> str:
        return f"Pupil {self.pupil_id} {self.get_kind_display()} {self.on}"


class LaNotification(models.Model):
    """One notification a school sent its LA about one pupil, with the figures
    as they were when it was sent, and when the LA received it."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="+")
    # What makes this occurrence itself: a run's first day, an academic year,
    # a roll change's id (see selectors.DueItem).
    key = models.CharField(max_length=40)
    figures = models.JSONField(default=dict)
    due_on = models.DateField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_by_name = models.CharField(max_length=160)
    sent_at = models.DateTimeField(default=timezone.now)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    received_by_name = models.CharField(max_length=160, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        default_permissions = ()
        verbose_name = "notification to the LA"
        verbose_name_plural = "notifications to the LA"
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "pupil", "kind", "key"],
                name="returns_one_notification_per_occurrence",
            ),
            models.CheckConstraint(
                condition=models.Q(received_at__isnull=True)
                | models.Q(received_by__isnull=False),
                name="returns_received_by_someone",
            ),
        ]
        indexes = [
            models.Index(
                fields=["local_authority", "received_at", "-sent_at"],
                name="returns_inbox_idx",
            ),
            models.Index(fields=["school", "-sent_at"], name="returns_sent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: pupil {self.pupil_id} ({self.key})"

    @property
    def summary(self) -> str:
        return describe(self.kind, self.figures)

    @property
    def received(self) -> bool:
        return self.received_at is not None
