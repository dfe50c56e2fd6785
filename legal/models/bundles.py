"""A court evidence bundle produced for a case: one PDF, kept in private
storage, with its SHA-256 recorded so anyone can show later that it was not
altered."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.models import Case
from legal.enums import BundleStatus
from schools.private_storage import private_storage


def bundle_path(instance: "CourtBundle", filename: str) -> str:
    return f"bundles/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


class CourtBundle(models.Model):
    """One production of the bundle. A draft is the school's, made for the LA;
    the LA legal officer's bundle is the one its lawyers and the court read."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="bundles")
    draft = models.BooleanField(
        default=False, help_text="Produced by the school as a draft for the LA."
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=BundleStatus.choices, default=BundleStatus.QUEUED
    )
    # How far production has got, for the case page's progress bar.
    progress = models.PositiveSmallIntegerField(default=0)
    progress_note = models.CharField(max_length=200, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(
        storage=private_storage, upload_to=bundle_path, max_length=200, blank=True
    )
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="legal_bundle_progress_0_to_100",
                condition=models.Q(progress__lte=100),
            ),
            models.CheckConstraint(
                name="legal_bundle_done_has_hash",
                condition=~models.Q(status=BundleStatus.DONE) | ~models.Q(sha256=""),
            ),
        ]

    def __str__(self) -> str:
        kind = "Draft bundle" if self.draft else "Court bundle"
        return f"{kind} for case {self.case_id} ({self.requested_at:%d %b %Y})"
