"""Demo registers: every demo pupil's marks from September to today.

Each pupil gets a profile (mostly good attenders; some at risk, persistently or
severely absent, holiday-takers and late-comers) and a register drawn from it,
seeded by the UPN so it is the same on every machine. The marks go in through
the real import, as a school's MIS export would, and a few are then amended
the way an attendance officer would after a parent's call.

A school that already has marks is left alone, so running the loader again
never rewrites a register (or undoes an amendment).
"""

import csv
import io
import random
from dataclasses import dataclass
from datetime import date, timedelta

from attendance.models import RegisterMark
from attendance.register_import import ImportedBy, marks_import
from schools.models import Pupil, School

DEMO_OFFICER = ImportedBy(name="Demo data loader", position="Attendance officer")
AMENDMENTS_PER_SCHOOL = 4
# At the schools with staff, one good attender has been absent without a
# reason for the last 12 school days: the notification a school owes its LA
# after 10 continuous school days (``returns``). Coded O, not N: the amendments
# below explain some N marks, and the register day's N is the day itself.
ABSENT_RUN_SCHOOLS = ("900001", "900002")
ABSENT_RUN_DAYS = 12
# And another has missed three school days in every five all term: severely
# absent (60 %), the pupil the LA agrees a joint approach for.


@dataclass(frozen=True)
class Profile:
    name: str
    share: float
    absence: float  # chance of missing a day
    absence_codes: str  # space-separated codes a missed day may get
    late: float = 0.02  # chance of arriving late in the morning
    after_close: float = 0.0  # share of late arrivals after the register closed
    holiday_week: bool = False


PROFILES = (
    Profile("good", 0.60, 0.02, "I M I I"),
    Profile("at risk", 0.15, 0.07, "I I N O M"),
    Profile("persistent", 0.12, 0.15, "I N O G U I"),
    Profile("severe", 0.03, 0.55, "N O I O"),
    Profile("holiday", 0.05, 0.03, "I M", holiday_week=True),
    Profile("late-comer", 0.05, 0.04, "I", late=0.3, after_close=0.2),
)


def school_days(first_day: date, today: date) -> list[date]:
    """Weekdays from the first day of term to today, without the holidays."""
    days, day = [], first_day
    while day <= today:
        if day.weekday() < 5 and not _holiday(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def _holiday(day: date) -> bool:
    """Approximate English term dates: half-terms, Christmas, Easter, summer."""
    month_day = (day.month, day.day)
    last_week_of_october = day.month == 10 and day.day >= 25
    return (
        last_week_of_october
        or (day.month == 11 and day.day <= 1)
        or month_day >= (12, 20)
        or month_day <= (1, 3)
        or (day.month == 2 and 16 <= day.day <= 20)
        or ((3, 30) <= month_day <= (4, 10))
        or (day.month == 5 and day.day >= 25)
        or (7, 22) <= month_day <= (8, 31)
    )


def first_day_of_term(today: date) -> date:
    year = today.year if today.month >= 8 else today.year - 1
    day = date(year, 9, 1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def registers_ensure(*, schools: list[School], today: date) -> int:
    """Registers for every pupil of each school that has none; returns marks made."""
    made = 0
    for school in schools:
        if RegisterMark.objects.filter(school=school).exists():
            continue
        upns = list(
            Pupil.objects.filter(school=school)
            .order_by("upn")
            .values_list("upn", flat=True)
        )
        if not upns:
            continue
        days = school_days(first_day_of_term(today), today)
        # The latest school day: today on a school day, else the last one
        # before it (a weekend or holiday has no register of its own).
        register_day = days[-1] if days else today
        overlays = {}
        if school.urn in ABSENT_RUN_SCHOOLS:
            good = [u for u in upns if profile_for(u).name == "good"][:2]
            run = set(days[-ABSENT_RUN_DAYS:])
            missed = {day for index, day in enumerate(days) if index % 5 < 3}
            overlays = dict(zip(good, (run, missed), strict=False))
        report = marks_import(
            io.BytesIO(_register_csv(upns, days, register_day, overlays).encode()),
            school=school,
            file_name="demo-register.csv",
            imported_by=DEMO_OFFICER,
            today=today,
        )
        if not report.imported:
            raise RuntimeError(f"The demo register did not import: {report.errors[:3]}")
        made += report.created
        _amend_a_few(school, register_day)
    return made


def profile_for(upn: str) -> Profile:
    roll = random.Random(f"profile:{upn}").random()  # nosec B311 # seeded demo data, not a secret
    for profile in PROFILES:
        if roll < profile.share:
            return profile
        roll -= profile.share
    return PROFILES[0]


def _register_csv(
    upns: list[str],
    days: list[date],
    register_day: date,
    overlays: dict[str, set[date]] | None = None,
) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["upn", "date", "session", "code", "minutes_late"])
    inset_day = days[0] if days else None
    for upn in upns:
        register = _pupil_register(upn, days, register_day, inset_day)
        if upn in (overlays or {}):
            register = _absent_on(register, overlays[upn] - {inset_day})
        for day, am, pm, minutes in register:
            writer.writerow([upn, day.isoformat(), "AM", am, minutes])
            writer.writerow([upn, day.isoformat(), "PM", pm, ""])
    return out.getvalue()


def _pupil_register(
    upn: str, days: list[date], register_day: date, inset_day: date | None
):
    profile = profile_for(upn)
    rng = random.Random(f"register:{upn}")  # nosec B311 # seeded demo data, not a secret
    holiday_start = None
    if profile.holiday_week and len(days) > 30:
        holiday_start = rng.randrange(10, len(days) - 10)
    for index, day in enumerate(days):
        if day == inset_day:
            yield day, "#", "#", ""
            continue
        if holiday_start is not None and holiday_start <= index < holiday_start + 5:
            yield day, "G", "G", ""
            continue
        if rng.random() < profile.absence:
            code = rng.choice(profile.absence_codes.split())
            if day == register_day:
                code = "N"  # no reason yet on the day itself
            yield day, code, code, ""
            continue
        if rng.random() < profile.late:
            if rng.random() < profile.after_close:
                yield day, "U", "\\", str(rng.randint(35, 70))
            else:
                yield day, "L", "\\", str(rng.randint(3, 25))
            continue
        yield day, "/", "\\", ""


def _absent_on(register, absent_days: set[date]):
    """The register with every day of ``absent_days`` an unexplained absence (O)."""
    for day, am, pm, minutes in register:
        yield (day, "O", "O", "") if day in absent_days else (day, am, pm, minutes)


def _amend_a_few(school: School, today: date) -> None:
    """Unexplained absences later explained: N becomes I with the reason."""
    earlier = (
        RegisterMark.objects.filter(school=school, code="N", date__lt=today)
        .select_related("pupil")
        .order_by("date", "pupil__upn", "session")[:AMENDMENTS_PER_SCHOOL]
    )
    rows = [
        [mark.pupil.upn, mark.date.isoformat(), mark.session, "I", ""]
        for mark in earlier
    ]
    if not rows:
        return
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["upn", "date", "session", "code", "minutes_late"])
    writer.writerows(rows)
    marks_import(
        io.BytesIO(out.getvalue().encode()),
        school=school,
        file_name="demo-amendments.csv",
        imported_by=ImportedBy(
            name="Demo attendance officer", position="Attendance officer"
        ),
        reason="Parent phoned the next morning: the pupil was ill.",
        today=today,
    )
