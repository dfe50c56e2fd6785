"""Receivers that record roll changes as they happen (connected in
``ReturnsConfig.ready``): a pupil created on a school's roll, a pupil moved
between schools, and a pupils import that created pupils in bulk."""

from django.db.models import Exists, OuterRef
from django.utils import timezone

from attendance.models import ImportKind, ImportRun, RegisterMark
from returns.enums import RollChangeKind
from returns.models import RollChange
from schools.models import Pupil, PupilMove


def pupil_created(sender, instance: Pupil, created: bool, raw: bool = False, **_):
    """A pupil saved for the first time joined their school's roll today."""
    if not created or raw:
        return
    RollChange.objects.create(
        school_id=instance.school_id,
        pupil=instance,
        kind=RollChangeKind.ADDED,
        on=timezone.localdate(),
    )


def pupil_moved(sender, move: PupilMove, **_):
    """Removed from the old school's roll and added to the new one's, from
    the day the pupil joined the new school."""
    RollChange.objects.bulk_create(
        [
            RollChange(
                school_id=move.from_school_id,
                pupil_id=move.pupil_id,
                kind=RollChangeKind.REMOVED,
                on=move.joined_on,
                move=move,
                other_school_id=move.to_school_id,
            ),
            RollChange(
                school_id=move.to_school_id,
                pupil_id=move.pupil_id,
                kind=RollChangeKind.ADDED,
                on=move.joined_on,
                move=move,
                other_school_id=move.from_school_id,
            ),
        ]
    )


def pupils_imported(sender, instance: ImportRun, created: bool, raw: bool = False, **_):
    """A pupils import creates its new pupils in bulk, which sends no
    ``post_save``: when its run is recorded, the school's pupils this app has
    never seen and who have no register marks yet are the ones it added.

    The import does not keep a new pupil's admission date, so the day of the
    import stands for it (docs/returns.md).
    """
    if not created or raw or instance.kind != ImportKind.PUPILS:
        return
    unseen = (
        Pupil.objects.filter(school_id=instance.school_id)
        .exclude(Exists(RollChange.objects.filter(pupil_id=OuterRef("pk"))))
        .exclude(Exists(RegisterMark.objects.filter(pupil_id=OuterRef("pk"))))
        .values_list("pk", flat=True)
    )
    on = timezone.localdate(instance.started_at)
    RollChange.objects.bulk_create(
        RollChange(
            school_id=instance.school_id,
            pupil_id=pupil_id,
            kind=RollChangeKind.ADDED,
            on=on,
        )
        for pupil_id in unseen
    )
