"""The statutory dates of an education supervision order and the limits of
the court's sentence for s.444, as tables."""

from datetime import date
from decimal import Decimal

import pytest

from legal.rules import (
    extension_application_problem,
    months_after,
    months_before_rounding_up,
    order_period,
    outcome_problems,
    review_status,
)

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # a leap year
        (date(2026, 1, 31), 3, date(2026, 4, 30)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2028, 2, 29), 48, date(2032, 2, 29)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),  # across the year's end
    ],
)
def test_months_after_takes_the_month_end_when_the_day_is_missing(
    day, months, expected
):
    assert months_after(day, months) == expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2027, 5, 31), 3, date(2027, 3, 1)),  # no 31 February
        (date(2028, 5, 30), 3, date(2028, 3, 1)),  # no 30 February, leap year
        (date(2028, 5, 29), 3, date(2028, 2, 29)),
        (date(2027, 1, 31), 3, date(2026, 10, 31)),  # back across the year's end
        (date(2027, 7, 31), 3, date(2027, 5, 1)),  # no 31 April
    ],
)
def test_months_before_takes_the_next_day_when_the_day_is_missing(
    day, months, expected
):
    assert months_before_rounding_up(day, months) == expected


@pytest.mark.parametrize(
    ("made_on", "last_day", "window_opens", "reviews"),
    [
        # An order made on 31 January: reviews at the month ends, in force
        # until 30 January the next year.
        (
            date(2026, 1, 31),
            date(2027, 1, 30),
            date(2026, 10, 31),
            (date(2026, 4, 30), date(2026, 7, 31), date(2026, 10, 31)),
        ),
        # On 29 February: the next year has no 29 February, so the order's
        # year ends at the end of the 27th (never later than the law allows).
        (
            date(2028, 2, 29),
            date(2029, 2, 27),
            date(2028, 11, 28),
            (date(2028, 5, 29), date(2028, 8, 29), date(2028, 11, 29)),
        ),
        # On 31 May: the window cannot open on 31 February, so it opens on
        # 1 March (never earlier than the law allows).
        (
            date(2026, 5, 31),
            date(2027, 5, 30),
            date(2027, 3, 1),
            (date(2026, 8, 31), date(2026, 11, 30), date(2027, 2, 28)),
        ),
        (
            date(2026, 3, 1),
            date(2027, 2, 28),
            date(2026, 12, 1),
            (date(2026, 6, 1), date(2026, 9, 1), date(2026, 12, 1)),
        ),
    ],
)
def test_an_order_lasts_a_year_with_reviews_every_three_months(
    made_on, last_day, window_opens, reviews
):
    period = order_period(made_on)
    assert period.last_day == last_day
    assert period.window_opens == window_opens
    assert period.window_closes == last_day
    assert period.reviews_due == reviews
    assert period.in_force_on(last_day)
    assert not period.in_force_on(date.fromordinal(last_day.toordinal() + 1))


def test_extensions_run_on_from_the_end_and_keep_the_reviews_on_the_order_date():
    period = order_period(date(2026, 1, 31), (2,))
    assert period.last_day == date(2029, 1, 30)
    assert period.window_opens == date(2028, 10, 31)
    assert len(period.reviews_due) == 11  # three years, less the end itself
    assert period.reviews_due[3] == date(2027, 1, 31)
    assert period.reviews_due[4] == date(2027, 4, 30)  # no drift from month ends
    twice = order_period(date(2026, 1, 31), (1, 3))
    assert twice.last_day == date(2031, 1, 30)


@pytest.mark.parametrize("years", [0, 4, -1])
def test_an_extension_is_for_one_to_three_years(years):
    with pytest.raises(ValueError, match="1 to 3 years"):
        order_period(date(2026, 1, 31), (years,))


@pytest.mark.parametrize(
    ("applied_on", "problem"),
    [
        (
            date(2026, 10, 30),
            "only in the last three months of the order: from 31 October 2026",
        ),
        (date(2026, 10, 31), ""),  # the window's first day
        (date(2027, 1, 30), ""),  # the order's last day
        (date(2027, 1, 31), "The order ended on 30 January 2027"),
    ],
)
def test_an_extension_is_applied_for_in_the_window_only(applied_on, problem):
    found = extension_application_problem(order_period(date(2026, 1, 31)), applied_on)
    if problem:
        assert problem in found
    else:
        assert found == ""


@pytest.mark.parametrize(
    ("held", "today", "next_due", "overdue"),
    [
        (0, date(2026, 4, 29), date(2026, 4, 30), False),
        (0, date(2026, 4, 30), date(2026, 4, 30), False),  # due today, not late
        (0, date(2026, 5, 1), date(2026, 4, 30), True),
        (1, date(2026, 5, 1), date(2026, 7, 31), False),
        (1, date(2026, 9, 1), date(2026, 7, 31), True),
        (3, date(2027, 1, 20), None, False),  # every review held
    ],
)
def test_reviews_fall_due_and_overdue(held, today, next_due, overdue):
    status = review_status(order_period(date(2026, 1, 31)), held, today)
    assert status.next_due == next_due
    assert status.overdue is overdue
    assert status.done == held


@pytest.mark.parametrize(
    ("offence", "outcome", "fine", "problems"),
    [
        ("s444_1", "fine", Decimal("1000"), {}),
        ("s444_1", "fine", Decimal("1000.01"), {"fine": "£1,000"}),
        ("s444_1a", "fine", Decimal("2500"), {}),
        ("s444_1a", "fine", Decimal("2600"), {"fine": "£2,500"}),
        ("s444_1", "fine", None, {"fine": "Give the amount"}),
        ("s444_1", "fine", Decimal("0"), {"fine": "Give the amount"}),
        ("s444_1", "parenting_order", Decimal("50"), {"fine": "only with the outcome"}),
        ("s444_1", "imprisonment", None, {"outcome": "only under section 444(1A)"}),
        ("s444_1a", "imprisonment", None, {}),
        ("s444_1", "conditional_discharge", None, {}),
        ("s444_1a", "not_guilty", None, {}),
    ],
)
def test_the_court_outcome_must_be_open_for_the_offence(
    offence, outcome, fine, problems
):
    found = outcome_problems(offence, outcome, fine)
    assert set(found) == set(problems)
    for field, text in problems.items():
        assert text in found[field]


def test_an_unknown_offence_is_an_error_not_a_pass():
    with pytest.raises(ValueError, match="Unknown offence"):
        outcome_problems("s443", "fine", Decimal("10"))
