"""Writes for subject access exports: asking for one, producing it in the
background, and recording each download."""

import hashlib
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from schools.models import Pupil
from subject_access.archive import build_archive
from subject_access.collect import collect
from subject_access.enums import ExportStatus
from subject_access.models import SubjectAccessDownload, SubjectAccessExport
from subject_access.permissions import can_export

logger = logging.getLogger(__name__)
IN_HAND = (ExportStatus.QUEUED, ExportStatus.RUNNING)


@transaction.atomic
def export_request(
    *, pupil: Pupil, by, in_background: bool = True
) -> SubjectAccessExport:
    """Ask for an export; the worker produces it once this commits."""
    from subject_access.tasks import produce_subject_access_export

    pupil = Pupil.objects.select_for_update().get(pk=pupil.pk)
    if not can_export(by, pupil):
        raise PermissionDenied("Only the school's headteacher or attendance lead may.")
    if SubjectAccessExport.objects.filter(pupil=pupil, status__in=IN_HAND).exists():
        raise ValidationError(
            "An export of this pupil is already being produced: wait for it."
        )
    export = SubjectAccessExport.objects.create(pupil=pupil, requested_by=by)
    if in_background:
        transaction.on_commit(lambda: produce_subject_access_export.enqueue(export.pk))
    return export


def export_produce(*, export_id: int) -> SubjectAccessExport:
    """Produce an asked-for export (the worker). The requester's right is
    checked again now; a failure is recorded, never raised to the worker."""
    with transaction.atomic():
        export = (
            SubjectAccessExport.objects.select_for_update()
            .select_related("pupil__school", "requested_by")
            .get(pk=export_id)
        )
        if export.status != ExportStatus.QUEUED:
            return export
        export.status = ExportStatus.RUNNING
        export.save(update_fields=["status"])
    try:
        if not can_export(export.requested_by, export.pupil):
            raise PermissionDenied(
                "The person who asked no longer holds a role that may export."
            )
        sections = collect(export.pupil)
        content = build_archive(export.pupil, sections)
    except Exception as error:  # recorded for the person who asked
        logger.exception("Subject access export %s failed", export_id)
        export.status = ExportStatus.FAILED
        export.error = str(error)[:500] or error.__class__.__name__
        export.finished_at = timezone.now()
        export.save(update_fields=["status", "error", "finished_at"])
        return export
    export.archive.save("subject-access.zip", ContentFile(content), save=False)
    export.sha256 = hashlib.sha256(content).hexdigest()
    export.size_bytes = len(content)
    export.record_count = sum(len(section.rows) for section in sections)
    export.status = ExportStatus.DONE
    export.finished_at = timezone.now()
    export.save(
        update_fields=[
            "archive",
            "sha256",
            "size_bytes",
            "record_count",
            "status",
            "finished_at",
        ]
    )
    return export


def export_downloaded(*, export: SubjectAccessExport, by) -> None:
    SubjectAccessDownload.objects.create(export=export, by=by)
