"""The staff lists' figures: one row per pupil, kept equal to the measures.

Counting a year of register marks for every pupil on every list page is what
made the lists slow (a grouped join over all the school's marks, sorted and
filtered on the aggregates, and counted twice for paging). The lists instead
read ``PupilFigures``: the counts ``measures.school_counts`` gives, one row per
pupil, written in one go for the whole school.

The rows are derived data, never a record: ``figures_ensure`` recomputes them
whenever they could differ from the measures, so a list always shows exactly
what the measures say:

* after any import at the school, or any register amendment anywhere (each
  leaves a row, so the latest ids tell that something changed);
* when the date moves on past a day that has marks at the school (the
  windows of the year, the 10 school weeks and the 4 recent weeks are set by
  the school's marks, so with no new marks the figures stand);
* in a new school year, or for an earlier date.

An import refreshes them straight away, so the first list opened after the
morning's import does not wait; an amendment made by hand recomputes only its
pupil's row (``figures_pupil_refresh``).
"""

from datetime import date

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from attendance.measures import FIGURES, Period, academic_year_start, school_counts
from attendance.models import (
    ImportRun,
    PupilFigures,
    RegisterAmendment,
    RegisterMark,
    SchoolFigures,
)
from schools.models import School


def _sources(school: School) -> tuple[int, int]:
    """The latest import at the school and the latest amendment anywhere."""
    last_run = ImportRun.objects.filter(school=school).aggregate(last=Max("pk"))
    last_amendment = RegisterAmendment.objects.aggregate(last=Max("pk"))
    return last_run["last"] or 0, last_amendment["last"] or 0


def _is_current(state: SchoolFigures | None, school: School, as_of: date) -> bool:
    if state is None:
        return False
    if (state.last_import_run_id, state.last_amendment_id) != _sources(school):
        return False
    if state.as_of == as_of:
        return True
    if state.as_of > as_of or (
        academic_year_start(state.as_of) != academic_year_start(as_of)
    ):
        return False
    return not RegisterMark.objects.filter(
        school=school, date__gt=state.as_of, date__lte=as_of
    ).exists()


def figures_ensure(*, school: School, as_of: date) -> None:
    """Make the school's list figures those of the measures as of ``as_of``.

    Side effects: recomputes them (``figures_refresh``) only when they could
    differ; otherwise three small reads.
    """
    state = SchoolFigures.objects.filter(school=school).first()
    if not _is_current(state, school, as_of):
        figures_refresh(school=school, as_of=as_of)


@transaction.atomic
def figures_refresh(*, school: School, as_of: date) -> None:
    """Recompute every pupil's list figures at the school as of ``as_of``.

    Side effects: replaces the school's PupilFigures rows and its
    SchoolFigures state, under a lock on the school's row, so that two people
    opening a list at once compute it once, one after the other.
    """
    School.objects.select_for_update().filter(pk=school.pk).first()
    state = SchoolFigures.objects.filter(school=school).first()
    if _is_current(state, school, as_of):
        return  # someone else has just done it
    last_run, last_amendment = _sources(school)
    totals = school_counts(school, Period.for_school(school, as_of))
    PupilFigures.objects.filter(school=school).delete()
    PupilFigures.objects.bulk_create(
        (
            PupilFigures(
                school=school, pupil_id=pupil_id, **dict(zip(FIGURES, row, strict=True))
            )
            for pupil_id, row in totals.items()
        ),
        batch_size=500,
    )
    SchoolFigures.objects.update_or_create(
        school=school,
        defaults={
            "as_of": as_of,
            "last_import_run_id": last_run,
            "last_amendment_id": last_amendment,
            "computed_at": timezone.now(),
        },
    )


@transaction.atomic
def figures_pupil_refresh(*, school: School, pupil_id: int, as_of: date) -> None:
    """After one pupil's marks were amended by hand: recompute that pupil's row
    only, and count the school's figures current again.

    Side effects: only when nothing else at the school has changed since the
    figures were computed (no import, no other pupil's amendment, same day);
    otherwise it leaves them stale and the next list recomputes them all.
    """
    School.objects.select_for_update().filter(pk=school.pk).first()
    state = SchoolFigures.objects.filter(school=school).first()
    last_run, last_amendment = _sources(school)
    if state is None or state.as_of != as_of or state.last_import_run_id != last_run:
        return
    others_amended = (
        RegisterAmendment.objects.filter(
            pk__gt=state.last_amendment_id, mark__school=school
        )
        .exclude(mark__pupil_id=pupil_id)
        .exists()
    )
    if others_amended:
        return
    totals = school_counts(
        school, Period.for_school(school, as_of), pupil_ids=[pupil_id]
    )
    PupilFigures.objects.filter(school=school, pupil_id=pupil_id).delete()
    if pupil_id in totals:
        PupilFigures.objects.create(
            school=school,
            pupil_id=pupil_id,
            **dict(zip(FIGURES, totals[pupil_id], strict=True)),
        )
    state.last_amendment_id = last_amendment
    state.save(update_fields=["last_amendment_id"])


def _stale_school_ids(schools: list[School], as_of: date) -> set[int]:
    """The schools among ``schools`` whose list figures could differ from the
    measures as of ``as_of``: ``_is_current`` for all of them at once, in at most four
    queries however many schools there are."""
    ids = [school.pk for school in schools]
    states = {s.school_id: s for s in SchoolFigures.objects.filter(school_id__in=ids)}
    last_runs = dict(
        ImportRun.objects.filter(school_id__in=ids)
        .order_by()
        .values_list("school_id")
        .annotate(last=Max("pk"))
    )
    last_amendment = RegisterAmendment.objects.aggregate(last=Max("pk"))["last"] or 0
    stale, moved_on = set(), {}
    for school_id in ids:
        state = states.get(school_id)
        if state is None or (state.last_import_run_id, state.last_amendment_id) != (
            last_runs.get(school_id, 0),
            last_amendment,
        ):
            stale.add(school_id)
        elif state.as_of == as_of:
            continue
        elif state.as_of > as_of or (
            academic_year_start(state.as_of) != academic_year_start(as_of)
        ):
            stale.add(school_id)
        else:
            moved_on.setdefault(state.as_of, []).append(school_id)
    if moved_on:
        # Stale only if a day with marks has passed since: one query for all.
        since = Q()
        for computed_as_of, school_ids in moved_on.items():
            since |= Q(school_id__in=school_ids, date__gt=computed_as_of)
        stale.update(
            RegisterMark.objects.filter(since, date__lte=as_of)
            .order_by()
            .values_list("school_id", flat=True)
            .distinct()
        )
    return stale


def figures_ensure_many(*, schools: list[School], as_of: date) -> list[School]:
    """``figures_ensure`` for many schools at once: the same test of whether
    each school's list figures are current, made for all of them in at most four
    queries, then a refresh of each school that is not. Returns the schools
    refreshed.

    Side effects: ``figures_refresh`` for each stale school (which checks
    again under the school's lock, so two people opening a page at once
    compute each school once).
    """
    stale = _stale_school_ids(schools, as_of)
    refreshed = [school for school in schools if school.pk in stale]
    for school in refreshed:
        figures_refresh(school=school, as_of=as_of)
    return refreshed
