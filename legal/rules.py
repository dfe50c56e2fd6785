"""The statutory rules of legal intervention, as pure functions that every
form, guard, list and page asks (DOMAIN.md section 5).

Education supervision orders (Children Act 1989, s.36 and Schedule 3 Part III):

- An order has effect for one year beginning with the day it is made, so it
  is in force up to and including the day before its first anniversary.
- The court may extend it, on an application made in the three months before
  the day it would otherwise expire, for up to three years at a time, and more
  than once. An extension runs on from the end of the current period.
- The order is reviewed every three months, counted from the order date (not
  from the previous review, so the dates do not drift at month ends).

Where the calendar has no corresponding day (31 January plus three months,
29 February plus a year), the date taken is the one that keeps the LA inside
the law: the last day of the month for an order's end and its reviews (never
later than the law allows), and the first day of the next month for the
opening of the extension window (never earlier than the law allows).

Prosecution (Education Act 1996, s.444): s.444(1) is punishable by a fine up
to level 3 (£1,000); s.444(1A), where the parent knew of the absence and
failed to act, by a fine up to level 4 (£2,500) and/or up to three months'
imprisonment. The court may add a parenting order.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

ORDER_MONTHS = 12
REVIEW_EVERY_MONTHS = 3
EXTENSION_WINDOW_MONTHS = 3
MAX_EXTENSION_YEARS = 3


def months_after(day: date, months: int) -> date:
    """The corresponding day ``months`` later; the month's last day when that
    month is too short (31 January + 1 month = 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def months_before_rounding_up(day: date, months: int) -> date:
    """The corresponding day ``months`` earlier; the first day of the next
    month when that month is too short (three months before 31 May is 1 March,
    which is inside the three months; 28 February would not be)."""
    month_index = day.month - 1 - months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    if day.day > last:
        return date(year, month, last) + timedelta(days=1)
    return date(year, month, day.day)


@dataclass(frozen=True)
class OrderPeriod:
    """An order's dates: the last day it is in force, when the window to apply
    for an extension opens and closes (inclusive), and its reviews' due dates."""

    made_on: date
    last_day: date
    window_opens: date
    window_closes: date
    reviews_due: tuple[date, ...]

    def in_force_on(self, day: date) -> bool:
        return self.made_on <= day <= self.last_day

    def window_open_on(self, day: date) -> bool:
        return self.window_opens <= day <= self.window_closes


def order_period(made_on: date, extensions_years: tuple[int, ...] = ()) -> OrderPeriod:
    """The dates of an order made on ``made_on`` and extended, in turn, by each
    of ``extensions_years`` (each 1 to 3)."""
    for years in extensions_years:
        if not 1 <= years <= MAX_EXTENSION_YEARS:
            raise ValueError(
                f"An extension is for 1 to {MAX_EXTENSION_YEARS} years, not {years}."
            )
    months = ORDER_MONTHS + 12 * sum(extensions_years)
    # The day the order would expire: the first day it is no longer in force.
    expires = months_after(made_on, months)
    reviews = []
    step = 1
    while (due := months_after(made_on, REVIEW_EVERY_MONTHS * step)) < expires:
        reviews.append(due)
        step += 1
    return OrderPeriod(
        made_on=made_on,
        last_day=expires - timedelta(days=1),
        window_opens=months_before_rounding_up(expires, EXTENSION_WINDOW_MONTHS),
        window_closes=expires - timedelta(days=1),
        reviews_due=tuple(reviews),
    )


def extension_application_problem(period: OrderPeriod, applied_on: date) -> str:
    """Why an extension applied for on ``applied_on`` is out of time; empty
    when it is in the window."""
    if applied_on < period.window_opens:
        return (
            f"An extension can be applied for only in the last three months of the "
            f"order: from {period.window_opens:%-d %B %Y}."
        )
    if applied_on > period.window_closes:
        return (
            f"The order ended on {period.last_day:%-d %B %Y}; an extension must be "
            "applied for before it ends. A new order needs a new application."
        )
    return ""


@dataclass(frozen=True)
class ReviewStatus:
    """Where an order's reviews stand on a day: the next review due (None when
    every review is done), whether it is overdue, and how many are done."""

    next_due: date | None
    overdue: bool
    done: int
    due_so_far: int
    next_due_in_days: int | None = None


def review_status(period: OrderPeriod, reviews_held: int, today: date) -> ReviewStatus:
    """Reviews are due every three months from the order; each review held
    counts against the earliest due date not yet met."""
    due_so_far = sum(1 for due in period.reviews_due if due <= today)
    if reviews_held >= len(period.reviews_due):
        return ReviewStatus(None, False, reviews_held, due_so_far)
    next_due = period.reviews_due[reviews_held]
    return ReviewStatus(
        next_due, next_due < today, reviews_held, due_so_far, (next_due - today).days
    )


# Prosecution.

S444_1 = "s444_1"
S444_1A = "s444_1a"
MAX_FINE = {S444_1: Decimal("1000"), S444_1A: Decimal("2500")}
OFFENCE_NAMES = {
    S444_1: "section 444(1)",
    S444_1A: "section 444(1A)",
}

# Outcomes a court may give, and those only open on s.444(1A).
FINE = "fine"
IMPRISONMENT = "imprisonment"
OUTCOMES_ONLY_1A = frozenset({IMPRISONMENT})


def outcome_problems(
    offence: str, outcome: str, fine: Decimal | None
) -> dict[str, str]:
    """Why a recorded outcome is not one the court could give for the
    offence, by field; empty when it could."""
    if offence not in MAX_FINE:
        raise ValueError(f"Unknown offence {offence!r}.")
    problems = {}
    if outcome == FINE:
        if fine is None or fine <= 0:
            problems["fine"] = "Give the amount of the fine."
        elif fine > MAX_FINE[offence]:
            problems["fine"] = (
                f"The most a court can fine under {OFFENCE_NAMES[offence]} is "
                f"£{MAX_FINE[offence]:,.0f}."
            )
    elif fine is not None:
        problems["fine"] = "A fine amount goes only with the outcome “fine”."
    if outcome in OUTCOMES_ONLY_1A and offence != S444_1A:
        problems["outcome"] = (
            "Imprisonment is open to the court only under section 444(1A)."
        )
    return problems
