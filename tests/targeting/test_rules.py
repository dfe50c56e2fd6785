"""The terms and the date rules of a targeting-support meeting, table by table."""

from datetime import date

import pytest

from targeting.enums import MeetingStatus, Term
from targeting.rules import (
    TermRef,
    academic_year_label,
    due_date_problem,
    held_date_problem,
    meeting_status,
    next_term,
    parse_term_key,
    planned_date_problem,
    previous_term,
    term_of,
    terms_to_arrange,
)

pytestmark = pytest.mark.unit

AUTUMN_26 = TermRef(2026, Term.AUTUMN)
SPRING_27 = TermRef(2026, Term.SPRING)
SUMMER_27 = TermRef(2026, Term.SUMMER)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 7, 31), TermRef(2025, Term.SUMMER)),
        (date(2026, 8, 1), AUTUMN_26),
        (date(2026, 9, 3), AUTUMN_26),
        (date(2026, 12, 31), AUTUMN_26),
        (date(2027, 1, 1), SPRING_27),
        (date(2027, 3, 31), SPRING_27),
        (date(2027, 4, 1), SUMMER_27),
        (date(2027, 7, 20), SUMMER_27),
        (date(2028, 2, 29), TermRef(2027, Term.SPRING)),
    ],
)
def test_term_of_a_date(day, expected):
    assert term_of(day) == expected


@pytest.mark.parametrize(
    ("ref", "first", "last"),
    [
        (AUTUMN_26, date(2026, 8, 1), date(2026, 12, 31)),
        (SPRING_27, date(2027, 1, 1), date(2027, 3, 31)),
        (SUMMER_27, date(2027, 4, 1), date(2027, 7, 31)),
    ],
)
def test_term_first_and_last_days(ref, first, last):
    assert (ref.first_day, ref.last_day) == (first, last)
    assert term_of(first) == ref
    assert term_of(last) == ref


@pytest.mark.parametrize(
    ("ref", "before", "after"),
    [
        (AUTUMN_26, TermRef(2025, Term.SUMMER), SPRING_27),
        (SPRING_27, AUTUMN_26, SUMMER_27),
        (SUMMER_27, SPRING_27, TermRef(2027, Term.AUTUMN)),
    ],
)
def test_the_term_before_and_after(ref, before, after):
    assert previous_term(ref) == before
    assert next_term(ref) == after
    assert next_term(previous_term(ref)) == ref


@pytest.mark.parametrize(
    ("year_start", "label"),
    [(2026, "2026/27"), (1999, "1999/00"), (2009, "2009/10"), (2099, "2099/00")],
)
def test_academic_year_label(year_start, label):
    assert academic_year_label(year_start) == label


@pytest.mark.parametrize(
    ("ref", "text", "key"),
    [
        (AUTUMN_26, "Autumn term 2026/27", "2026-1"),
        (SPRING_27, "Spring term 2026/27", "2026-2"),
        (SUMMER_27, "Summer term 2026/27", "2026-3"),
    ],
)
def test_term_names_and_keys(ref, text, key):
    assert str(ref) == text
    assert ref.key == key
    assert parse_term_key(key) == ref


@pytest.mark.parametrize("key", ["", "2026", "2026-0", "2026-4", "26-1", "x-1", None])
def test_a_key_that_is_not_a_term(key):
    assert parse_term_key(key) is None


def test_terms_to_arrange_are_this_and_the_next():
    assert terms_to_arrange(date(2026, 12, 5)) == [AUTUMN_26, SPRING_27]
    assert terms_to_arrange(date(2027, 6, 1)) == [SUMMER_27, TermRef(2027, Term.AUTUMN)]


TODAY = date(2026, 12, 5)


@pytest.mark.parametrize(
    ("planned", "ref", "problem"),
    [
        (TODAY, AUTUMN_26, ""),
        (date(2026, 12, 31), AUTUMN_26, ""),
        (date(2027, 1, 4), SPRING_27, ""),
        (date(2026, 12, 4), AUTUMN_26, "in the past"),
        (date(2027, 1, 4), AUTUMN_26, "must fall in the Autumn term 2026/27"),
        (date(2026, 12, 10), SPRING_27, "between 1 January 2027 and 31 March 2027"),
    ],
)
def test_planned_date(planned, ref, problem):
    found = planned_date_problem(planned, ref, TODAY)
    assert (problem in found) if problem else found == ""
    assert bool(found) == bool(problem)


@pytest.mark.parametrize(
    ("held", "ref", "problem"),
    [
        (TODAY, AUTUMN_26, ""),
        (date(2026, 8, 1), AUTUMN_26, ""),
        (date(2026, 12, 6), AUTUMN_26, "in the future"),
        (date(2026, 7, 31), AUTUMN_26, "began on 1 August 2026"),
        # Recorded late, in the next term: allowed.
        (date(2026, 11, 20), TermRef(2026, Term.AUTUMN), ""),
        (date(2026, 12, 1), TermRef(2025, Term.SUMMER), ""),
    ],
)
def test_held_date(held, ref, problem):
    found = held_date_problem(held, ref, TODAY)
    assert bool(found) == bool(problem)
    assert problem in found


@pytest.mark.parametrize(
    ("due", "held", "ok"),
    [
        (date(2026, 12, 5), date(2026, 12, 5), True),
        (date(2027, 2, 1), date(2026, 12, 5), True),
        (date(2026, 12, 4), date(2026, 12, 5), False),
    ],
)
def test_due_date(due, held, ok):
    assert (due_date_problem(due, held) == "") is ok


@pytest.mark.parametrize(
    ("arranged", "held_on", "status"),
    [
        (False, None, MeetingStatus.NOT_ARRANGED),
        (True, None, MeetingStatus.PLANNED),
        (True, date(2026, 11, 1), MeetingStatus.HELD),
    ],
)
def test_meeting_status(arranged, held_on, status):
    assert meeting_status(arranged=arranged, held_on=held_on) == status
