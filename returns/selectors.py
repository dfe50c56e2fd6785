"""Reads: the notifications a school owes its LA, those it has sent, and the
LA's inbox. Every read is scoped to what the user may see."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import (
    BooleanField,
    CharField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import Cast

from attendance.codes import CODES, Outcome
from attendance.measures import academic_year_start
from attendance.models import RegisterMark
from returns import rules
from returns.describe import describe
from returns.enums import KIND_ORDER, NotificationKind, RollChangeKind
from returns.models import LaNotification, RollChange, return_settings_for
from returns.permissions import inbox_la_ids, sending_school_ids
from schools.models import Pupil, School

# The marks the rules need: anything else (attended, authorised but not
# illness) breaks a run exactly as a missing mark does, so it is not read.
_WANTED_CODES = sorted(
    {c.code for c in CODES if c.outcome in (Outcome.UNAUTHORISED, Outcome.NOT_POSSIBLE)}
    | {rules.ILLNESS_CODE}
)


@dataclass
class DueItem:
    """One notification the school owes its LA and has not sent."""

    kind: str
    pupil: Pupil
    key: str
    due_on: date
    figures: dict = field(default_factory=dict)

    @property
    def ref(self) -> str:
        """What the school's form posts for this item: kind, pupil and key."""
        return f"{self.kind}:{self.pupil.pk}:{self.key}"

    @property
    def kind_label(self) -> str:
        return NotificationKind(self.kind).label

    @property
    def summary(self) -> str:
        return describe(self.kind, self.figures)

    def overdue(self, as_of: date) -> bool:
        return self.due_on < as_of


def sending_schools(user: AbstractBaseUser) -> QuerySet[School]:
    """Schools whose notifications to the LA the user sends."""
    return School.objects.filter(pk__in=sending_school_ids(user)).select_related(
        "local_authority"
    )


def _marks_by_pupil(
    school: School, start: date, as_of: date
) -> tuple[dict[int, dict[date, dict[str, str]]], list[date]]:
    """The marks the rules need for the school's pupils on roll, and the
    school's school days, from ``start`` to ``as_of``: two queries."""
    school_days = rules.school_days_from(
        RegisterMark.objects.filter(school=school, date__range=(start, as_of))
        .exclude(code="#")
        .values_list("date", flat=True)
        .distinct()
    )
    marks: dict[int, dict[date, dict[str, str]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    rows = RegisterMark.objects.filter(
        school=school,
        pupil__school=school,
        date__range=(start, as_of),
        code__in=_WANTED_CODES,
    ).values_list("pupil_id", "date", "session", "code")
    for pupil_id, day, session, code in rows.iterator(chunk_size=5000):
        marks[pupil_id][day][session] = code
    return marks, school_days


def _run_figures(run: rules.Run) -> dict:
    return {
        "first_day": run.first_day.isoformat(),
        "last_day": run.last_day.isoformat(),
        "school_days": run.school_days,
    }


def _register_items(school: School, as_of: date) -> list[tuple]:
    """(kind, pupil id, key, due on, figures) for every register rule met."""
    settings = return_settings_for(school.local_authority)
    counting = rules.IllnessCounting(settings.illness_counting)
    threshold = settings.illness_threshold_days
    marks, school_days = _marks_by_pupil(school, academic_year_start(as_of), as_of)
    year = rules.academic_year_key(as_of)
    found = []
    for pupil_id, by_day in marks.items():
        for run in rules.continuous_absence_runs(
            by_day, school_days, rules.CONTINUOUS_ABSENCE_DAYS
        ):
            figures = _run_figures(run)
            found.append(
                (
                    NotificationKind.CONTINUOUS_ABSENCE,
                    pupil_id,
                    run.first_day.isoformat(),
                    rules.month_end(run.reached_on),
                    figures,
                )
            )
            if run.school_days >= rules.MISSING_EDUCATION_DAYS:
                reached = school_days[
                    school_days.index(run.first_day) + rules.MISSING_EDUCATION_DAYS - 1
                ]
                found.append(
                    (
                        NotificationKind.MISSING_EDUCATION,
                        pupil_id,
                        run.first_day.isoformat(),
                        reached,
                        figures,
                    )
                )
        for finding in rules.illness_reached(
            by_day, school_days, threshold=threshold, counting=counting
        ):
            key = finding.first_day.isoformat() if finding.continuous else year
            found.append(
                (
                    NotificationKind.ILLNESS,
                    pupil_id,
                    key,
                    finding.reached_on,
                    {
                        "days": str(finding.days),
                        "continuous": finding.continuous,
                        "first_day": finding.first_day.isoformat(),
                        "last_day": finding.last_day.isoformat(),
                        "threshold": threshold,
                    },
                )
            )
    return found


def _roll_items(school: School) -> list[tuple]:
    kinds = {
        RollChangeKind.ADDED: NotificationKind.ADDED_TO_ROLL,
        RollChangeKind.REMOVED: NotificationKind.REMOVED_FROM_ROLL,
    }
    changes = (
        RollChange.objects.filter(school=school)
        .annotate(key_text=Cast("pk", output_field=CharField()))
        .exclude(
            Exists(
                LaNotification.objects.filter(
                    school=school,
                    pupil_id=OuterRef("pupil_id"),
                    kind__in=list(kinds.values()),
                    key=OuterRef("key_text"),
                )
            )
        )
        .select_related("other_school")
    )
    return [
        (
            kinds[change.kind],
            change.pupil_id,
            str(change.pk),
            rules.roll_change_due(change.on),
            {
                "on": change.on.isoformat(),
                "other_school": change.other_school.name if change.other_school else "",
            },
        )
        for change in changes
    ]


def due_notifications(school: School, as_of: date) -> list[DueItem]:
    """Every notification the school owes its LA on ``as_of`` and has not sent,
    by kind, then due date, then pupil.

    A fixed number of queries however many pupils the school has: its
    settings, its school days, the marks the rules need, its roll changes,
    what it has sent, and the pupils named.
    """
    found = _register_items(school, as_of) + _roll_items(school)
    sent = set(
        LaNotification.objects.filter(
            school=school, key__in={key for _, _, key, _, _ in found}
        ).values_list("kind", "pupil_id", "key")
    )
    wanted = [row for row in found if row[:3] not in sent]
    pupils = Pupil.objects.in_bulk({pupil_id for _, pupil_id, _, _, _ in wanted})
    items = [
        DueItem(kind, pupils[pupil_id], key, due_on, figures)
        for kind, pupil_id, key, due_on, figures in wanted
        if pupil_id in pupils
    ]
    return sorted(
        items,
        key=lambda item: (
            KIND_ORDER[item.kind],
            item.due_on,
            item.pupil.surname,
            item.pupil.forename,
            item.key,
        ),
    )


def sent_notifications(school: School) -> QuerySet[LaNotification]:
    """What the school has sent its LA, newest first."""
    return (
        LaNotification.objects.filter(school=school)
        .select_related("pupil", "sent_by", "received_by")
        .order_by("-sent_at", "-pk")
    )


def la_inbox(
    user: AbstractBaseUser,
    *,
    school_id: int | None = None,
    kind: str | None = None,
) -> QuerySet[LaNotification]:
    """Notifications sent to the LAs whose work the user manages: not yet
    received first, then newest first; optionally one school's, one kind."""
    found = LaNotification.objects.filter(
        local_authority_id__in=inbox_la_ids(user),
        school__local_authority_id__in=inbox_la_ids(user),
    )
    if school_id is not None:
        found = found.filter(school_id=school_id)
    if kind:
        found = found.filter(kind=kind)
    unreceived = ExpressionWrapper(
        Q(received_at__isnull=True), output_field=BooleanField()
    )
    return found.select_related("school", "pupil", "sent_by", "received_by").order_by(
        unreceived.desc(), "-sent_at", "-pk"
    )


def inbox_schools(user: AbstractBaseUser) -> QuerySet[School]:
    """The schools of the LAs whose inbox the user reads, for the filter."""
    return School.objects.filter(local_authority_id__in=inbox_la_ids(user)).order_by(
        "name"
    )
