"""Restricted safeguarding items, their sharing, revisions and access log.

A restricted item is a note or a link about one pupil (optionally on one of
their cases). Who may read one is decided in ``safeguarding.permissions`` and
nowhere else: the DSLs of the pupil's current school, and users a DSL shared
the item with (until the share's expiry date). Reverse accessors from pupils
and cases are switched off (``related_name="+"``) so that no template or
serializer can reach an item by walking from a record others may see.

Every free-text field is encrypted at rest (``EncryptedTextField``); only
the choice fields (category, kind of system, plan status) and dates are kept
in clear, and the rows are reachable only through the permission-aware
selectors.
"""

import json

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from guardian.models import UserObjectPermissionBase

from cases.models import Case
from safeguarding.encryption import EncryptedTextField
from safeguarding.enums import (
    AccessAction,
    ItemKind,
    LinkedSystem,
    NoteCategory,
    PlanStatus,
    TransferOutcome,
)
from schools.append_only import AppendOnlyModel
from schools.models import Pupil, PupilMove

READ_RESTRICTED_ITEM = "safeguarding.read_restricted_item"


class RestrictedItem(models.Model):
    """What every restricted note and link has: the pupil, the case, who and when."""

    kind = models.CharField(max_length=10, choices=ItemKind.choices, editable=False)
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The case this concerns, if any.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        default_permissions = ()
        permissions = [
            ("read_restricted_item", "Read a restricted item a DSL shared with them")
        ]
        indexes = [
            models.Index(fields=["pupil", "-created_at"], name="restricted_by_pupil")
        ]

    def __str__(self) -> str:
        # Never the content: this string can reach logs and error reports.
        return f"{self.get_kind_display()} {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("portal:safeguarding:item", kwargs={"pk": self.pk})

    @property
    def is_note(self) -> bool:
        return self.kind == ItemKind.NOTE

    @property
    def detail(self) -> "RestrictedNote | RestrictedLink":
        """The note or link itself."""
        return self.note if self.is_note else self.link

    def clean(self) -> None:
        if self.case_id and self.case.pupil_id != self.pupil_id:
            raise ValidationError({"case": "That case is not this pupil's case."})


class RestrictedNote(RestrictedItem):
    item = models.OneToOneField(
        RestrictedItem,
        on_delete=models.CASCADE,
        parent_link=True,
        primary_key=True,
        related_name="note",
    )
    category = models.CharField(max_length=20, choices=NoteCategory.choices)
    text = EncryptedTextField(
        help_text="What was seen or said, by whom, and what was decided."
    )

    # The fields an edit keeps the previous values of.
    content_fields = ("category", "text")

    class Meta:
        default_permissions = ()

    def save(self, *args, **kwargs):
        self.kind = ItemKind.NOTE
        super().save(*args, **kwargs)


class RestrictedLink(RestrictedItem):
    """A pointer to a safeguarding record held elsewhere."""

    item = models.OneToOneField(
        RestrictedItem,
        on_delete=models.CASCADE,
        parent_link=True,
        primary_key=True,
        related_name="link",
    )
    system = models.CharField(max_length=30, choices=LinkedSystem.choices)
    system_name = EncryptedTextField(
        max_length=100,
        blank=True,
        help_text="The product or team, for example the school's safeguarding "
        "software or the local children's services.",
    )
    reference = EncryptedTextField(
        blank=True, help_text="The record's reference in that system."
    )
    url = EncryptedTextField(
        "web address", blank=True, help_text="A link to the record, if it has one."
    )
    social_worker_name = EncryptedTextField("social worker", blank=True)
    social_worker_contact = EncryptedTextField(
        "social worker's contact details", blank=True
    )
    plan_status = models.CharField(
        max_length=20, choices=PlanStatus.choices, default=PlanStatus.NONE
    )
    plan_started_on = models.DateField("plan started", null=True, blank=True)
    plan_ended_on = models.DateField("plan ended", null=True, blank=True)

    content_fields = (
        "system",
        "system_name",
        "reference",
        "url",
        "social_worker_name",
        "social_worker_contact",
        "plan_status",
        "plan_started_on",
        "plan_ended_on",
    )

    class Meta:
        default_permissions = ()

    def save(self, *args, **kwargs):
        self.kind = ItemKind.LINK
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.plan_status == PlanStatus.NONE and (
            self.plan_started_on or self.plan_ended_on
        ):
            errors["plan_status"] = "Choose the plan the dates belong to."
        if self.plan_status not in (PlanStatus.NONE, PlanStatus.ENDED) and (
            self.plan_ended_on
        ):
            errors["plan_ended_on"] = (
                "A plan with an end date has ended: choose “Plan ended”, or "
                "clear the end date."
            )
        if (
            self.plan_started_on
            and self.plan_ended_on
            and self.plan_ended_on < self.plan_started_on
        ):
            errors["plan_ended_on"] = "The plan cannot end before it started."
        if not (self.reference or self.url or self.social_worker_name):
            errors["reference"] = (
                "Give at least a reference, a web address or a social worker, "
                "so the record can be found."
            )
        if errors:
            raise ValidationError(errors)


class RestrictedItemRevision(models.Model):
    """The values an item had before an edit, kept encrypted.

    The application only ever adds revisions. On PostgreSQL a trigger refuses
    DELETE, and any UPDATE that changes more than the encrypted column (which
    ``rotate_safeguarding_keys`` re-encrypts under a new key).
    """

    item = models.ForeignKey(
        RestrictedItem, on_delete=models.PROTECT, related_name="revisions"
    )
    revised_at = models.DateTimeField(default=timezone.now)
    revised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    previous = EncryptedTextField(help_text="The earlier values, as JSON.")

    class Meta:
        ordering = ["-revised_at", "-pk"]
        default_permissions = ()
        triggers = [
            pgtrigger.Protect(name="revision_no_delete", operation=pgtrigger.Delete),
            pgtrigger.Protect(
                name="revision_only_rekeyed",
                operation=pgtrigger.Update,
                condition=pgtrigger.AnyChange(exclude=["previous"]),
            ),
        ]

    def __str__(self) -> str:
        return f"Revision {self.pk} of restricted item {self.item_id}"

    @property
    def previous_values(self) -> dict:
        return json.loads(self.previous)


class RestrictedItemGrant(UserObjectPermissionBase):
    """A DSL shared one item with one user until an expiry date.

    A django-guardian per-object permission row with more columns. Whether it
    still lets the grantee read is decided on every read by
    ``safeguarding.permissions.grants_in_force`` (expiry at the end of
    ``expires_on``, school time; the grantee still active and working at the
    pupil's current school or its LA), so access ends at once with nothing to
    run at midnight. Ending a share, by a DSL or by ``shares_lapse``, deletes
    the row and writes the access log.
    """

    content_object = models.ForeignKey(
        RestrictedItem, on_delete=models.CASCADE, related_name="grants"
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    shared_at = models.DateTimeField(default=timezone.now)
    expires_on = models.DateField(
        "until", help_text="Access ends at the end of this day."
    )

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False
        default_permissions = ()


class ConsultDslFlag(models.Model):
    """ "Consult the DSL before any formal or legal step" on one case.

    Neutral on purpose: everyone who sees the case sees the flag, and it says
    nothing about why. While it is set, the formal and legal steps need a DSL
    consultation recorded since the flag was set.
    """

    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, primary_key=True, related_name="+"
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"Consult the DSL on case {self.case_id}"


class ChildProtectionFileTransfer(models.Model):
    """The child-protection file of a pupil who moved school, on its way.

    Opened for every move between schools of the installation (whether a file
    exists is for the previous school's DSL to say, so the task itself hints
    at nothing). The previous school's DSLs record it as sent, or that no
    file is held; the new school's DSLs confirm receipt. Both see the shares
    the move ended.
    """

    move = models.OneToOneField(
        PupilMove, on_delete=models.PROTECT, primary_key=True, related_name="+"
    )
    due_on = models.DateField(help_text="5 school days from the first day on roll.")
    shares_ended = models.JSONField(
        default=list,
        blank=True,
        help_text="Who lost access to which record because of the move.",
    )
    outcome = models.CharField(
        max_length=20, choices=TransferOutcome.choices, blank=True
    )
    sent_on = models.DateField("sent on", null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    received_on = models.DateField("receipt confirmed on", null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "child-protection file transfer"
        ordering = ["due_on", "pk"]
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                name="transfer_sent_has_outcome",
                condition=models.Q(sent_on__isnull=True, outcome="")
                | models.Q(sent_on__isnull=False) & ~models.Q(outcome=""),
            ),
            models.CheckConstraint(
                name="transfer_received_after_sent",
                condition=models.Q(received_on__isnull=True)
                | models.Q(sent_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"Child-protection file transfer for move {self.move_id}"

    def get_absolute_url(self) -> str:
        return reverse("portal:safeguarding:transfer", kwargs={"pk": self.pk})

    @property
    def is_complete(self) -> bool:
        return self.received_on is not None

    def is_overdue(self, today) -> bool:
        return self.sent_on is None and today > self.due_on


class AccessLogEntry(AppendOnlyModel):
    """One read or write of one restricted item: who, what, when, from where.

    Append-only: the application has no path to change or delete a row, and on
    PostgreSQL a trigger refuses UPDATE and DELETE. Holds no content.
    """

    item = models.ForeignKey(
        RestrictedItem, on_delete=models.PROTECT, related_name="access_log"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=20, choices=AccessAction.choices)
    at = models.DateTimeField(default=timezone.now)
    request_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "access log entry"
        verbose_name_plural = "access log entries"
        ordering = ["-at", "-pk"]
        default_permissions = ()
        indexes = [
            models.Index(fields=["item", "-at"], name="access_by_item"),
            models.Index(fields=["-at"], name="access_by_time"),
        ]
        triggers = [
            pgtrigger.Protect(
                name="access_log_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self) -> str:
        return f"{self.action} of item {self.item_id} by user {self.user_id}"
