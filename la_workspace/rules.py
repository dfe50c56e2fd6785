"""The LA workspace's rules, as pure functions: which severely absent pupils
need a joint approach, a pupil's attendance band, and when the siblings item
of the legal-readiness checklist is met."""

from dataclasses import dataclass
from datetime import date

from attendance.measures import academic_year_start


def needs_joint_approach(
    *,
    severely_absent: bool,
    of_compulsory_school_age: bool,
    last_agreed_on: date | None,
    as_of: date,
) -> bool:
    """A severely absent pupil of compulsory school age needs a joint approach
    agreed between the school and the LA in this academic year (severe absence
    is judged on the year to date, so last year's approach does not count)."""
    if not (severely_absent and of_compulsory_school_age):
        return False
    return last_agreed_on is None or last_agreed_on < academic_year_start(as_of)


def attendance_band(*, possible: int, attended: int) -> str:
    """The band a pupil's attendance falls in, in the measures' own terms
    (persistent: 10 % or more absent; severe: 50 % or more)."""
    if possible <= 0:
        return "No sessions yet this year"
    absent = possible - attended
    if absent * 2 >= possible:
        return "Severe absence"
    if absent * 10 >= possible:
        return "Persistent absence"
    return "Not persistently absent"


@dataclass(frozen=True)
class SiblingsCheck:
    met: bool
    summary: str


def siblings_check(
    *, family_recorded: bool, sibling_schools: set[int], contacted_schools: set[int]
) -> SiblingsCheck:
    """Whether "siblings identified and their schools contacted" is met.

    Siblings are identified from the family record; every other school in the
    LA where a sibling is on roll needs a contact recorded on the case. The
    summary gives counts only: the case page may be read by staff who may not
    see a sibling's school.
    """
    if not family_recorded:
        return SiblingsCheck(False, "No family is recorded for the pupil.")
    if not sibling_schools:
        return SiblingsCheck(
            True, "Siblings checked: none on roll at another school in the LA."
        )
    missing = sibling_schools - contacted_schools
    total = len(sibling_schools)
    noun = "school" if total == 1 else "schools"
    if missing:
        done = total - len(missing)
        return SiblingsCheck(
            False, f"{done} of {total} siblings' {noun} contacted: record each contact."
        )
    return SiblingsCheck(True, f"Siblings' {noun} contacted ({total}).")
