"""Benchmark the court bundle: one case with a full year's evidence.

    DEBUG=true DATABASE_URL=sqlite:////tmp/wa_bench_bundle.sqlite3 \\
        .venv/bin/python bench/court_bundle.py [--reps 3]

Migrates the database, then builds through the services one case at the
parenting-contract stage with a full year's register (every weekday of the
52 weeks before today but August, two sessions each, with 12 amendments), 40
chronology notes, 10 letters sent, 6 meetings held and recorded, and 2
parenting contracts drafted. Then times ``legal.bundle.build_bundle`` on it
(``--reps`` times, the median reported) and measures the peak of Python's
own allocations with ``tracemalloc`` on one more run, and the process's peak
resident memory. The database's name must contain "bench"; delete the file
(or drop and create the PostgreSQL database) between runs.
"""

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

NOTES = 40
LETTERS = 10
MEETINGS = 6
CONTRACTS = 2
AMENDMENTS = 12


def setup_django(private_root: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["PRIVATE_MEDIA_ROOT"] = private_root
    import django

    django.setup()


def school_days(today: date) -> list[date]:
    days, day = [], today - timedelta(days=364)
    while day < today:
        if day.weekday() < 5 and day.month != 8:
            days.append(day)
        day += timedelta(days=1)
    return days


def build():
    """The case and its year of evidence, through the services."""
    from django.utils import timezone

    from attendance.models import RegisterMark
    from attendance.register_import import ImportedBy
    from attendance.services import mark_amend
    from cases.enums import EventKind, Stage
    from cases.models import Case
    from contracts.contract_services import contract_draft
    from letters.models import SentHow
    from letters.services import letter_prepare, letter_send
    from meetings.services import meeting_arrange, meeting_record
    from schools.enums import Relationship
    from tests.cases.conftest import build_world
    from tests.factories import CarerRelationshipFactory, ParentCarerFactory

    world = build_world()
    case = world.case_at(Stage.PARENTING_CONTRACT)
    today = timezone.localdate()
    year_ago = timezone.now() - timedelta(days=364)
    # The case has run all year, so the bundle covers the whole register.
    Case.objects.filter(pk=case.pk).update(opened_at=year_ago)
    case.refresh_from_db()
    mother = ParentCarerFactory(title="Ms", forename="Dana", surname="Okafor")
    father = ParentCarerFactory(title="Mr", forename="Tunde", surname="Okafor")
    CarerRelationshipFactory(pupil=case.pupil, parent_carer=mother)
    CarerRelationshipFactory(
        pupil=case.pupil,
        parent_carer=father,
        relationship=Relationship.FATHER,
        contact_priority=2,
    )
    days = school_days(today)
    codes = ("/", "\\"), ("O", "O"), ("I", "I"), ("L", "\\"), ("/", "N")
    RegisterMark.objects.bulk_create(
        RegisterMark(
            pupil=case.pupil,
            school=case.school,
            date=day,
            session=session,
            code=code,
            minutes_late=10 if code == "L" else None,
        )
        for number, day in enumerate(days)
        for session, code in zip(
            ("AM", "PM"),
            codes[0] if number % 5 else codes[number // 5 % 5],
            strict=True,
        )
    )
    officer = ImportedBy(
        name="Bench Officer", position="Attendance officer", user=world.users["officer"]
    )
    marks = RegisterMark.objects.filter(pupil=case.pupil, code="O").order_by("date")
    for mark in marks[:AMENDMENTS]:
        mark_amend(
            mark=mark, code="M", reason="Appointment letter seen", amender=officer
        )
    for number in range(NOTES):
        world.record(case, EventKind.NOTE, text=f"Bench note {number}: phoned home.")
    for number in range(LETTERS):
        letter = letter_prepare(
            case=case,
            kind="attendance_concern",
            recipient=(mother, father)[number % 2],
            by=world.users["officer"],
        )
        letter_send(letter=letter, how=SentHow.POST, by=world.users["officer"])
    for number in range(MEETINGS):
        starts = timezone.localtime() - timedelta(days=7 * (MEETINGS - number) + 1)
        meeting = meeting_arrange(
            case=case,
            by=world.users["lead"],
            type_key="sam",
            starts_at=starts.replace(hour=9, minute=30),
            place="The attendance office",
            parents=[mother, father],
        )
        meeting_record(
            meeting=meeting,
            by=world.users["lead"],
            attended={inv.pk: True for inv in meeting.invitations.all()},
            education_worries="Missed maths and English on Mondays.",
            parent_voice="Mornings are hard since the early shift started.",
            child_present=True,
            child_voice="I feel sick on Mondays.",
        )
    for number in range(CONTRACTS):
        contract_draft(
            case=case,
            by=world.users["lead"],
            parents=[mother],
            parents_agree="Bring the pupil to school by 8.40 every day.",
            school_agrees="A mentor meets the pupil each Monday.",
            overall_responsible=world.users["lead"],
            day_to_day_responsible=world.users["officer"],
            starts_on=today + timedelta(days=number),
            ends_on=today + timedelta(days=90),
        )
    return case, len(days) * 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--save", metavar="FILE.pdf", help="Keep the bundle made.")
    args = parser.parse_args()
    setup_django(tempfile.mkdtemp(prefix="wa-bench-bundle-"))

    from django.conf import settings
    from django.core.management import call_command

    name = str(settings.DATABASES["default"]["NAME"])
    if "bench" not in name:
        sys.exit(f"The database's name must contain 'bench', not {name!r}.")
    call_command("migrate", verbosity=0, interactive=False)
    from schools.models import School

    if School.objects.exists():
        sys.exit("The bench database holds schools already: start from a fresh one.")
    started = time.perf_counter()
    case, marks = build()
    print(
        f"case built in {time.perf_counter() - started:.1f} s: {marks} register "
        f"marks, {AMENDMENTS} amendments, {NOTES} notes, {LETTERS} letters, "
        f"{MEETINGS} meetings, {CONTRACTS} contracts"
    )

    from legal.bundle import build_bundle

    # ru_maxrss is in KiB on Linux.
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    build_bundle(case, draft=False, produced_by="Bench")  # warm: imports, fonts
    times = []
    for _ in range(args.reps):
        steps = []
        one = time.perf_counter()
        steps.append((one, "start"))
        built = build_bundle(
            case,
            draft=False,
            produced_by="Bench",
            progress=lambda percent, note, steps=steps: steps.append(
                (time.perf_counter(), note)
            ),
        )
        times.append(time.perf_counter() - one)
    median = statistics.median(times)
    if args.save:
        Path(args.save).write_bytes(built.pdf)
    print(
        f"bundle: {built.page_count} pages, {len(built.pdf) / 1024:.0f} KiB, "
        f"{len(built.manifest)} documents in the manifest"
    )
    print(
        f"median {median:.2f} s of {args.reps} (min {min(times):.2f} s): "
        f"{built.page_count / median:.1f} pages/s, "
        f"{median / built.page_count * 1000:.0f} ms a page"
    )
    tracemalloc.start()
    build_bundle(case, draft=False, produced_by="Bench")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"peak Python allocations during one bundle: {peak / 2**20:.1f} MiB "
        f"({peak / len(built.pdf):.1f} times the bundle's size)"
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak resident memory of the process: {rss:.0f} MiB "
        f"({rss_before:.0f} MiB before the first bundle)"
    )
    gaps = [
        (later - earlier, note)
        for (earlier, _), (later, note) in zip(steps, steps[1:], strict=False)
    ]
    print("slowest steps of the last timed run:")
    for seconds, note in sorted(gaps, reverse=True)[:5]:
        print(f"  {seconds:.2f} s  {note}")
    print(f"at {datetime.now():%Y-%m-%d %H:%M}, load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
