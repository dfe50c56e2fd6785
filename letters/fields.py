"""Merge fields: the fixed list of values a letter template may use.

A template writes a field as ``{{ field_key }}`` (the spaces are optional).
Nothing else may appear between the braces: no dots, filters or tags, so a
template edited by a school reaches exactly the plain strings listed here and
nothing else. Django's template engine is never run on edited text; ``render``
replaces each field with its value, HTML-escaped.

Every letter may use the fields of the ``ALWAYS`` groups, built from saved
data by ``letters.values.base_values``. A kind of letter may also use optional
groups (``LetterKind.groups``), whose values the caller supplies (a meeting's
date and place).
"""

import difflib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.html import escape

if TYPE_CHECKING:
    from letters.kinds import LetterKind


@dataclass(frozen=True)
class MergeField:
    key: str
    group: str
    label: str
    sample: str


ALWAYS = ("pupil", "parent", "school", "attendance", "case_lead", "dates")
OPTIONAL = ("meeting", "record", "targets", "notice_to_improve", "penalty_notice")

GROUP_NAMES = {
    "pupil": "The pupil",
    "parent": "The parent or carer the letter is to",
    "school": "The school",
    "attendance": "Attendance this school year",
    "case_lead": "The case's lead practitioner",
    "dates": "Dates",
    "meeting": "A meeting (meeting letters only)",
    "record": "What a meeting recorded (minutes and targets letters only)",
    "targets": "The targets of the case's live plans (targets letters only)",
    "notice_to_improve": "A notice to improve (notice to improve letters only)",
    "penalty_notice": "A penalty notice (penalty notice letters only)",
}

FIELDS: tuple[MergeField, ...] = (
    MergeField("pupil_forename", "pupil", "Forename", "Sam"),
    MergeField("pupil_surname", "pupil", "Surname", "Jones"),
    MergeField("pupil_full_name", "pupil", "Full legal name", "Samuel Jones"),
    MergeField("pupil_date_of_birth", "pupil", "Date of birth", "3 March 2013"),
    MergeField("pupil_year_group", "pupil", "Year group", "Year 8"),
    MergeField("parent_name", "parent", "Name", "Ms Alex Jones"),
    MergeField("parent_salutation", "parent", "Greeting", "Dear Ms Jones"),
    MergeField(
        "parent_address", "parent", "Address", "12 Example Road\nLondon\nSE10 0AA"
    ),
    MergeField("school_name", "school", "Name", "Example Academy"),
    MergeField(
        "school_address", "school", "Address", "1 School Lane\nLondon\nSE10 9ZZ"
    ),
    MergeField("school_phone", "school", "Phone", "020 7946 0000"),
    MergeField("school_email", "school", "Email", "office@example.sch.uk"),
    MergeField("attendance_percentage", "attendance", "Attendance", "86.4%"),
    MergeField("sessions_missed", "attendance", "Sessions missed", "21"),
    MergeField("unauthorised_sessions", "attendance", "Unauthorised absences", "9"),
    MergeField(
        "attendance_period",
        "attendance",
        "Period the figures cover",
        "1 August 2026 to 4 December 2026",
    ),
    MergeField("case_lead_name", "case_lead", "Name", "Priya Shah"),
    MergeField("case_lead_role", "case_lead", "Role", "Attendance lead"),
    MergeField("case_lead_email", "case_lead", "Email", "p.shah@example.sch.uk"),
    MergeField("letter_date", "dates", "Date of the letter", "4 December 2026"),
    MergeField("meeting_type", "meeting", "Kind of meeting", "attendance meeting"),
    MergeField("meeting_date", "meeting", "Date", "Tuesday 15 December 2026"),
    MergeField("meeting_time", "meeting", "Time", "9:30am"),
    MergeField("meeting_place", "meeting", "Place", "the school's main office"),
    MergeField("meeting_lead", "meeting", "Led by", "Priya Shah, Attendance lead"),
    MergeField(
        "meeting_attended_by",
        "record",
        "Who came",
        "Ms Alex Jones; Priya Shah, lead practitioner",
    ),
    MergeField(
        "meeting_summary",
        "record",
        "What was discussed (the grid, the parents' views, the impact on learning)",
        "Education. What we are worried about: late on Mondays.\n"
        "What you told us: mornings are hard.",
    ),
    MergeField(
        "agreed_actions",
        "record",
        "Actions agreed, one a line",
        "• Breakfast club place (Attendance lead, by 11 January 2027)",
    ),
    MergeField(
        "plan_targets",
        "targets",
        "The plan's targets, one a line, with whether each was achieved",
        "• Attend at least 95 % of sessions over six weeks (yes)",
    ),
    MergeField(
        "nti_issued_date", "notice_to_improve", "Date issued", "20 November 2026"
    ),
    MergeField(
        "nti_period_weeks", "notice_to_improve", "Improvement period in weeks", "4"
    ),
    MergeField(
        "nti_period_end",
        "notice_to_improve",
        "Last day of the improvement period",
        "18 December 2026",
    ),
    MergeField(
        "nti_target",
        "notice_to_improve",
        "What sufficient improvement means",
        "attendance of at least 92 %",
    ),
    MergeField(
        "nti_support_so_far",
        "notice_to_improve",
        "Support offered so far and the family's response",
        "Two meetings and an early help plan, which ended in October.",
    ),
    MergeField(
        "nti_further_support",
        "notice_to_improve",
        "Further support now offered",
        "A place at breakfast club and a weekly check-in with a mentor.",
    ),
    MergeField(
        "local_authority_name",
        "notice_to_improve",
        "The local authority",
        "Example City Council",
    ),
    MergeField(
        "code_of_conduct_address",
        "notice_to_improve",
        "Where the LA's code of conduct is published",
        "https://www.example.gov.uk/penalty-notices",
    ),
    MergeField("pn_issued_date", "penalty_notice", "Date issued", "20 November 2026"),
    MergeField("pn_full_amount", "penalty_notice", "The full amount", "£160"),
    MergeField(
        "pn_payment_terms",
        "penalty_notice",
        "What to pay and by when",
        "£80 if paid by 11 December 2026, or £160 by 18 December 2026",
    ),
    MergeField(
        "pn_sessions",
        "penalty_notice",
        "The unauthorised sessions the notice rests on",
        "2 November 2026 morning (O); 2 November 2026 afternoon (O)",
    ),
    MergeField(
        "pn_local_authority",
        "penalty_notice",
        "The local authority",
        "Example City Council",
    ),
)
FIELDS_BY_KEY = {field.key: field for field in FIELDS}

# ``{{ anything }}`` without braces inside; what is inside is checked apart.
_PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_KEY = re.compile(r"^[a-z_]+$")
_STRAY = re.compile(r"\{\{|\}\}|\{%|%\}")


class MergeFieldError(ValueError):
    """A letter could not be made from a template: names the field."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def fields_for(groups: tuple[str, ...]) -> list[MergeField]:
    """The fields a letter with these optional groups may use."""
    allowed = set(ALWAYS) | set(groups)
    return [field for field in FIELDS if field.group in allowed]


def sample_values(groups: tuple[str, ...] = OPTIONAL) -> dict[str, str]:
    return {field.key: field.sample for field in fields_for(groups)}


def _inner(match: re.Match) -> str:
    return match.group(1).strip()


def template_field_errors(text: str, kind: "LetterKind | None") -> list[str]:
    """What is wrong with the merge fields in ``text`` for ``kind``, in words.

    Refuses an unknown field (with "did you mean" when it is a misspelling),
    a field of a group the kind does not have, anything between ``{{ }}``
    that is not a plain field name, and stray ``{{``, ``}}``, ``{%`` or ``%}``.
    """
    groups = kind.groups if kind is not None else ()
    allowed = {field.key for field in fields_for(groups)}
    errors: list[str] = []
    for match in _PLACEHOLDER.finditer(text or ""):
        name = _inner(match)
        if not _KEY.match(name):
            errors.append(
                f"“{{{{ {name} }}}}” is not a merge field: only the field names "
                "listed may go between {{ and }}."
            )
        elif name in allowed:
            continue
        elif name in FIELDS_BY_KEY:
            group = FIELDS_BY_KEY[name].group.replace("_", " ")
            errors.append(
                f"“{name}” is a {group} field: this kind of letter cannot use it."
            )
        else:
            close = difflib.get_close_matches(name, sorted(allowed), n=1, cutoff=0.7)
            hint = f" Did you mean “{close[0]}”?" if close else ""
            errors.append(f"There is no merge field “{name}”.{hint}")
    leftover = _PLACEHOLDER.sub("", text or "")
    if _STRAY.search(leftover):
        errors.append(
            "The text has a stray “{{”, “}}”, “{%” or “%}” that is not part of a "
            "merge field; remove it or finish the field."
        )
    return list(dict.fromkeys(errors))


def used_fields(text: str) -> list[str]:
    """The field names ``text`` uses, in order, once each."""
    return list(dict.fromkeys(_inner(m) for m in _PLACEHOLDER.finditer(text or "")))


def render(text: str, values: dict[str, str]) -> str:
    """``text`` with every ``{{ field }}`` replaced by its value, HTML-escaped
    (a line break in a value becomes ``<br>``).

    Raises ``MergeFieldError`` naming the field for a field with no value or
    anything between braces that is not a field: never half a letter.
    """
    for name in used_fields(text):
        if not _KEY.match(name):
            raise MergeFieldError(f"“{{{{ {name} }}}}” is not a merge field.")
        value = values.get(name)
        if value is None:
            raise MergeFieldError(
                f"The letter needs a value for “{name}” and has none.", field=name
            )
        if not isinstance(value, str):
            raise MergeFieldError(
                f"The value for “{name}” must be plain text.", field=name
            )
    if _STRAY.search(_PLACEHOLDER.sub("", text or "")):
        raise MergeFieldError("The template has a stray “{{”, “}}”, “{%” or “%}”.")

    def value_of(match: re.Match) -> str:
        return str(escape(values[_inner(match)])).replace("\n", "<br>")

    return _PLACEHOLDER.sub(value_of, text or "")


def render_plain(text: str, values: dict[str, str]) -> str:
    """``render`` for plain text (a subject line): the same checks, the values
    unescaped and on one line. The result must be escaped wherever it is shown
    as HTML (Django's templates do)."""
    render(text, values)  # the same refusals
    return _PLACEHOLDER.sub(
        lambda match: " ".join(values[_inner(match)].split()), text or ""
    )
