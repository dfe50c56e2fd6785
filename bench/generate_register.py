"""Write a synthetic school's roll and a full academic year of register marks.

Two CSV files in the import formats (see attendance/pupil_import.py and
attendance/register_import.py):

- ``pupils.csv``: ``upn,forename,surname,date_of_birth,year_group`` for N pupils
  (default 1,500) in years 7 to 11;
- ``marks.csv``: ``upn,date,session,code,minutes_late`` for every pupil, every
  register day of the 2025-26 academic year (195 days: 190 pupil days and five
  INSET days marked ``#`` for the whole school), both sessions: 585,000 rows
  for 1,500 pupils.

The codes follow a plausible secondary school: mostly ``/`` (AM) and ``\\``
(PM); ``L`` with minutes late (and a few ``U``); illness ``I`` in runs of one to
three days; ``M`` for one session; ``N`` and ``O`` unauthorised days; a week of
``G`` (holiday not granted) for a few pupils. Each pupil has their own absence
and lateness propensity, so a handful are persistently or severely absent.

The output is the same for the same seed and pupil count. Rows are written as
they are made (date by date, then pupil, then AM and PM), so memory does not
grow with the file.

    .venv/bin/python bench/generate_register.py --pupils 1500
"""

import argparse
import csv
import random
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from schools.upn import make_upn  # noqa: E402  (needs ROOT on the path)

DEFAULT_PUPILS = 1500
DEFAULT_SEED = 20250901
DEFAULT_OUT = Path(tempfile.gettempdir()) / "wa-bench"

# The 2025-26 year: terms (first and last day), bank holidays inside them, and
# the five INSET days on which the whole school is closed (code #).
TERMS = (
    (date(2025, 9, 1), date(2025, 10, 24)),
    (date(2025, 11, 3), date(2025, 12, 19)),
    (date(2026, 1, 5), date(2026, 2, 13)),
    (date(2026, 2, 23), date(2026, 3, 27)),
    (date(2026, 4, 13), date(2026, 5, 22)),
    (date(2026, 6, 1), date(2026, 7, 20)),
)
BANK_HOLIDAYS = frozenset({date(2026, 5, 4)})
INSET_DAYS = frozenset(
    {
        date(2025, 9, 1),
        date(2025, 9, 2),
        date(2025, 11, 3),
        date(2026, 1, 5),
        date(2026, 6, 1),
    }
)

PUPIL_HEADER = ("upn", "forename", "surname", "date_of_birth", "year_group")
MARK_HEADER = ("upn", "date", "session", "code", "minutes_late")
FORENAMES = (
    "Amelia Olivia Isla Ava Mia Ivy Lily Isabella Rosie Sophia Grace Freya "
    "Noah Oliver George Arthur Muhammad Leo Harry Oscar Archie Henry Jack Theo "
    "Aisha Zara Maryam Kai Yusuf Ibrahim Priya Arjun Chloe Ella Evie Jacob"
).split()
SURNAMES = (
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Patel Wright "
    "Robinson Wood Thompson Evans Walker White Roberts Green Hall Thomas Khan "
    "Clarke Jackson Hughes Edwards Hill Moore Ali Begum Kaur Nowak Murphy"
).split()


def register_days() -> Iterator[tuple[date, bool]]:
    """Every register day of the year in order, with whether it is INSET (#)."""
    for first, last in TERMS:
        day = first
        while day <= last:
            if day.weekday() < 5 and day not in BANK_HOLIDAYS:
                yield day, day in INSET_DAYS
            day += timedelta(days=1)


def pupil_upn(index: int) -> str:
    """The ``index``-th pupil's UPN: LA 938, unique for any realistic roll."""
    return make_upn(f"938{4100 + index // 1000:04d}14{index % 1000:03d}")


def write_pupils(path: Path, *, pupils: int, seed: int) -> int:
    """Write the roll; returns the number of pupils."""
    rng = random.Random(f"{seed}-pupils")
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(PUPIL_HEADER)
        for index in range(pupils):
            year_group = 7 + index % 5
            # Year 7 in 2025-26 was born between 1 Sep 2013 and 31 Aug 2014.
            born = date(2013 - (year_group - 7), 9, 1) + timedelta(rng.randrange(365))
            writer.writerow(
                (
                    pupil_upn(index),
                    rng.choice(FORENAMES),
                    rng.choice(SURNAMES),
                    born.isoformat(),
                    year_group,
                )
            )
    return pupils


@dataclass
class _Pupil:
    """One pupil's habits, and the absence they are in the middle of."""

    upn: str
    absence: float  # chance per day of starting an absence
    lateness: float  # chance per morning of arriving late
    episode_code: str = ""
    episode_days: int = 0


def _make_pupil(index: int, rng: random.Random) -> _Pupil:
    band = rng.random()
    if band < 0.70:
        absence = rng.uniform(0.01, 0.04)
    elif band < 0.90:
        absence = rng.uniform(0.04, 0.09)
    elif band < 0.98:
        absence = rng.uniform(0.07, 0.15)
    else:
        absence = rng.uniform(0.25, 0.45)
    lateness = rng.choice((0.0, 0.005, 0.01, 0.02, 0.05, 0.1))
    return _Pupil(pupil_upn(index), absence, lateness)


def _day_codes(pupil: _Pupil, rng: random.Random) -> tuple[tuple[str, str], ...]:
    """The pupil's (code, minutes_late) for AM and PM on a school day."""
    if pupil.episode_days:
        pupil.episode_days -= 1
        code = pupil.episode_code
        return (code, ""), (code, "")
    if rng.random() < pupil.absence:
        kind = rng.random()
        if kind < 0.60:  # illness, one to three days
            pupil.episode_code, pupil.episode_days = "I", rng.choice((0, 0, 1, 2))
            return ("I", ""), ("I", "")
        if kind < 0.75:  # a medical appointment for one session
            return (
                (("M", ""), ("\\", ""))
                if rng.random() < 0.5
                else (("/", ""), ("M", ""))
            )
        if kind < 0.90:
            return ("N", ""), ("N", "")
        if kind < 0.97:
            return ("O", ""), ("O", "")
        pupil.episode_code, pupil.episode_days = "G", 4  # a week's holiday
        return ("G", ""), ("G", "")
    am = ("/", "")
    if rng.random() < pupil.lateness:
        if rng.random() < 0.9:
            am = ("L", str(rng.randint(1, 25)))
        else:
            am = ("U", str(rng.randint(30, 75)))
    pm = ("\\", "")
    if rng.random() < pupil.lateness / 4:
        pm = ("L", str(rng.randint(1, 15)))
    return am, pm


def write_marks(path: Path, *, pupils: int, seed: int) -> int:
    """Write the register; returns the number of rows (header not counted)."""
    rng = random.Random(f"{seed}-marks")
    roll = [_make_pupil(index, rng) for index in range(pupils)]
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(MARK_HEADER)
        for day, inset in register_days():
            iso = day.isoformat()
            for pupil in roll:
                if inset:
                    codes = (("#", ""), ("#", ""))
                else:
                    codes = _day_codes(pupil, rng)
                for session, (code, minutes) in zip(("AM", "PM"), codes, strict=True):
                    writer.writerow((pupil.upn, iso, session, code, minutes))
                    rows += 1
    return rows


def last_register_day() -> date:
    return max(day for day, _inset in register_days())


def write_files(out: Path, *, pupils: int, seed: int) -> tuple[Path, Path, int]:
    """Write both files into ``out``; returns their paths and the marks count."""
    out.mkdir(parents=True, exist_ok=True)
    pupils_path = out / f"pupils-{pupils}-{seed}.csv"
    marks_path = out / f"marks-{pupils}-{seed}.csv"
    write_pupils(pupils_path, pupils=pupils, seed=seed)
    rows = write_marks(marks_path, pupils=pupils, seed=seed)
    return pupils_path, marks_path, rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pupils", type=int, default=DEFAULT_PUPILS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="Output folder.")
    args = parser.parse_args(argv)
    pupils_path, marks_path, rows = write_files(
        args.out, pupils=args.pupils, seed=args.seed
    )
    days = sum(1 for _ in register_days())
    print(f"{pupils_path}: {args.pupils} pupils")
    print(f"{marks_path}: {rows} marks ({days} register days x 2 sessions)")


if __name__ == "__main__":
    main()
