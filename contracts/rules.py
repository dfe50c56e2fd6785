"""The penalty-notice rules of the national framework (from 19 August 2024), as
one pure function that every form, guard and page asks.

- A penalty notice is issued to one parent for one pupil.
- The first notice to that parent for that pupil is £160, reduced to £80 if
  paid within 21 days of receipt; it is payable within 28 days.
- A second notice to the same parent for the same pupil within three years of
  the first is £160, with no reduction.
- At most two notices per parent per pupil count in any rolling three years,
  counted back from the proposed issue date. Withdrawn notices do not count;
  unpaid ones (and those that went to prosecution) do.
- Notices for a pupil in a public place in the first five days of a
  suspension or exclusion (£60 reduced, £120 full) are outside the framework:
  they never count and are never capped.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

ATTENDANCE = "attendance"
EXCLUSION = "exclusion"
KINDS = (ATTENDANCE, EXCLUSION)

# Statuses a notice can have; all but "withdrawn" count towards the cap.
STATUSES = ("issued", "paid_reduced", "paid_full", "unpaid", "withdrawn", "prosecuted")
NOT_COUNTED = frozenset({"withdrawn"})

CAP = 2
CAP_YEARS = 3
REDUCED_WITHIN_DAYS = 21  # from receipt
PAYABLE_WITHIN_DAYS = 28  # from receipt

AMOUNTS = {
    # kind: (full, reduced for the first notice)
    ATTENDANCE: (Decimal("160"), Decimal("80")),
    EXCLUSION: (Decimal("120"), Decimal("60")),
}

OTHER_TOOLS = (
    "a notice to improve, a parenting contract, an education supervision order "
    "or prosecution"
)


@dataclass(frozen=True)
class PenaltyNoticeDecision:
    """What the framework allows for a proposed notice.

    ``counted`` holds the previous notices (as given) that count towards the
    cap, oldest first. ``reduced_amount`` is None when no reduction applies.
    """

    may_issue: bool
    full_amount: Decimal | None
    reduced_amount: Decimal | None
    counted: tuple[Mapping, ...]
    reasons: tuple[str, ...]

    @property
    def is_second(self) -> bool:
        return self.may_issue and len(self.counted) == CAP - 1


def years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return date(day.year - years, 2, 28)


def window_start(proposed_on: date) -> date:
    """The first day of the three years that end on ``proposed_on``."""
    return years_before(proposed_on, CAP_YEARS) + timedelta(days=1)


def _money(amount: Decimal) -> str:
    return f"£{amount:,.0f}"


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _describe(notice: Mapping) -> str:
    status = notice["status"].replace("_", " ")
    status = {
        "paid reduced": "paid at the reduced amount",
        "paid full": "paid in full",
    }.get(status, status)
    return f"issued {_day(notice['issued_on'])} ({status})"


def _check(notice: Mapping) -> None:
    if notice.get("kind") not in KINDS:
        raise ValueError(f"Unknown penalty notice kind: {notice.get('kind')!r}.")
    if notice.get("status") not in STATUSES:
        raise ValueError(f"Unknown penalty notice status: {notice.get('status')!r}.")
    if not isinstance(notice.get("issued_on"), date):
        raise ValueError("Every previous notice needs an issue date.")


def counted_notices(previous: Iterable[Mapping], proposed_on: date) -> list[Mapping]:
    """The previous attendance notices that count towards the cap for a notice
    proposed on ``proposed_on``, oldest first.

    A notice dated after the proposed date (recorded late, say) counts too: it
    would share a three-year window with the proposed one.
    """
    start = window_start(proposed_on)
    notices = list(previous)
    for notice in notices:
        _check(notice)
    return sorted(
        (
            n
            for n in notices
            if n["kind"] == ATTENDANCE
            and n["status"] not in NOT_COUNTED
            and n["issued_on"] >= start
        ),
        key=lambda n: n["issued_on"],
    )


def penalty_notice_decision(
    previous: Iterable[Mapping], proposed_on: date, *, kind: str = ATTENDANCE
) -> PenaltyNoticeDecision:
    """Whether a penalty notice of ``kind`` may be issued to a parent for a
    pupil on ``proposed_on``, given ``previous``: that parent's earlier notices
    for that pupil, each a mapping with ``issued_on`` (date), ``status`` (one of
    STATUSES) and ``kind`` (``attendance`` or ``exclusion``).
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown penalty notice kind: {kind!r}.")
    counted = tuple(counted_notices(previous, proposed_on))
    if kind == EXCLUSION:
        full, reduced = AMOUNTS[EXCLUSION]
        return PenaltyNoticeDecision(
            may_issue=True,
            full_amount=full,
            reduced_amount=reduced,
            counted=(),
            reasons=(
                "A notice for a pupil in a public place in the first five days of "
                "a suspension or exclusion is outside the national framework and "
                f"does not count towards its limit: {_money(full)}, reduced to "
                f"{_money(reduced)} if paid within {REDUCED_WITHIN_DAYS} days of "
                f"receipt; payable within {PAYABLE_WITHIN_DAYS} days.",
            ),
        )
    since = _day(window_start(proposed_on))
    full, reduced = AMOUNTS[ATTENDANCE]
    if len(counted) >= CAP:
        listed = " and ".join(_describe(n) for n in counted)
        return PenaltyNoticeDecision(
            may_issue=False,
            full_amount=None,
            reduced_amount=None,
            counted=counted,
            reasons=(
                f"This parent has already had {len(counted)} penalty notices for "
                f"this pupil that count since {since}: {listed}. The framework "
                f"allows at most {CAP} in any three years (withdrawn notices do "
                "not count), so a third may not be issued.",
                f"Consider another tool instead: {OTHER_TOOLS}.",
            ),
        )
    if counted:
        return PenaltyNoticeDecision(
            may_issue=True,
            full_amount=full,
            reduced_amount=None,
            counted=counted,
            reasons=(
                "This is the second penalty notice to this parent for this pupil "
                f"since {since} (the first was {_describe(counted[0])}): "
                f"{_money(full)} with no reduction, payable within "
                f"{PAYABLE_WITHIN_DAYS} days of receipt. It is the last the "
                "framework allows in the three years.",
            ),
        )
    return PenaltyNoticeDecision(
        may_issue=True,
        full_amount=full,
        reduced_amount=reduced,
        counted=(),
        reasons=(
            "This is the first penalty notice to this parent for this pupil "
            f"since {since}: {_money(full)}, reduced to {_money(reduced)} if paid "
            f"within {REDUCED_WITHIN_DAYS} days of receipt; payable within "
            f"{PAYABLE_WITHIN_DAYS} days.",
        ),
    )


def payment_dates(received_on: date) -> tuple[date, date]:
    """The last day to pay the reduced amount and the last day to pay at all."""
    return (
        received_on + timedelta(days=REDUCED_WITHIN_DAYS),
        received_on + timedelta(days=PAYABLE_WITHIN_DAYS),
    )
