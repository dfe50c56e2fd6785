"""Every write to restricted items, their shares and the access log.

Each service runs in one transaction and writes its access-log row in it, so
an item is never created, edited or shared without the record of who did it.
Views call ``log_reads`` after choosing what they will display: one row per
item per request.
"""

import json
import zipfile
from dataclasses import dataclass
from datetime import date
from io import BytesIO

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from cases.models import Case
from cases.services import event_record
from safeguarding.enums import (
    AccessAction,
    LapseReason,
    SafeguardingEventKind,
    TransferOutcome,
)
from safeguarding.models import (
    READ_RESTRICTED_ITEM,
    AccessLogEntry,
    ChildProtectionFileTransfer,
    ConsultDslFlag,
    RestrictedItem,
    RestrictedItemGrant,
    RestrictedItemRevision,
    RestrictedLink,
    RestrictedNote,
)
from safeguarding.permissions import (
    can_manage_case_flag,
    can_manage_item,
    grants_in_force,
    is_dsl_at,
    is_dsl_for,
    share_candidates,
    share_default_expiry,
    share_latest_expiry,
)
from safeguarding.rules import cp_file_due
from safeguarding.selectors import with_content
from schools.models import Pupil, PupilMove


@dataclass(frozen=True)
class Origin:
    """Where a request came from, for the access log."""

    request_id: str = ""
    ip_address: str | None = None

    @classmethod
    def of(cls, request: HttpRequest) -> "Origin":
        return cls(
            request_id=getattr(request, "request_id", ""),
            ip_address=getattr(request, "client_ip", None),
        )


def _log(
    *,
    items: list[RestrictedItem],
    user: AbstractBaseUser,
    action: str,
    origin: Origin,
    details: dict | None = None,
) -> list[AccessLogEntry]:
    now = timezone.now()
    return AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            item=item,
            user=user,
            action=action,
            at=now,
            request_id=origin.request_id,
            ip_address=origin.ip_address,
            details=details or {},
        )
        for item in items
    )


def log_reads(
    *,
    items: list[RestrictedItem],
    user: AbstractBaseUser,
    origin: Origin,
    in_list: bool,
) -> None:
    """Record that these items are being displayed to the user: one row each."""
    unique = list({item.pk: item for item in items}.values())
    action = AccessAction.VIEWED_IN_LIST if in_list else AccessAction.VIEWED
    _log(items=unique, user=user, action=action, origin=origin)


def _check_case(pupil: Pupil, case: Case | None) -> None:
    if case is not None and case.pupil_id != pupil.pk:
        raise ValidationError({"case": "That case is not this pupil's case."})


@transaction.atomic
def note_create(
    *,
    pupil: Pupil,
    by: AbstractBaseUser,
    category: str,
    text: str,
    case: Case | None = None,
    origin: Origin = Origin(),
) -> RestrictedNote:
    if not is_dsl_for(by, pupil):
        raise PermissionDenied("Only the school's DSLs add restricted records.")
    _check_case(pupil, case)
    note = RestrictedNote(
        pupil=pupil, case=case, created_by=by, category=category, text=text
    )
    note.full_clean()
    note.save()
    _record_creation(note, by=by, origin=origin)
    return note


@transaction.atomic
def link_create(
    *,
    pupil: Pupil,
    by: AbstractBaseUser,
    case: Case | None = None,
    origin: Origin = Origin(),
    **fields,
) -> RestrictedLink:
    if not is_dsl_for(by, pupil):
        raise PermissionDenied("Only the school's DSLs add restricted records.")
    _check_case(pupil, case)
    link = RestrictedLink(pupil=pupil, case=case, created_by=by, **fields)
    link.full_clean()
    link.save()
    _record_creation(link, by=by, origin=origin)
    return link


def _record_creation(item: RestrictedItem, *, by, origin: Origin) -> None:
    _log(items=[item], user=by, action=AccessAction.CREATED, origin=origin)
    if item.case_id:
        event_record(
            case=item.case,
            kind=SafeguardingEventKind.RESTRICTED_ITEM_ADDED,
            by=by,
            details={
                "item": item.pk,
                "item_kind": item.kind,
                "label": f"{item.get_kind_display()} {item.pk}, under Safeguarding",
            },
            restricted=True,
        )


def _jsonable(value):
    return value.isoformat() if isinstance(value, date) else value


@transaction.atomic
def item_edit(
    *,
    item: RestrictedNote | RestrictedLink,
    by: AbstractBaseUser,
    changes: dict,
    origin: Origin = Origin(),
) -> RestrictedItemRevision | None:
    """Change an item's content, keeping the previous values in a revision.

    Returns the revision, or None when nothing changed (nothing is written).
    """
    if not can_manage_item(by, item):
        raise PermissionDenied("Only the school's DSLs edit restricted records.")
    locked = type(item).objects.select_for_update().get(pk=item.pk)
    unknown = set(changes) - set(locked.content_fields)
    if unknown:
        raise ValueError(f"Not content fields: {sorted(unknown)}")
    changed = {
        name: value for name, value in changes.items() if getattr(locked, name) != value
    }
    if not changed:
        return None
    previous = {name: _jsonable(getattr(locked, name)) for name in changed}
    for name, value in changed.items():
        setattr(locked, name, value)
    locked.updated_at = timezone.now()
    locked.updated_by = by
    locked.full_clean()
    locked.save()
    revision = RestrictedItemRevision.objects.create(
        item=locked, revised_by=by, previous=json.dumps(previous)
    )
    _log(
        items=[locked],
        user=by,
        action=AccessAction.EDITED,
        origin=origin,
        details={"revision": revision.pk, "fields": sorted(changed)},
    )
    for name in changed:
        setattr(item, name, getattr(locked, name))
    return revision


class ShareRefused(Exception):
    """A share or unshare that cannot be made, with the reason in words."""


@transaction.atomic
def item_share(
    *,
    item: RestrictedItem,
    by: AbstractBaseUser,
    with_user: AbstractBaseUser,
    expires_on: date | None = None,
    origin: Origin = Origin(),
) -> RestrictedItemGrant:
    """Let one more person read this item until the end of ``expires_on``.

    Every share ends: by default ``SHARE_DEFAULT_DAYS`` ahead, at most
    ``SHARE_LONGEST_DAYS``; renewing is a new share. The share also lapses
    the moment the person stops working at the pupil's school or its LA (see
    ``permissions.grants_in_force``).
    """
    if not can_manage_item(by, item):
        raise PermissionDenied("Only the school's DSLs share restricted records.")
    if not share_candidates(item).filter(pk=with_user.pk).exists():
        raise ShareRefused(
            f"{with_user.get_full_name() or with_user} does not work at "
            f"{item.pupil.school} or its local authority."
        )
    if is_dsl_for(with_user, item.pupil):
        raise ShareRefused(
            f"{with_user.get_full_name()} is a DSL at the pupil's school and can "
            "already read it."
        )
    today = timezone.localdate()
    expires_on = expires_on or share_default_expiry(today)
    if expires_on < today:
        raise ShareRefused("The end date is in the past.")
    latest = share_latest_expiry(today)
    if expires_on > latest:
        raise ShareRefused(
            f"A share lasts at most a year: choose a day up to "
            f"{latest:%-d %B %Y}, and share again then if it is still needed."
        )
    RestrictedItem.objects.select_for_update().get(pk=item.pk)
    existing = RestrictedItemGrant.objects.filter(content_object=item, user=with_user)
    if grants_in_force(existing, today).exists():
        raise ShareRefused(
            f"It is already shared with {with_user.get_full_name()}: end that "
            "share first to change it."
        )
    existing.delete()  # an expired share, still listed until the sweep: replace it
    grant = RestrictedItemGrant.objects.create(
        content_object_id=item.pk,  # the base item, whichever kind was passed
        user=with_user,
        permission=_read_permission(),
        shared_by=by,
        expires_on=expires_on,
    )
    _log(
        items=[item],
        user=by,
        action=AccessAction.SHARED,
        origin=origin,
        details={
            "with_user": with_user.pk,
            "with": with_user.get_full_name() or with_user.get_username(),
            "expires_on": expires_on.isoformat(),
        },
    )
    return grant


@transaction.atomic
def shares_lapse(
    *,
    grants: QuerySet[RestrictedItemGrant],
    cause: LapseReason = LapseReason.LEFT_ROLE,
    origin: Origin = Origin(),
) -> list[RestrictedItemGrant]:
    """End every share among ``grants`` that is no longer in force.

    Reads already stop at once (``grants_in_force`` is asked on every read);
    this removes the rows and says why in the access log, one ``lapsed`` row
    per share, logged against the person whose access ended. The reason is
    "expired" or "deactivated" when those hold, else ``cause`` (what the caller
    knows changed: a role taken away, or the pupil's move).

    Called when a membership ends, an account is deactivated or a pupil moves
    (``safeguarding.hooks``), and daily by ``lapse_restricted_shares``.
    Returns the ended shares.
    """
    today = timezone.localdate()
    ended = list(
        grants.exclude(pk__in=grants_in_force(grants, today).values("pk"))
        .select_related("user", "content_object")
        .select_for_update(of=("self",))
    )
    for grant in ended:
        if grant.expires_on < today:
            reason = LapseReason.EXPIRED
        elif not grant.user.is_active:
            reason = LapseReason.DEACTIVATED
        else:
            reason = LapseReason(cause)
        person = grant.user
        _log(
            items=[grant.content_object],
            user=person,
            action=AccessAction.LAPSED,
            origin=origin,
            details={
                "with_user": person.pk,
                "with": person.get_full_name() or person.get_username(),
                "expires_on": grant.expires_on.isoformat(),
                "reason": reason.value,
            },
        )
    RestrictedItemGrant.objects.filter(pk__in=[grant.pk for grant in ended]).delete()
    return ended


@transaction.atomic
def item_unshare(
    *,
    item: RestrictedItem,
    by: AbstractBaseUser,
    grant: RestrictedItemGrant,
    origin: Origin = Origin(),
) -> None:
    """End a share at once."""
    if not can_manage_item(by, item):
        raise PermissionDenied("Only the school's DSLs end shares.")
    if grant.content_object_id != item.pk:
        raise ShareRefused("That share is not of this record.")
    person = grant.user
    grant.delete()
    _log(
        items=[item],
        user=by,
        action=AccessAction.UNSHARED,
        origin=origin,
        details={
            "with_user": person.pk,
            "with": person.get_full_name() or person.get_username(),
        },
    )


def _read_permission():
    from django.contrib.auth.models import Permission

    app_label, codename = READ_RESTRICTED_ITEM.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


# The "consult the DSL" flag on a case. Its events are ordinary (everyone who
# sees the case sees them), so their words must say nothing restricted.


@transaction.atomic
def consult_flag_set(*, case: Case, by: AbstractBaseUser) -> ConsultDslFlag:
    if not can_manage_case_flag(by, case):
        raise PermissionDenied("Only a DSL on the case sets this flag.")
    Case.objects.select_for_update().get(pk=case.pk)
    if ConsultDslFlag.objects.filter(case=case).exists():
        raise ShareRefused("The flag is already set.")
    flag = ConsultDslFlag.objects.create(case=case, set_by=by)
    event_record(case=case, kind=SafeguardingEventKind.CONSULT_DSL_SET, by=by)
    return flag


@transaction.atomic
def consult_flag_clear(*, case: Case, by: AbstractBaseUser) -> None:
    if not can_manage_case_flag(by, case):
        raise PermissionDenied("Only a DSL on the case clears this flag.")
    Case.objects.select_for_update().get(pk=case.pk)
    deleted, _ = ConsultDslFlag.objects.filter(case=case).delete()
    if not deleted:
        raise ShareRefused("The flag is not set.")
    event_record(case=case, kind=SafeguardingEventKind.CONSULT_DSL_CLEARED, by=by)


@transaction.atomic
def dsl_consultation_record(*, case: Case, by: AbstractBaseUser, note: str) -> None:
    """A DSL records that they were consulted: the formal steps may then go on.

    The note is visible to everyone on the case, so it says only what may be
    said (for example "consulted; no objection to a parenting contract").
    """
    if not can_manage_case_flag(by, case):
        raise PermissionDenied("Only a DSL on the case records a consultation.")
    if not note.strip():
        raise ValidationError(
            {"note": "Say what was decided, in words others may read."}
        )
    Case.objects.select_for_update().get(pk=case.pk)
    event_record(
        case=case, kind=SafeguardingEventKind.DSL_CONSULTED, by=by, text=note.strip()
    )


# A pupil's move between schools of the installation (``schools.pupil_move``).


class TransferRefused(Exception):
    """A step of a child-protection file transfer that cannot be taken now."""


@transaction.atomic
def pupil_move_record(
    *, move: PupilMove, by: AbstractBaseUser | None
) -> ChildProtectionFileTransfer:
    """What a move means for restricted records, in the move's transaction.

    Side effects: shares the move puts out of reach (grantee not at the new
    school or its LA) end, each logged as lapsed; the child-protection file
    transfer task opens for the DSLs of both schools, listing those shares.
    """
    ended = shares_lapse(
        grants=RestrictedItemGrant.objects.filter(
            content_object__pupil_id=move.pupil_id
        ),
        cause=LapseReason.PUPIL_MOVED,
    )
    return ChildProtectionFileTransfer.objects.create(
        move=move,
        due_on=cp_file_due(move.joined_on),
        shares_ended=[
            {
                "with": grant.user.get_full_name() or grant.user.get_username(),
                "record": str(grant.content_object),
            }
            for grant in ended
        ],
    )


@transaction.atomic
def transfer_record_sent(
    *,
    transfer: ChildProtectionFileTransfer,
    by: AbstractBaseUser,
    outcome: str,
    sent_on: date,
) -> ChildProtectionFileTransfer:
    """The previous school's DSL records the file as sent, or that none is held."""
    if not is_dsl_at(by, transfer.move.from_school_id):
        raise PermissionDenied("Only the previous school's DSLs record this.")
    locked = ChildProtectionFileTransfer.objects.select_for_update().get(pk=transfer.pk)
    if locked.sent_on is not None:
        raise TransferRefused("This has already been recorded.")
    if outcome not in TransferOutcome.values:
        raise ValidationError({"outcome": "Say whether the file was sent."})
    if sent_on > timezone.localdate():
        raise ValidationError({"sent_on": "The date cannot be in the future."})
    locked.outcome, locked.sent_on, locked.sent_by = outcome, sent_on, by
    locked.save(update_fields=["outcome", "sent_on", "sent_by"])
    return locked


@transaction.atomic
def transfer_confirm_received(
    *,
    transfer: ChildProtectionFileTransfer,
    by: AbstractBaseUser,
    received_on: date,
) -> ChildProtectionFileTransfer:
    """The new school's DSL confirms the file (or the word that none is held)
    arrived."""
    if not is_dsl_at(by, transfer.move.to_school_id):
        raise PermissionDenied("Only the new school's DSLs confirm receipt.")
    locked = ChildProtectionFileTransfer.objects.select_for_update().get(pk=transfer.pk)
    if locked.sent_on is None:
        raise TransferRefused(
            "The previous school has not yet recorded the file as sent."
        )
    if locked.received_on is not None:
        raise TransferRefused("Receipt has already been confirmed.")
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "The date cannot be in the future."})
    if received_on < locked.sent_on:
        raise ValidationError(
            {"received_on": "The file cannot arrive before it was sent."}
        )
    locked.received_on, locked.received_by = received_on, by
    locked.save(update_fields=["received_on", "received_by"])
    return locked


def restricted_export(
    *, pupil: Pupil, by: AbstractBaseUser, origin: Origin
) -> tuple[bytes, int]:
    """The pupil's restricted records as a ZIP (a page to read and JSON), for
    a DSL answering a subject access request; each record's export is logged.

    The general subject access export leaves these out; the DSL decides what
    of this may be disclosed. Returns the ZIP and the number of records.
    """
    if not is_dsl_for(by, pupil):
        raise PermissionDenied("Only the school's DSLs export restricted records.")
    items = list(
        with_content(RestrictedItem.objects.filter(pupil=pupil)).order_by(
            "created_at", "pk"
        )
    )
    records = []
    for item in items:
        detail = item.detail
        records.append(
            {
                "id": item.pk,
                "kind": item.get_kind_display(),
                "case": item.case_id,
                "created_at": item.created_at,
                "created_by": item.created_by.get_full_name(),
                "updated_at": item.updated_at,
                **{
                    name: (
                        getattr(detail, f"get_{name}_display")()
                        if detail._meta.get_field(name).choices
                        else getattr(detail, name)
                    )
                    for name in detail.content_fields
                },
            }
        )
    page = render_to_string(
        "safeguarding/export.html",
        {"pupil": pupil, "items": items, "produced_at": timezone.localtime()},
    )
    out = BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("restricted-records.html", page)
        archive.writestr(
            "restricted-records.json",
            json.dumps(
                {"pupil": pupil.pk, "records": records},
                cls=DjangoJSONEncoder,
                indent=1,
                ensure_ascii=False,
            ),
        )
    _log(items=items, user=by, action=AccessAction.EXPORTED, origin=origin)
    return out.getvalue(), len(items)
