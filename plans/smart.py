"""SMART advice for one support-plan target (DOMAIN.md section 8, seed 002 Appendix 9).

A pure function: it reads a ``TargetDraft`` (plain values, no models, no database)
and returns plain-language ``Advice`` for the practitioner, in a fixed order with
the advice that blocks activation first. A good target gets no advice.

The rules:

- ``no_measure`` (blocks): no number, percentage, time or frequency in "what we
  want to achieve" or "what we will do", and not a structured target. Dates,
  deadlines ("within 6 weeks"), years, year groups, section numbers, family
  member codes ("Ch02") and "1:1" are not measures of the outcome.
- ``no_date`` (blocks): neither an end date nor a review date.
- ``too_long``: more than 12 weeks from the start (or from today, without a
  start) to the end date. Exactly 12 weeks is fine.
- ``too_big_a_jump``: a structured attendance target more than 20 percentage
  points above the pupil's current rate, with no interim step. Exactly 20 is fine.
- ``vague``: words such as "try to", "improve" or "regularly", and nothing
  observable anywhere in the target (the same test as ``no_measure``).
- ``no_owner``: nobody named in "who will do it" (blank, or a placeholder such as
  "TBC").
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal

__all__ = [
    "ADVICE_ORDER",
    "BLOCKING_CODES",
    "MAX_JUMP_POINTS",
    "MAX_TARGET_LENGTH",
    "Advice",
    "TargetDraft",
    "blocks_activation",
    "has_measure",
    "smart_advice",
    "vague_words",
]

NO_MEASURE = "no_measure"
NO_DATE = "no_date"
TOO_LONG = "too_long"
TOO_BIG_A_JUMP = "too_big_a_jump"
VAGUE = "vague"
NO_OWNER = "no_owner"

# The order advice is returned in: the advice that blocks activation first.
ADVICE_ORDER: tuple[str, ...] = (
    NO_MEASURE,
    NO_DATE,
    TOO_LONG,
    TOO_BIG_A_JUMP,
    VAGUE,
    NO_OWNER,
)
BLOCKING_CODES = frozenset({NO_MEASURE, NO_DATE})

# "Very few actions should have a timescale of longer than a term / half term /
# 12 weeks" (seed 002 Appendix 9).
MAX_TARGET_LENGTH = timedelta(weeks=12)
# "If Johnny's current school attendance were around 25%, it may be unhelpful to
# set an attendance target of 95% immediately"; from around 80% it may be fine.
MAX_JUMP_POINTS = Decimal(20)
# The size of the interim step the advice suggests, and over how long.
SUGGESTED_STEP_POINTS = 10
REVIEW_SUGGESTION = timedelta(weeks=6)


@dataclass(frozen=True)
class TargetDraft:
    achieve: str  # "what we want to achieve"
    actions: str = ""  # "what we will do"
    owner: str = ""  # "who will do it" (a person, with their role, in words)
    start_on: date | None = None
    review_on: date | None = None
    end_on: date | None = None
    # A structured attendance target ("attendance at least X % between dates"),
    # judged from the register elsewhere; None when the target is not one.
    attendance_percent: Decimal | None = None
    # The pupil's current attendance rate, when known.
    current_attendance: Decimal | None = None
    # Another target in the same plan is an interim step towards this one
    # (a lower attendance percentage with an earlier end date).
    has_interim_step: bool = False
    # Structured "no more than N late marks" / "no unauthorised absence" targets
    # count as measured.
    structured_measure: bool = False


@dataclass(frozen=True)
class Advice:
    code: str  # stable key, one of ADVICE_ORDER
    message: str  # one or two plain sentences to the practitioner
    blocks_activation: bool  # True only for no_measure and no_date


def smart_advice(target: TargetDraft, *, today: date) -> list[Advice]:
    """The advice for one target, blocking advice first; empty for a good target."""
    text = f"{target.achieve}\n{target.actions}"
    measured = (
        target.attendance_percent is not None
        or target.structured_measure
        or has_measure(text)
    )
    advice: list[Advice] = []
    if not measured:
        advice.append(_no_measure(text))
    if target.end_on is None and target.review_on is None:
        advice.append(_no_date(target, today))
    if target.end_on is not None:
        start = target.start_on or today
        if target.end_on - start > MAX_TARGET_LENGTH:
            advice.append(_too_long(start, target.end_on, target.start_on is None))
    if (
        target.attendance_percent is not None
        and target.current_attendance is not None
        and not target.has_interim_step
        and target.attendance_percent - target.current_attendance > MAX_JUMP_POINTS
    ):
        advice.append(
            _too_big_a_jump(target.current_attendance, target.attendance_percent)
        )
    if not measured:
        words = vague_words(text)
        if words:
            advice.append(_vague(words))
    if not _has_owner(target.owner):
        advice.append(_no_owner())
    return sorted(advice, key=lambda item: ADVICE_ORDER.index(item.code))


def blocks_activation(advice: list[Advice]) -> bool:
    """Whether any of the advice stops the plan being made active."""
    return any(item.blocks_activation for item in advice)


# --- Reading the words -------------------------------------------------------

_NUMBER_WORDS = (
    "zero|nil|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    "thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|"
    "thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|twice|thrice|dozen"
)
_COUNT = rf"(?:\d+|one|{_NUMBER_WORDS})"
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|"
    "november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
)
_PERIOD = r"(?:school\s+)?(?:days?|weeks?|months?|terms?|half[- ]terms?|years?)"
# Not a frequency ("3 days a week" is a measure, "within 3 days" is not).
_NOT_FREQUENCY = r"(?!\s+(?:a|an|per|each|every)\b)"

# Numbers that say when rather than how much. Removed from the text before
# looking for a measure.
_DATES = [
    re.compile(pattern)
    for pattern in (
        r"\[[^\]]*\]",  # a template placeholder: "by [date]"
        r"\b\d{4}-\d{1,2}-\d{1,2}\b",  # 2026-03-31
        r"\b\d{1,2}([/.-])\d{1,2}\1\d{2,4}\b",  # 31/03/2026, 31.03.26
        r"\b(?:by|on|from|until|till|before|after|w/c|commencing)\s+"
        r"\d{1,2}/\d{1,2}\b",  # by 31/3
        r"\b(?:19|20)\d{2}\s*[/-]\s*\d{2,4}\b",  # 2025/26
        rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b\.?"
        r"(?:,?\s+(?:19|20)\d{2})?",  # 31 March 2026, 3rd of May
        r"\b\d{1,2}(?:st|nd|rd|th)\b",  # the 3rd, March 3rd
        r"\b(?:19|20)\d{2}\b",  # a year
        rf"\b(?:within|in|over|during|after|before|until|by)\s+(?:the\s+)?"
        rf"(?:next\s+|coming\s+|first\s+|following\s+)?{_COUNT}\s+{_PERIOD}"
        rf"\b(?:'s?)?(?:\s+time)?{_NOT_FREQUENCY}",  # within 6 weeks
        rf"\bfor\s+the\s+(?:next|coming|first|following)\s+{_COUNT}\s+{_PERIOD}"
        rf"\b{_NOT_FREQUENCY}",  # for the next 6 weeks
        rf"\b{_COUNT}[- ](?:school[- ])?(?:day|week|month|term)\s+"
        r"(?:period|block|window|timescale|plan|review)\b",  # a 6-week review
        r"\b(?:week|term|half[- ]term)\s+\d+\b",  # by week 6
    )
]
# Numbers that name something: year groups, sections, sessions, family codes.
_LABELS = [
    re.compile(pattern)
    for pattern in (
        r"\b(?:tier|stage)\s+\d+\b",  # tier 3
        r"\b(?:year|yr|y)\s*\d{1,2}\b",  # year 9
        r"\b(?:ks|key\s+stage)\s*\d\b",  # KS3
        r"\bsection\s*\d+\b|(?<![\w'])s\.\s*\d+",  # section 47, s.17
        r"\b1\s*(?::|-|to)\s*1\b|\bone[\s-]to[\s-]one\b",  # 1:1 sessions
        r"\b(?!x\d)[a-z]+\d+[a-z\d]*\b",  # codes: Ch02, Ad01, s17 (not x4)
    )
]

_QUANTIFIER = (
    r"(?:at\s+least|at\s+most|no\s+more\s+than|more\s+than|fewer\s+than|"
    r"less\s+than|only|just|exactly|up\s+to|a\s+maximum\s+of|a\s+minimum\s+of)"
)
_EVERY_UNIT = (
    r"(?:day|morning|afternoon|evening|night|week|weekday|fortnight|month|term|"
    r"half[- ]term|session|lesson|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)"
)
_ZERO_OF = (
    r"(?:absences?|absent\s+days|days?\s+(?:absent|off|missed)|late\s+marks?|"
    r"lates|late\s+arrivals?|lateness|missed\s+(?:days|sessions|lessons)|"
    r"sessions?\s+missed|exclusions?|suspensions?|detentions?|incidents?|"
    r"truancy)"
)

# What counts as a measure: a number (digits or words), a percentage, a time of
# day, a frequency, or none at all of something countable.
_MEASURES = [
    re.compile(pattern)
    for pattern in (
        r"\d",  # 95 %, 8.55, 08:55, 9am, 3 times a week, no more than 2
        rf"\b(?:{_NUMBER_WORDS})\b",  # two, twice, ninety-five per cent
        rf"\b{_QUANTIFIER}\s+(?:one|once)\b",  # at least once
        r"\bonce\s+(?:a|an|per|every|each|weekly|daily|fortnightly|monthly|more)\b",
        r"\bone\s+(?:[a-z-]+\s+){0,2}?(?:a|an|per|every|each)\s+"
        r"(?:day|week|fortnight|month|term|half[- ]term)\b",  # one session a week
        r"\bone\s+(?:full\s+|whole\s+|extra\s+|more\s+|school\s+)?"
        r"(?:day|session|lesson|morning|afternoon|hour|visit|meeting|call|"
        r"late\s+mark|late|absence)s?\b",  # one visit, one late mark
        r"\bhalf\s+(?:past|of|her|his|their)\b|\bhalf\s+(?:the|a|an)\s+"
        r"(?!term\b|half\b)",  # half past eight, half the day
        r"\bquarter\s+(?:past|to)\b|\ba\s+quarter\s+of\b",
        r"\b(?:noon|midday|o'clock)\b",
        rf"\b(?:every|each)\s+(?:other\s+|single\s+)?(?:school\s+)?{_EVERY_UNIT}s?\b",
        r"\b(?:daily|weekly|fortnightly|monthly|termly)\b",
        r"\b(?:on|every)\s+(?:mon|tues|wednes|thurs|fri|satur|sun|week)days\b",
        rf"\bno\s+(?:(?:unauthori[sz]ed|authori[sz]ed|unexplained|further|more)\s+)?"
        rf"{_ZERO_OF}\b",  # no unauthorised absences
        r"\bnever\s+(?:late|absent|misses|missing)\b",
        r"\ball\s+(?:of\s+)?(?:(?:her|his|their|the)\s+)?(?:lessons|sessions|"
        r"classes|school\s+days)\b",
        r"\bfull[- ]time\b|\bfull\s+timetable\b",
    )
]

# Wording that cannot be checked at a review on its own. Only reported when the
# target has nothing observable; "improve attendance to 95 %" is not vague.
_VAGUE = re.compile(
    r"\b(?:"
    r"tr(?:y|ies|ying)\s+(?:to|and)|aim(?:s|ing)?\s+to|attempt(?:s|ing)?\s+to|"
    r"hop(?:e|es|ing)\s+to|hopefully|ideally|should|"
    r"improv(?:e|es|ed|ing|ements?)|better|more|less|fewer|"
    r"increas(?:e|es|ed|ing)|reduc(?:e|es|ed|ing)|"
    r"as\s+(?:much|often|soon)\s+as\s+possible|"
    r"(?:when|where|if|whenever|wherever)\s+possible|"
    r"regular(?:ly)?|often|sometimes|usually|generally|a\s+bit|a\s+little"
    r")\b"
)

_NO_OWNER = frozenset(
    {
        "",
        "-",
        "?",
        "tbc",
        "tbd",
        "tba",
        "n/a",
        "na",
        "none",
        "nobody",
        "no one",
        "unknown",
        "to be confirmed",
        "to be decided",
        "to be agreed",
    }
)


def _normalise(text: str) -> str:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"[\u2013\u2014]", " - ", text)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))


def _strip_non_measures(text: str) -> tuple[str, bool]:
    """The text without dates and labels, and whether it held a date."""
    dated = False
    for pattern in _DATES:
        text, count = pattern.subn(" ", text)
        dated = dated or count > 0
    for pattern in _LABELS:
        text = pattern.sub(" ", text)
    return text, dated


def has_measure(text: str) -> bool:
    """Whether the words hold a number, percentage, time or frequency.

    A date, a deadline ("within six weeks"), a year group or a code is not a
    measure of the outcome.
    """
    stripped, _ = _strip_non_measures(_normalise(text))
    return any(pattern.search(stripped) for pattern in _MEASURES)


def vague_words(text: str) -> list[str]:
    """The vague words and phrases in the text, in order, each once."""
    found: list[str] = []
    for match in _VAGUE.finditer(_normalise(text)):
        words = re.sub(r"\s+", " ", match.group())
        if words not in found:
            found.append(words)
    return found


def _has_owner(owner: str) -> bool:
    return _normalise(owner).strip(" .") not in _NO_OWNER


# --- Messages ----------------------------------------------------------------

_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _day(value: date) -> str:
    return f"{value.day} {_MONTH_NAMES[value.month - 1]} {value.year}"


def _percent(value: Decimal) -> str:
    tenths = Decimal(value).quantize(Decimal("0.1"))
    if tenths == tenths.to_integral_value():
        return str(int(tenths))
    return str(tenths)


def _quoted(words: list[str]) -> str:
    quoted = [f"\u2018{word}\u2019" for word in words]
    if len(quoted) == 1:
        return quoted[0]
    return f"{', '.join(quoted[:-1])} and {quoted[-1]}"


def _no_measure(text: str) -> Advice:
    message = (
        "Add a measure: a number, percentage or time that shows when the target "
        "is met, such as \u2018attendance of at least 92 % over the next six "
        "weeks\u2019 or \u2018in school by 8.50 am every day\u2019."
    )
    _, dated = _strip_non_measures(_normalise(text))
    if dated:
        message += " A date on its own says when to check, not what success looks like."
    return Advice(NO_MEASURE, message, blocks_activation=True)


def _no_date(target: TargetDraft, today: date) -> Advice:
    if target.start_on is not None and target.start_on > today:
        review, since = target.start_on + REVIEW_SUGGESTION, "the start"
    else:
        review, since = today + REVIEW_SUGGESTION, "today"
    return Advice(
        NO_DATE,
        "Add an end date or a next review date, so everyone knows when progress "
        f"will be checked, such as a review on {_day(review)}, six weeks from "
        f"{since}.",
        blocks_activation=True,
    )


def _too_long(start: date, end: date, from_today: bool) -> Advice:
    weeks, days = divmod((end - start).days, 7)
    length = f"{weeks} weeks" + (
        f" and {days} day{'s' if days > 1 else ''}" if days else ""
    )
    since = "today" if from_today else "the start"
    return Advice(
        TOO_LONG,
        f"This target runs for {length} from {since} to {_day(end)}; very few "
        "actions should last longer than a term (12 weeks). Break it into "
        f"shorter steps, such as a first target ending by "
        f"{_day(start + MAX_TARGET_LENGTH)}.",
        blocks_activation=False,
    )


def _too_big_a_jump(current: Decimal, goal: Decimal) -> Advice:
    interim = Decimal(current).to_integral_value(ROUND_FLOOR) + SUGGESTED_STEP_POINTS
    return Advice(
        TOO_BIG_A_JUMP,
        f"Going from {_percent(current)} % to {_percent(goal)} % at once is a "
        f"jump of {_percent(goal - current)} points, which is unlikely to be "
        "achievable. Add an interim target first, such as at least "
        f"{_percent(interim)} % over the next four weeks, then build up to "
        f"{_percent(goal)} %.",
        blocks_activation=False,
    )


def _vague(words: list[str]) -> Advice:
    return Advice(
        VAGUE,
        f"Wording like {_quoted(words[:3])} is hard to check at a review. Say "
        "what will be seen to happen, such as \u2018Laura in school by 8.50 am "
        "on at least four days a week\u2019.",
        blocks_activation=False,
    )


def _no_owner() -> Advice:
    return Advice(
        NO_OWNER,
        "Say who will do it: name each person and their role, such as \u2018Mrs "
        "Smith (mum) to walk Laura to school; Mr Ahmed (attendance officer) to "
        "phone home on Mondays\u2019.",
        blocks_activation=False,
    )
