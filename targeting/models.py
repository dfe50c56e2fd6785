"""A school's termly targeting-support meeting with its local authority, the
pupils and cases put forward to discuss, the actions agreed, and the log of
pack downloads."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from schools.append_only import AppendOnlyModel
from schools.models import Pupil, School
from targeting.enums import ActionStatus, PackFormat, Side, Term
from targeting.rules import TermRef


class TargetingMeeting(models.Model):
    """One school's meeting with its LA for one term."""

    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="targeting_meetings"
    )
    year_start = models.PositiveSmallIntegerField(
        help_text="The year of the 1 August the school year starts on."
    )
    term = models.PositiveSmallIntegerField(choices=Term.choices)
    planned_for = models.DateField("planned date")
    held_on = models.DateField("date held", null=True, blank=True)
    attendees = models.TextField(
        "who attended",
        blank=True,
        help_text="One person a line, with their role and organisation.",
    )
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        default_permissions = ()
        ordering = ["-year_start", "-term", "school__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "year_start", "term"],
                name="targeting_one_meeting_per_school_term",
                violation_error_message="This school already has a meeting that term.",
            ),
            models.CheckConstraint(
                condition=models.Q(held_on__isnull=True)
                | models.Q(recorded_at__isnull=False),
                name="targeting_held_meeting_is_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school}: {self.term_ref}"

    def get_absolute_url(self) -> str:
        return reverse("portal:targeting:detail", kwargs={"meeting_pk": self.pk})

    @property
    def term_ref(self) -> TermRef:
        return TermRef(self.year_start, Term(self.term))

    @property
    def is_held(self) -> bool:
        return self.held_on is not None


class PupilToDiscuss(models.Model):
    """A pupil put forward for the meeting, and what was said about them."""

    meeting = models.ForeignKey(
        TargetingMeeting, on_delete=models.CASCADE, related_name="pupils_to_discuss"
    )
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_by_side = models.CharField(max_length=10, choices=Side.choices)
    added_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField("why")
    discussion = models.TextField("what was said", blank=True)

    class Meta:
        default_permissions = ()
        ordering = ["pupil__legal_surname", "pupil__legal_forename", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "pupil"],
                name="targeting_pupil_once_per_meeting",
                violation_error_message="This pupil is already on the list.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pupil} at {self.meeting}"


class TargetingAction(models.Model):
    """An action agreed at a meeting; ``carried_from`` is the open action of an
    earlier term it carries on."""

    meeting = models.ForeignKey(
        TargetingMeeting, on_delete=models.CASCADE, related_name="actions"
    )
    what = models.TextField()
    owner = models.CharField(max_length=200, help_text="Their name and organisation.")
    due_on = models.DateField("due date")
    status = models.CharField(
        max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    status_note = models.TextField(blank=True)
    carried_from = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        related_name="carried_to",
        null=True,
        blank=True,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        default_permissions = ()
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.what


class PackDownload(AppendOnlyModel):
    """Someone downloaded a meeting's pack: a read of pupil-level figures."""

    meeting = models.ForeignKey(
        TargetingMeeting, on_delete=models.PROTECT, related_name="downloads"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    format = models.CharField(max_length=3, choices=PackFormat.choices)

    class Meta:
        default_permissions = ()
        ordering = ["-at", "-pk"]
        triggers = [
            pgtrigger.Protect(
                name="targeting_pack_download_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} pack ({self.format}) by {self.by} at {self.at}"
