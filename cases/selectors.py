"""Reads for cases. Views load every case through ``visible_cases``."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cases.enums import ClosureReason, EventKind, Stage
from cases.models import Case, CaseEvent, CaseGroupObjectPermission
from cases.models import CaseUserObjectPermission as CaseUserGrant
from cases.permissions import LA_ROLES, SCHOOL_CASEWORKERS, User, shared_case_ids
from schools.models import LocalAuthority
from schools.permissions import (
    local_authority_ids_with_permission,
    remembered,
    school_ids_with_permission,
)
from schools.retention import latest_due_start
from schools.roles import VIEW_PUPIL_DIRECTORY, VIEW_PUPIL_RECORD, role_group_name


def visible_cases(user: User) -> QuerySet[Case]:
    """Every case the user may see: one query, usable as a subquery (the user's
    schools, LAs and shared cases are read once per request).

    School staff see their own schools' cases. LA staff see cases shared with
    their LA team or with them by name, and only at their own LA's schools (a
    grant that somehow pointed elsewhere still shows nothing).
    """
    own_schools = school_ids_with_permission(user, VIEW_PUPIL_RECORD)
    user_las = local_authority_ids_with_permission(user, VIEW_PUPIL_DIRECTORY)
    if not (own_schools or user_las):
        return Case.objects.none()
    visible = Q(school_id__in=own_schools)
    if user_las:
        visible |= Q(
            pk__in=sorted(shared_case_ids(user)),
            school__local_authority_id__in=user_las,
        )
    return Case.objects.filter(visible)


@dataclass(frozen=True)
class CaseloadFilters:
    stage: str = ""
    school_id: int | None = None
    year_group: int | None = None
    lead_practitioner_id: int | None = None
    mine: bool = False
    overdue: bool = False
    overdue_review: bool = False


def visible_case_or_404(user: User, pk: int) -> Case:
    """The case a view is asked for, if the user may see it; otherwise a 404
    (never a 403 that would confirm it exists). Loads what every case page and
    panel shows of it: the pupil and their school, the school's LA and the
    lead practitioner."""
    return get_object_or_404(
        visible_cases(user).select_related(
            "pupil__school", "school__local_authority", "lead_practitioner"
        ),
        pk=pk,
    )


def case_to_act_on_or_404(
    user: User, pk: int, *, may: Callable[[User, Case], bool], refusal: str
) -> Case:
    """The case, as ``visible_case_or_404`` loads it, for a view that changes
    something: a 404 when the user may not see it, a 403 with ``refusal`` when
    they may see it but ``may(user, case)`` says they may not act on it."""
    case = visible_case_or_404(user, pk)
    if not may(user, case):
        raise PermissionDenied(refusal)
    return case


def with_last_event(cases: QuerySet[Case]) -> QuerySet[Case]:
    latest = (
        CaseEvent.objects.filter(case=OuterRef("pk"), restricted=False)
        .order_by()
        .values("case")
        .annotate(latest=Max("occurred_at"))
        .values("latest")
    )
    return cases.annotate(last_event_at=Subquery(latest))


CaseloadAnnotation = Callable[[QuerySet[Case], date], QuerySet[Case]]
_caseload_annotations: list[CaseloadAnnotation] = []


def register_caseload_annotation(annotate: CaseloadAnnotation) -> None:
    """Add an app's annotation to the caseload's cases, ``annotate(cases, today)``.

    The plans app adds ``review_overdue`` (a live plan past its review date),
    which the caseload shows as a tag and filters on ("Review overdue").
    Registering the same function again changes nothing.
    """
    if annotate not in _caseload_annotations:
        _caseload_annotations.append(annotate)


def annotate_caseload(cases: QuerySet[Case], today: date) -> QuerySet[Case]:
    for annotate in _caseload_annotations:
        cases = annotate(cases, today)
    return cases


def caseload_scope(
    *, user: User, filters: CaseloadFilters, overdue_days: int
) -> QuerySet[Case]:
    """Visible cases matching every filter except the stage, closed ones included."""
    cases = with_last_event(visible_cases(user))
    if filters.school_id is not None:
        cases = cases.filter(school_id=filters.school_id)
    if filters.year_group is not None:
        cases = cases.filter(pupil__year_group=filters.year_group)
    if filters.lead_practitioner_id is not None:
        cases = cases.filter(lead_practitioner_id=filters.lead_practitioner_id)
    if filters.mine:
        mine = Case.objects.filter(Q(lead_practitioner=user) | Q(co_workers=user))
        cases = cases.filter(pk__in=mine.values("pk"))
    if filters.overdue:
        cutoff = timezone.now() - timedelta(days=overdue_days)
        cases = cases.filter(last_event_at__lt=cutoff).exclude(stage=Stage.CLOSED)
    cases = annotate_caseload(cases, timezone.localdate())
    if filters.overdue_review:
        cases = cases.filter(review_overdue=True)
    return cases


def caseload(
    *, user: User, filters: CaseloadFilters, overdue_days: int
) -> QuerySet[Case]:
    """The cases a user works from: open ones unless a stage is chosen, the
    longest without activity first."""
    cases = caseload_scope(user=user, filters=filters, overdue_days=overdue_days)
    if filters.stage:
        cases = cases.filter(stage=filters.stage)
    else:
        cases = cases.exclude(stage=Stage.CLOSED)
    return cases.select_related("pupil", "school", "lead_practitioner").order_by(
        "last_event_at", "pk"
    )


def stage_counts(cases: QuerySet[Case]) -> dict[str, int]:
    """Cases per stage, every stage present (one query)."""
    counted = dict(cases.order_by().values_list("stage").annotate(n=Count("pk")))
    return {stage: counted.get(stage, 0) for stage in Stage.values}


# Restricted events (a safeguarding item was added) are shown only to users who
# may read the item named in ``details["item"]``. The safeguarding app registers
# a reader: (user, case) -> the ids of items on the case's pupil the user may
# read. With no reader registered, nobody sees a restricted event.
RestrictedEventReader = Callable[[User, Case], Iterable[int]]
_restricted_event_readers: list[RestrictedEventReader] = []


def register_restricted_event_reader(reader: RestrictedEventReader) -> None:
    if reader not in _restricted_event_readers:
        _restricted_event_readers.append(reader)


def visible_events(case: Case, *, user: User) -> QuerySet[CaseEvent]:
    """The case's events this user may see: restricted ones filtered out here,
    in the query, so no count or page of the chronology can reveal them."""
    readable = sorted(
        {pk for reader in _restricted_event_readers for pk in reader(user, case)}
    )
    shown = Q(restricted=False)
    if readable:
        shown |= Q(restricted=True, details__item__in=readable)
    return CaseEvent.objects.filter(case=case).filter(shown)


def case_events(case: Case, *, user: User, kind: str = "") -> QuerySet[CaseEvent]:
    """The chronology the user may see, newest first, with who recorded each."""
    events = visible_events(case, user=user).select_related("recorded_by")
    if kind:
        events = events.filter(kind=kind)
    return events.order_by("-occurred_at", "-pk")


def event_kinds_used(case: Case, *, user: User) -> list[str]:
    return list(
        visible_events(case, user=user)
        .order_by("kind")
        .values_list("kind", flat=True)
        .distinct()
    )


def describe_event(event: CaseEvent) -> str:
    """The structured part of an event in words (the written text is separate)."""
    details = event.details or {}
    stages = dict(Stage.choices)
    if event.kind == EventKind.TRANSITION:
        before = stages.get(details.get("from"), "?")
        words = f"{before} → {stages.get(details.get('to'), '?')}"
        if details.get("closure_reason"):
            words += f" ({ClosureReason(details['closure_reason']).label})"
        return words
    if event.kind in (EventKind.LEAD_ASSIGNED, EventKind.HANDED_OVER):
        return f"{details.get('from') or 'nobody'} → {details.get('to') or 'nobody'}"
    if event.kind == EventKind.CO_WORKERS_CHANGED:
        return ", ".join(details.get("co_workers", [])) or "none"
    if event.kind in (EventKind.SHARED, EventKind.UNSHARED):
        if details.get("agreed_by"):
            return (
                f"{details.get('name', '')}, on the school's agreement "
                f"({details['agreed_by']}, {details.get('agreed_on', '')})"
            )
        return details.get("name", "")
    if "label" in details:
        return details["label"]
    if "held_on" in details:
        return f"held on {details['held_on']}"
    return ""


def la_team_groups(local_authority: LocalAuthority) -> QuerySet[Group]:
    names = [
        role_group_name(
            organisation_kind="la", organisation_pk=local_authority.pk, role=role
        )
        for role in sorted(LA_ROLES)
    ]
    return Group.objects.filter(name__in=names)


@dataclass(frozen=True)
class CaseShares:
    la_team: bool
    practitioners: list

    def __bool__(self) -> bool:
        return self.la_team or bool(self.practitioners)


def case_shares(case: Case) -> CaseShares:
    """Who at the case's LA the case is shared with (two queries, once for the
    case object until a permission changes: the case page, its workflow rules
    and its assign form all ask)."""
    return remembered(case, "case_shares", lambda: _read_case_shares(case))


def _read_case_shares(case: Case) -> CaseShares:
    la = case.school.local_authority
    team = CaseGroupObjectPermission.objects.filter(
        content_object=case,
        permission__codename="view_case",
        group__in=la_team_groups(la),
    ).exists()
    practitioners = list(
        get_user_model()
        .objects.filter(
            pk__in=CaseUserGrant.objects.filter(
                content_object=case, permission__codename="view_case"
            ).values("user"),
            memberships__local_authority=la,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )
    return CaseShares(la_team=team, practitioners=practitioners)


def la_practitioners(case: Case) -> QuerySet[AbstractBaseUser]:
    """Active LA staff of the case's LA: whom the case may be shared with."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__local_authority_id=case.school.local_authority_id,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def eligible_practitioners(case: Case) -> QuerySet[AbstractBaseUser]:
    """Who may lead or co-work the case.

    School case workers at the case's school, and LA staff of its LA who can
    see the case (shared with their team or with them).
    """
    school_groups = [
        role_group_name(
            organisation_kind="school", organisation_pk=case.school_id, role=r
        )
        for r in sorted(SCHOOL_CASEWORKERS)
    ]
    shares = case_shares(case)
    la_users = Q(pk__in=[u.pk for u in shares.practitioners])
    if shares.la_team:
        la_users |= Q(groups__in=la_team_groups(case.school.local_authority))
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name__in=school_groups) | la_users)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def closed_cases_due_for_review(*, today: date, years: int) -> QuerySet[Case]:
    """Cases closed ``years`` or more before ``today`` (by the local date of
    closing): past the installation's retention period for closed cases,
    listed for review (schools.retention)."""
    cutoff = latest_due_start(today=today, years=years)
    closed_before = timezone.make_aware(
        datetime.combine(cutoff + timedelta(days=1), time.min)
    )
    return (
        Case.objects.filter(stage=Stage.CLOSED, closed_at__lt=closed_before)
        .select_related("school")
        .order_by("school__name", "school", "pk")
    )
