"""A subject access export of one pupil, and each time one was downloaded."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils import timezone

from schools.append_only import AppendOnlyModel
from schools.models import Pupil
from schools.private_storage import private_storage
from subject_access.enums import ExportStatus


def export_path(export: "SubjectAccessExport", filename: str) -> str:
    return f"subject-access/{export.pupil_id}/{export.pk}-{filename}"


class SubjectAccessExport(models.Model):
    """Everything held about a pupil, except safeguarding-restricted records,
    asked for by a senior member of the pupil's school and produced by the
    background worker. The ZIP is kept in private storage and served only
    through the portal, to the people who may ask for one."""

    pupil = models.ForeignKey(
        Pupil, on_delete=models.PROTECT, related_name="subject_access_exports"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    archive = models.FileField(
        storage=private_storage, upload_to=export_path, max_length=200, blank=True
    )
    sha256 = models.CharField(max_length=64, blank=True)
    size_bytes = models.PositiveBigIntegerField(default=0)
    record_count = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"Subject access export {self.pk} of pupil {self.pupil_id}"

    @property
    def is_ready(self) -> bool:
        return self.status == ExportStatus.DONE

    @property
    def has_failed(self) -> bool:
        return self.status == ExportStatus.FAILED


class SubjectAccessDownload(AppendOnlyModel):
    """Who downloaded an export, and when: the log of who took the data away."""

    export = models.ForeignKey(
        SubjectAccessExport, on_delete=models.PROTECT, related_name="downloads"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        default_permissions = ()
        triggers = [
            pgtrigger.Protect(
                name="subject_access_download_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self) -> str:
        return f"Export {self.export_id} downloaded by user {self.by_id}"
