"""The national attendance codes: the one table every part of the product reads.

From the School Attendance (Pupil Registration) (England) Regulations 2024 and
the DfE's "Working together to improve school attendance" (2024). The measures,
the register import's validation and the public policy page's codes appendix
all read this module; nothing else lists codes.
"""

from dataclasses import dataclass
from enum import StrEnum


class Category(StrEnum):
    PRESENT = "Present"
    APPROVED_ACTIVITY = "Attending a place other than the school"
    DUAL_REGISTRATION = "Dual registration"
    LEAVE_OF_ABSENCE = "Absent: leave of absence"
    NOT_REQUIRED = "Not required to attend"
    OTHER_AUTHORISED = "Absent: other authorised reasons"
    UNAVOIDABLE = "Absent: unable to attend because of an unavoidable cause"
    UNAUTHORISED = "Absent: unauthorised absence"
    ADMINISTRATIVE = "Administrative"


class Outcome(StrEnum):
    """How a possible session counts in the measures."""

    ATTENDED = "attended"
    AUTHORISED = "authorised absence"
    UNAUTHORISED = "unauthorised absence"
    NOT_POSSIBLE = "not a possible session"


class Session(StrEnum):
    AM = "AM"
    PM = "PM"


@dataclass(frozen=True)
class AttendanceCode:
    code: str
    meaning: str
    category: Category
    outcome: Outcome
    sessions: frozenset[Session] = frozenset({Session.AM, Session.PM})

    @property
    def counts_as_possible(self) -> bool:
        return self.outcome is not Outcome.NOT_POSSIBLE

    @property
    def counts_as_attended(self) -> bool:
        return self.outcome is Outcome.ATTENDED

    @property
    def counts_as_authorised(self) -> bool:
        return self.outcome is Outcome.AUTHORISED

    @property
    def counts_as_unauthorised(self) -> bool:
        return self.outcome is Outcome.UNAUTHORISED

    @property
    def counts_towards_ten_in_ten(self) -> bool:
        """Unauthorised absence (G, N, O, U) counts towards the penalty threshold."""
        return self.outcome is Outcome.UNAUTHORISED


def _codes(category: Category, outcome: Outcome, *rows: tuple) -> list[AttendanceCode]:
    return [
        AttendanceCode(code, meaning, category, outcome, *extra)
        for code, meaning, *extra in rows
    ]


CODES: tuple[AttendanceCode, ...] = tuple(
    _codes(
        Category.PRESENT,
        Outcome.ATTENDED,
        ("/", "Present (morning registration)", frozenset({Session.AM})),
        ("\\", "Present (afternoon registration)", frozenset({Session.PM})),
        ("L", "Late arrival before the register closed"),
    )
    + _codes(
        Category.APPROVED_ACTIVITY,
        Outcome.ATTENDED,
        ("K", "Attending education provision arranged by the local authority"),
        ("V", "Attending an educational visit or trip"),
        ("P", "Participating in a supervised sporting activity"),
        ("W", "Attending work experience"),
        ("B", "Attending any other approved educational activity"),
    )
    + _codes(
        Category.DUAL_REGISTRATION,
        Outcome.NOT_POSSIBLE,
        ("D", "Attending a session at another setting where also registered"),
    )
    + _codes(
        Category.LEAVE_OF_ABSENCE,
        Outcome.AUTHORISED,
        ("C1", "Regulated performance or regulated employment abroad"),
        ("M", "Medical or dental appointment"),
        ("J1", "Interview with a prospective employer or educational establishment"),
        ("S", "Study leave"),
        ("C2", "Part-time timetable"),
        ("C", "Leave of absence for exceptional circumstances"),
    )
    + _codes(
        Category.NOT_REQUIRED,
        Outcome.NOT_POSSIBLE,
        ("X", "Non-compulsory school age: not required to attend"),
    )
    + _codes(
        Category.OTHER_AUTHORISED,
        Outcome.AUTHORISED,
        ("T", "Parent travelling for occupational purposes"),
        ("R", "Religious observance"),
        ("I", "Illness (not a medical or dental appointment)"),
        ("E", "Suspended or excluded, with no alternative provision"),
    )
    + _codes(
        Category.UNAVOIDABLE,
        Outcome.NOT_POSSIBLE,
        ("Q", "Unable to attend: the local authority has not made access arrangements"),
        ("Y1", "Unable to attend: transport normally provided is not available"),
        ("Y2", "Unable to attend: widespread disruption to travel"),
        ("Y3", "Unable to attend: part of the school premises closed"),
        ("Y4", "Unable to attend: whole school site unexpectedly closed"),
        ("Y5", "Unable to attend: criminal justice detention"),
        ("Y6", "Unable to attend: public health guidance or law"),
        ("Y7", "Unable to attend: any other unavoidable cause"),
    )
    + _codes(
        Category.UNAUTHORISED,
        Outcome.UNAUTHORISED,
        ("G", "Holiday not granted by the school"),
        ("N", "Reason for absence not yet established"),
        ("O", "Absent in other or unknown circumstances"),
        ("U", "Arrived after the register closed"),
    )
    + _codes(
        Category.ADMINISTRATIVE,
        Outcome.NOT_POSSIBLE,
        ("Z", "Prospective pupil not on the admission register"),
        ("#", "Planned whole-school closure"),
    )
)

BY_CODE: dict[str, AttendanceCode] = {code.code: code for code in CODES}


@dataclass(frozen=True)
class RetiredCode:
    code: str
    meaning: str
    replacement: str | None


# Codes from the 2006 regulations that historic imports may carry. A retired
# code with a replacement is mapped to it, and the import says so; one without
# is an error naming the row, because guessing would change a pupil's figures.
RETIRED: dict[str, RetiredCode] = {
    retired.code: retired
    for retired in (
        RetiredCode("J", "Interview (before 2024)", "J1"),
        RetiredCode("H", "Agreed family holiday (retired in 2013)", None),
        RetiredCode("F", "Agreed extended family holiday (retired in 2013)", None),
        RetiredCode("Y", "Unable to attend due to exceptional circumstances", None),
    )
}


def code_for(code: str) -> AttendanceCode | None:
    """The current code, or None for an unknown or retired one."""
    return BY_CODE.get(code)


MAX_MINUTES_LATE = 600
LATE_CODES = frozenset({"L", "U"})


def code_to_store(code: str, session: str) -> tuple[str, str | None]:
    """The code to store for an entry (a retired code becomes its 2024
    replacement), and the reason it cannot be used, if any."""
    if not code:
        return code, "The code is missing."
    if code in RETIRED:
        retired = RETIRED[code]
        if retired.replacement is None:
            return code, (
                f"{code} ({retired.meaning}) is a retired code with no current "
                "equivalent; enter the 2024 code that applies."
            )
        code = retired.replacement
    national = BY_CODE.get(code)
    if national is None:
        return code, "This is not a national attendance code."
    if session in (Session.AM, Session.PM) and session not in national.sessions:
        (only,) = national.sessions
        return code, f"{code} is only for the {only} session."
    return code, None


def minutes_late_checked(raw: str, code: str) -> tuple[int | None, str | None]:
    if not raw:
        return None, None
    if not (raw.isascii() and raw.isdigit()):
        return None, "Minutes late must be a whole number of minutes."
    minutes = int(raw)
    if minutes > MAX_MINUTES_LATE:
        return None, f"Minutes late cannot be more than {MAX_MINUTES_LATE}."
    if code not in LATE_CODES:
        return None, "Minutes late are recorded only with code L or U."
    return minutes, None
