"""The penalty-notice rules: the cap of two per parent per pupil in any rolling
three years, and the amounts, as one table of notice histories."""

from datetime import date
from decimal import Decimal

import pytest

from contracts.rules import (
    payment_dates,
    penalty_notice_decision,
    window_start,
)

pytestmark = pytest.mark.unit


def notice(issued_on: date, status: str = "issued", kind: str = "attendance"):
    return {"issued_on": issued_on, "status": status, "kind": kind}


FIRST = (True, Decimal("160"), Decimal("80"))
SECOND = (True, Decimal("160"), None)
REFUSED = (False, None, None)
EXCLUSION = (True, Decimal("120"), Decimal("60"))

PROPOSED = date(2026, 3, 10)


@pytest.mark.parametrize(
    ("previous", "proposed_on", "expected"),
    [
        # 1. Nothing before: the first notice, with the reduction.
        ([], PROPOSED, FIRST),
        # 2-7. One earlier notice counts whatever became of it, bar withdrawal.
        ([notice(date(2025, 1, 6))], PROPOSED, SECOND),
        ([notice(date(2025, 1, 6), "paid_reduced")], PROPOSED, SECOND),
        ([notice(date(2025, 1, 6), "paid_full")], PROPOSED, SECOND),
        ([notice(date(2025, 1, 6), "unpaid")], PROPOSED, SECOND),
        ([notice(date(2025, 1, 6), "prosecuted")], PROPOSED, SECOND),
        ([notice(date(2025, 1, 6), "withdrawn")], PROPOSED, FIRST),
        # 8-10. Two that count: a third is refused, paid or not.
        (
            [notice(date(2024, 5, 1), "paid_reduced"), notice(date(2025, 2, 3))],
            PROPOSED,
            REFUSED,
        ),
        (
            [notice(date(2024, 5, 1), "unpaid"), notice(date(2025, 2, 3), "unpaid")],
            PROPOSED,
            REFUSED,
        ),
        (
            [notice(date(2024, 5, 1), "prosecuted"), notice(date(2025, 2, 3))],
            PROPOSED,
            REFUSED,
        ),
        # 11-12. Two, one withdrawn: the second notice (no reduction).
        (
            [notice(date(2024, 5, 1), "withdrawn"), notice(date(2025, 2, 3))],
            PROPOSED,
            SECOND,
        ),
        (
            [
                notice(date(2024, 5, 1), "withdrawn"),
                notice(date(2025, 2, 3), "withdrawn"),
            ],
            PROPOSED,
            FIRST,
        ),
        # 13-15. The three-year boundary: exactly three years before the
        # proposed date is outside the window; the day after is inside.
        ([notice(date(2023, 3, 10))], PROPOSED, FIRST),
        ([notice(date(2023, 3, 11))], PROPOSED, SECOND),
        (
            [notice(date(2023, 3, 11), "paid_full"), notice(date(2024, 9, 1))],
            PROPOSED,
            REFUSED,
        ),
        # 16. The older of two has left the window: a second notice again.
        (
            [notice(date(2023, 3, 10), "paid_full"), notice(date(2024, 9, 1))],
            PROPOSED,
            SECOND,
        ),
        # 17. Both old: a first notice, with the reduction again.
        (
            [notice(date(2020, 1, 1)), notice(date(2022, 6, 1))],
            PROPOSED,
            FIRST,
        ),
        # 18-21. 29 February: three years back from 29 February 2028 is
        # 28 February 2025, so the window starts on 1 March 2025.
        ([notice(date(2025, 2, 28))], date(2028, 2, 29), FIRST),
        ([notice(date(2025, 3, 1))], date(2028, 2, 29), SECOND),
        # ... and a notice issued on 29 February 2024 leaves the window after
        # 28 February 2027 (the window of 1 March 2027 starts on 2 March 2024).
        ([notice(date(2024, 2, 29))], date(2027, 2, 28), SECOND),
        ([notice(date(2024, 2, 29))], date(2027, 3, 1), FIRST),
        # 22-24. Exclusion notices never count and are never capped.
        ([notice(date(2025, 1, 6), kind="exclusion")], PROPOSED, FIRST),
        (
            [
                notice(date(2025, 1, 6), kind="exclusion"),
                notice(date(2025, 2, 6), kind="exclusion"),
                notice(date(2025, 3, 6)),
            ],
            PROPOSED,
            SECOND,
        ),
        (
            [
                notice(date(2024, 5, 1), kind="exclusion"),
                notice(date(2025, 2, 3), kind="exclusion"),
                notice(date(2025, 6, 3), kind="exclusion"),
            ],
            PROPOSED,
            FIRST,
        ),
        # 25. A notice recorded with a later date than the proposed one still
        # shares the window.
        (
            [notice(date(2025, 2, 3)), notice(date(2026, 4, 1))],
            PROPOSED,
            REFUSED,
        ),
        # 26. Three already (recorded before the system, say): still refused.
        (
            [
                notice(date(2024, 1, 8)),
                notice(date(2024, 9, 9)),
                notice(date(2025, 9, 8)),
            ],
            PROPOSED,
            REFUSED,
        ),
        # 27. The same day as an earlier notice (a second parent's notice is
        # a different history; this is the same parent twice).
        ([notice(PROPOSED)], PROPOSED, SECOND),
    ],
)
def test_penalty_notice_decision(previous, proposed_on, expected):
    decision = penalty_notice_decision(previous, proposed_on)

    assert (
        decision.may_issue,
        decision.full_amount,
        decision.reduced_amount,
    ) == expected


@pytest.mark.parametrize(
    "previous",
    [
        [],
        [notice(date(2024, 5, 1)), notice(date(2025, 2, 3))],
        [notice(date(2025, 2, 3), kind="exclusion")],
    ],
)
def test_exclusion_notice_is_outside_the_cap_at_its_own_amounts(previous):
    decision = penalty_notice_decision(previous, PROPOSED, kind="exclusion")

    assert (
        decision.may_issue,
        decision.full_amount,
        decision.reduced_amount,
    ) == EXCLUSION
    assert decision.counted == ()


def test_refusal_lists_the_two_notices_that_count_and_names_the_other_tools():
    history = [
        notice(date(2022, 1, 10)),  # outside the window
        notice(date(2024, 5, 1), "paid_reduced"),
        notice(date(2024, 11, 4), "withdrawn"),
        notice(date(2025, 2, 3), "unpaid"),
    ]

    decision = penalty_notice_decision(history, PROPOSED)

    assert decision.may_issue is False
    assert [n["issued_on"] for n in decision.counted] == [
        date(2024, 5, 1),
        date(2025, 2, 3),
    ]
    assert decision.reasons == (
        "This parent has already had 2 penalty notices for this pupil that count "
        "since 11 March 2023: issued 1 May 2024 (paid at the reduced amount) and "
        "issued 3 February 2025 (unpaid). The framework allows at most 2 in any "
        "three years (withdrawn notices do not count), so a third may not be "
        "issued.",
        "Consider another tool instead: a notice to improve, a parenting "
        "contract, an education supervision order or prosecution.",
    )


def test_second_notice_says_there_is_no_reduction():
    decision = penalty_notice_decision([notice(date(2025, 2, 3))], PROPOSED)

    assert decision.is_second is True
    assert decision.reasons == (
        "This is the second penalty notice to this parent for this pupil since "
        "11 March 2023 (the first was issued 3 February 2025 (issued)): £160 with "
        "no reduction, payable within 28 days of receipt. It is the last the "
        "framework allows in the three years.",
    )


@pytest.mark.parametrize(
    "bad",
    [
        {"issued_on": date(2025, 1, 1), "status": "lost", "kind": "attendance"},
        {"issued_on": date(2025, 1, 1), "status": "issued", "kind": "truancy"},
        {"issued_on": "2025-01-01", "status": "issued", "kind": "attendance"},
    ],
)
def test_a_malformed_history_is_an_error_not_a_silent_pass(bad):
    with pytest.raises(ValueError):  # noqa: PT011 - the message varies by field
        penalty_notice_decision([bad], PROPOSED)


@pytest.mark.parametrize(
    ("proposed_on", "start"),
    [
        (date(2026, 3, 10), date(2023, 3, 11)),
        (date(2028, 2, 29), date(2025, 3, 1)),
        (date(2027, 3, 1), date(2024, 3, 2)),
        (date(2026, 1, 1), date(2023, 1, 2)),
    ],
)
def test_window_start(proposed_on, start):
    assert window_start(proposed_on) == start


def test_payment_dates_count_from_receipt():
    assert payment_dates(date(2026, 2, 20)) == (date(2026, 3, 13), date(2026, 3, 20))
