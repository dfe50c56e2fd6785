"""Writes for court bundles: asking for one, producing it in the background,
and recording each download. Every production and download goes in the
case's chronology, with the bundle's SHA-256."""

import hashlib
import logging

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cases.models import Case
from cases.services import case_lock, event_record
from legal.enums import BundleStatus, LegalEventKind
from legal.models import CourtBundle
from legal.permissions import can_produce_bundle

logger = logging.getLogger(__name__)

IN_HAND = (BundleStatus.QUEUED, BundleStatus.RUNNING)


def _kind(draft: bool) -> str:
    return "Draft bundle" if draft else "Court bundle"


@transaction.atomic
def bundle_request(
    *, case: Case, by: AbstractBaseUser, draft: bool, in_background: bool = True
) -> CourtBundle:
    """Ask for a bundle; the worker produces it once this transaction commits
    (unless ``in_background`` is false: the caller then produces it). One
    bundle of a case is produced at a time."""
    from legal.tasks import produce_court_bundle

    case = case_lock(case)
    if not can_produce_bundle(by, case, draft=draft):
        raise PermissionDenied(
            "Only the school's attendance lead produces a draft bundle."
            if draft
            else "Only the LA legal officer on the shared case produces the bundle."
        )
    if CourtBundle.objects.filter(case=case, status__in=IN_HAND).exists():
        raise ValidationError(
            "A bundle for this case is already being produced: wait for it to finish."
        )
    bundle = CourtBundle.objects.create(case=case, draft=draft, requested_by=by)
    event_record(
        case=case,
        kind=LegalEventKind.BUNDLE_REQUESTED,
        by=by,
        text=f"{_kind(draft)} requested.",
        details={"bundle": bundle.pk},
    )
    if in_background:
        transaction.on_commit(lambda: produce_court_bundle.enqueue(bundle.pk))
    return bundle


def bundle_produce_now(*, case: Case, by: AbstractBaseUser, draft: bool) -> CourtBundle:
    """Ask for a bundle and produce it in this process (the ``court_bundle``
    command), recorded exactly as one the worker produces."""
    bundle = bundle_request(case=case, by=by, draft=draft, in_background=False)
    return bundle_produce(bundle_id=bundle.pk)


def _set_progress(bundle_id: int, percent: int, note: str) -> None:
    CourtBundle.objects.filter(pk=bundle_id).update(
        progress=max(0, min(100, int(percent))), progress_note=note[:200]
    )


def bundle_produce(*, bundle_id: int) -> CourtBundle:
    """Produce a requested bundle (run by the worker). The requester's right to
    produce it is checked again now; a failure is recorded, never raised to
    the worker, and leaves no file behind."""
    from legal.bundle import build_bundle

    with transaction.atomic():
        bundle = (
            CourtBundle.objects.select_for_update()
            .select_related("case", "requested_by")
            .get(pk=bundle_id)
        )
        if bundle.status != BundleStatus.QUEUED:
            return bundle
        bundle.status = BundleStatus.RUNNING
        bundle.save(update_fields=["status"])
    case, by = bundle.case, bundle.requested_by
    try:
        if not by.is_active or not can_produce_bundle(by, case, draft=bundle.draft):
            raise PermissionDenied(
                f"{by.get_username()} may no longer produce this bundle."
            )
        built = build_bundle(
            case,
            draft=bundle.draft,
            produced_by=by.get_full_name() or by.get_username(),
            progress=lambda percent, note: _set_progress(bundle_id, percent, note),
        )
    except Exception as error:  # recorded on the bundle and the case
        logger.exception("Court bundle %s could not be produced", bundle_id)
        with transaction.atomic():
            case = case_lock(case)
            CourtBundle.objects.filter(pk=bundle_id).update(
                status=BundleStatus.FAILED,
                error=str(error)[:2000] or error.__class__.__name__,
                finished_at=timezone.now(),
            )
            event_record(
                case=case,
                kind=LegalEventKind.BUNDLE_FAILED,
                by=by,
                text=f"{_kind(bundle.draft)} could not be produced.",
                details={"bundle": bundle_id},
            )
        bundle.refresh_from_db()
        return bundle
    sha256 = hashlib.sha256(built.pdf).hexdigest()
    with transaction.atomic():
        case = case_lock(case)
        bundle = CourtBundle.objects.select_for_update().get(pk=bundle_id)
        bundle.pdf.save(f"{bundle_id}.pdf", ContentFile(built.pdf), save=False)
        bundle.sha256 = sha256
        bundle.page_count = built.page_count
        bundle.status = BundleStatus.DONE
        bundle.progress = 100
        bundle.progress_note = "Ready"
        bundle.finished_at = timezone.now()
        bundle.save()
        event_record(
            case=case,
            kind=LegalEventKind.BUNDLE_PRODUCED,
            by=by,
            text=f"{_kind(bundle.draft)} produced: {built.page_count} pages, "
            f"SHA-256 {sha256}.",
            details={"bundle": bundle.pk, "sha256": sha256},
        )
    return bundle


@transaction.atomic
def bundle_downloaded(*, bundle: CourtBundle, by: AbstractBaseUser) -> None:
    """Record that ``by`` downloaded the bundle (the view has checked they may)."""
    case = case_lock(bundle.case)
    event_record(
        case=case,
        kind=LegalEventKind.BUNDLE_DOWNLOADED,
        by=by,
        text=f"{_kind(bundle.draft)} of {bundle.finished_at:%-d %B %Y} downloaded "
        f"(SHA-256 {bundle.sha256}).",
        details={"bundle": bundle.pk},
    )
