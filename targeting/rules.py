"""The school terms and the date rules of a targeting-support meeting, as pure
functions (tests/targeting/test_rules.py holds their tables).

The school year runs from 1 August to 31 July, as the attendance measures
count it (``attendance.measures.academic_year_start``). Term dates differ
between local authorities and Easter moves every year, so the terms here are
fixed ranges of the calendar that each hold one whole term of teaching:

- **Autumn**: 1 August to 31 December (the summer holiday's last weeks, the
  autumn term and the Christmas holiday);
- **Spring**: 1 January to 31 March;
- **Summer**: 1 April to 31 July.

The spring/summer line is 1 April because Easter Sunday falls between
22 March and 25 April: the Easter holiday, when no meeting is held, nearly
always spans the turn of March and April, so a meeting held in term time
lands in the term it belongs to.
"""

from dataclasses import dataclass
from datetime import date

from targeting.enums import MeetingStatus, Term

# The first month of each term; a term ends the day before the next begins.
TERM_STARTS = {Term.AUTUMN: (0, 8), Term.SPRING: (1, 1), Term.SUMMER: (1, 4)}
TERM_ENDS = {Term.AUTUMN: (0, 12, 31), Term.SPRING: (1, 3, 31), Term.SUMMER: (1, 7, 31)}


@dataclass(frozen=True, order=True)
class TermRef:
    """One term of one school year; ``year_start`` is the year of its 1 August."""

    year_start: int
    term: Term

    @property
    def first_day(self) -> date:
        offset, month = TERM_STARTS[self.term]
        return date(self.year_start + offset, month, 1)

    @property
    def last_day(self) -> date:
        offset, month, day = TERM_ENDS[self.term]
        return date(self.year_start + offset, month, day)

    @property
    def year_label(self) -> str:
        return academic_year_label(self.year_start)

    @property
    def key(self) -> str:
        """How a form sends the term: ``2026-1`` is autumn 2026/27."""
        return f"{self.year_start}-{int(self.term)}"

    def __str__(self) -> str:
        return f"{Term(self.term).label} term {self.year_label}"


def academic_year_label(year_start: int) -> str:
    """``2026`` -> ``"2026/27"``."""
    return f"{year_start}/{(year_start + 1) % 100:02d}"


def term_of(day: date) -> TermRef:
    """The term ``day`` falls in."""
    if day.month >= 8:
        return TermRef(day.year, Term.AUTUMN)
    term = Term.SPRING if day.month <= 3 else Term.SUMMER
    return TermRef(day.year - 1, term)


def previous_term(ref: TermRef) -> TermRef:
    """The term before ``ref``: summer of the year before comes before autumn."""
    if ref.term == Term.AUTUMN:
        return TermRef(ref.year_start - 1, Term.SUMMER)
    return TermRef(ref.year_start, Term(ref.term - 1))


def next_term(ref: TermRef) -> TermRef:
    """The term after ``ref``."""
    if ref.term == Term.SUMMER:
        return TermRef(ref.year_start + 1, Term.AUTUMN)
    return TermRef(ref.year_start, Term(ref.term + 1))


def parse_term_key(key: str) -> TermRef | None:
    """The term a form sent as ``TermRef.key``; None when it is not one."""
    year, _, number = (key or "").partition("-")
    if not (year.isdigit() and number.isdigit() and len(year) == 4):
        return None
    if int(number) not in Term.values:
        return None
    return TermRef(int(year), Term(int(number)))


def terms_to_arrange(today: date) -> list[TermRef]:
    """The terms a meeting may be arranged for: this one and the next."""
    now = term_of(today)
    return [now, next_term(now)]


def planned_date_problem(planned_for: date, ref: TermRef, today: date) -> str:
    """Why a meeting cannot be planned for ``planned_for`` in term ``ref``;
    empty when it can."""
    if planned_for < today:
        return "The planned date is in the past. Give today's date or a later one."
    if not ref.first_day <= planned_for <= ref.last_day:
        return (
            f"The planned date must fall in the {ref}: between "
            f"{ref.first_day:%-d %B %Y} and {ref.last_day:%-d %B %Y}."
        )
    return ""


def held_date_problem(held_on: date, ref: TermRef, today: date) -> str:
    """Why a meeting for term ``ref`` cannot be recorded as held on
    ``held_on``; empty when it can. A meeting may be recorded late (after its
    term), never before its term began or in the future."""
    if held_on > today:
        return (
            "The date held is in the future. Record the meeting once it has been held."
        )
    if held_on < ref.first_day:
        return (
            f"The {ref} began on {ref.first_day:%-d %B %Y}: a meeting for it cannot "
            "have been held before then."
        )
    return ""


def due_date_problem(due_on: date, held_on: date) -> str:
    """Why an action agreed at a meeting held on ``held_on`` cannot be due on
    ``due_on``; empty when it can."""
    if due_on < held_on:
        return "The due date is before the meeting. Give a date on or after it."
    return ""


def meeting_status(*, arranged: bool, held_on: date | None) -> MeetingStatus:
    """Not arranged, planned (arranged, not yet recorded) or held."""
    if not arranged:
        return MeetingStatus.NOT_ARRANGED
    return MeetingStatus.HELD if held_on else MeetingStatus.PLANNED
