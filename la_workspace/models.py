"""The LA's own records: severe-absence joint approaches, and the contacts a
case records with the schools of the pupil's siblings."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from cases.models import Case
from schools.append_only import AppendOnlyModel
from schools.models import Pupil, School


class JointApproachLead(models.TextChoices):
    SCHOOL = "school", "The school"
    LOCAL_AUTHORITY = "local_authority", "The local authority"
    JOINT = "joint", "The school and the local authority together"


class JointApproach(models.Model):
    """What the school and the LA agreed for a severely absent pupil.

    A new one is recorded when the approach is revised; the latest in the
    academic year is the one in force (``la_workspace.rules``).
    """

    pupil = models.ForeignKey(
        Pupil, on_delete=models.CASCADE, related_name="joint_approaches"
    )
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The pupil's school when it was agreed.",
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The pupil's open case, shared with the LA by this agreement.",
    )
    agreed = models.TextField("what was agreed")
    lead = models.CharField("who leads", max_length=20, choices=JointApproachLead)
    lead_name = models.CharField(
        "lead person", max_length=120, help_text="Their name and role."
    )
    review_on = models.DateField("review date")
    school_agreed_by = models.CharField(
        "who at the school agreed",
        max_length=120,
        help_text="Their name and role, for example the attendance lead.",
    )
    school_agreed_on = models.DateField("date the school agreed")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                name="joint_approach_review_after_agreement",
                condition=Q(review_on__gt=F("school_agreed_on")),
                violation_error_message="The review date comes after the agreement.",
            )
        ]
        indexes = [
            models.Index(fields=["pupil", "-recorded_at"], name="joint_approach_pupil")
        ]

    def __str__(self) -> str:
        return f"Joint approach for {self.pupil} ({self.school_agreed_on:%d/%m/%Y})"


class SiblingSchoolContact(models.Model):
    """A case's contact with the school of one of the pupil's siblings."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="sibling_school_contacts"
    )
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The sibling's school.",
    )
    contacted_on = models.DateField()
    note = models.TextField(
        "what was shared or agreed", help_text="Who you spoke to, and what about."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-contacted_on", "-pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"Contact with {self.school} on case {self.case_id}"


class LaSettingsChange(AppendOnlyModel):
    """Who changed an LA's settings in the portal, when, and what: append-only."""

    local_authority = models.ForeignKey(
        "schools.LocalAuthority", on_delete=models.CASCADE, related_name="+"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    changes = models.JSONField(
        help_text="Each setting changed: [label, before, after]."
    )

    class Meta:
        ordering = ["-changed_at", "-pk"]
        default_permissions = ()
        verbose_name = "LA settings change"

    def __str__(self) -> str:
        when = f"{self.changed_at:%d/%m/%Y}"
        return f"Settings of LA {self.local_authority_id} changed {when}"
