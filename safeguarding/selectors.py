"""Reads of restricted items and the access log, always through the readers' rules."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from cases.case_view import once
from cases.models import Case, CaseEvent
from safeguarding.enums import READ_ACTIONS, SafeguardingEventKind
from safeguarding.models import (
    AccessLogEntry,
    ChildProtectionFileTransfer,
    ConsultDslFlag,
    RestrictedItem,
    RestrictedItemGrant,
)
from safeguarding.permissions import (
    User,
    current_grants,
    dsl_school_ids,
    readable_items,
    visible_transfers,
)
from schools.models import Pupil
from schools.retention import SAFEGUARDING_YEARS_FROM_BIRTH, latest_due_start


def case_consultation(case: Case) -> tuple[ConsultDslFlag | None, CaseEvent | None]:
    """The case's "consult the DSL" flag, and the latest consultation recorded
    since it was set: two queries, once per view of the case page, where its
    rule (on each formal step) and its panel both ask."""

    def read():
        flag = ConsultDslFlag.objects.filter(case_id=case.pk).first()
        if flag is None:
            return None, None
        consulted = (
            CaseEvent.objects.filter(
                case_id=case.pk,
                kind=SafeguardingEventKind.DSL_CONSULTED,
                occurred_at__gte=flag.set_at,
            )
            .select_related("recorded_by")
            .order_by("-occurred_at", "-pk")
            .first()
        )
        return flag, consulted

    return once(case, "safeguarding.consultation", read)


def readable_item_ids(user: User, case: Case) -> list[int]:
    """Items about the case's pupil that the user may read (one query, once per
    view of the case page: its chronology and its panel both ask)."""
    return once(
        case,
        ("safeguarding.readable_item_ids", user.pk),
        lambda: list(
            readable_items(user)
            .filter(pupil_id=case.pupil_id)
            .values_list("pk", flat=True)
        ),
    )


def with_content(items: QuerySet[RestrictedItem]) -> QuerySet[RestrictedItem]:
    return items.select_related("note", "link", "pupil__school", "created_by", "case")


def pupil_items(user: User, pupil: Pupil) -> QuerySet[RestrictedItem]:
    """The pupil's restricted items this user may read, newest first."""
    return with_content(readable_items(user).filter(pupil=pupil)).order_by(
        "-created_at", "-pk"
    )


def shared_with_me(user: User) -> QuerySet[RestrictedItemGrant]:
    """Current shares to the user, with the pupil (no content)."""
    return (
        current_grants(user)
        .select_related("content_object__pupil__school", "shared_by")
        .order_by("-shared_at", "-pk")
    )


@dataclass(frozen=True)
class Viewer:
    user: AbstractBaseUser
    reads: int
    last_read_at: datetime


def item_viewers(item: RestrictedItem) -> list[Viewer]:
    """Everyone who has read the item, most recent first (two queries)."""
    rows = list(
        AccessLogEntry.objects.filter(item=item, action__in=READ_ACTIONS)
        .order_by()
        .values("user")
        .annotate(reads=Count("pk"), last=Max("at"))
        .order_by("-last")
    )
    users = get_user_model().objects.in_bulk([row["user"] for row in rows])
    return [Viewer(users[row["user"]], row["reads"], row["last"]) for row in rows]


def item_access_log(item: RestrictedItem) -> QuerySet[AccessLogEntry]:
    return item.access_log.select_related("user").order_by("-at", "-pk")


@dataclass(frozen=True)
class AccessReportFilters:
    user_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def access_report(user: User, filters: AccessReportFilters) -> QuerySet[AccessLogEntry]:
    """Every access to restricted items of pupils at the user's DSL schools."""
    entries = AccessLogEntry.objects.filter(
        item__pupil__school_id__in=dsl_school_ids(user)
    )
    if filters.user_id is not None:
        entries = entries.filter(user_id=filters.user_id)
    if filters.date_from is not None:
        entries = entries.filter(at__gte=_start_of(filters.date_from))
    if filters.date_to is not None:
        entries = entries.filter(at__lt=_start_of(filters.date_to + timedelta(days=1)))
    return entries.select_related("user", "item__pupil").order_by("-at", "-pk")


def report_people(user: User) -> QuerySet[AbstractBaseUser]:
    """Everyone who appears in the user's access report, for its filter."""
    return (
        get_user_model()
        .objects.filter(
            pk__in=AccessLogEntry.objects.filter(
                item__pupil__school_id__in=dsl_school_ids(user)
            ).values("user")
        )
        .order_by("last_name", "first_name", "pk")
    )


def with_move(
    transfers: QuerySet[ChildProtectionFileTransfer],
) -> QuerySet[ChildProtectionFileTransfer]:
    return transfers.select_related(
        "move__pupil",
        "move__from_school",
        "move__to_school",
        "sent_by",
        "received_by",
    )


def open_transfers(user: User) -> QuerySet[ChildProtectionFileTransfer]:
    """Transfers the user's DSL schools have still to finish, soonest due first."""
    return with_move(visible_transfers(user).filter(received_on__isnull=True)).order_by(
        "due_on", "pk"
    )


def items_due_for_review(*, today: date) -> QuerySet[RestrictedItem]:
    """Restricted items whose pupil is 25 or older on ``today``: their
    retention period is over and a DSL must review them (schools.retention).
    They are listed, never removed by the software. Reads no content."""
    cutoff = latest_due_start(today=today, years=SAFEGUARDING_YEARS_FROM_BIRTH)
    return (
        RestrictedItem.objects.filter(pupil__date_of_birth__lte=cutoff)
        .select_related("pupil__school")
        .order_by("pupil__school__name", "pupil__school", "pk")
    )
