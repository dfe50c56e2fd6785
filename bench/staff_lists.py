"""Benchmark the staff attendance lists on SQLite and PostgreSQL.

    DEBUG=true DATABASE_URL=sqlite:////tmp/wa_bench_lists.sqlite3 \\
        .venv/bin/python bench/staff_lists.py [--pupils 1500] [--reps 5]
    DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/wa_bench \\
        .venv/bin/python bench/staff_lists.py

Migrates the database, builds a school of ``--pupils`` pupils with a school
year of marks (two sessions a day since 1 September, a spread of absence so
that every list has pupils), and a second school of the same size with its
own marks, so that other schools' marks are present. Then it times, as medians
over ``--reps``:

* ``school_measures`` for the school (the yardstick: every figure of every
  pupil, counted from the marks);
* ``figures_refresh``, the recomputation the lists' figures need after an
  import or on a new school day with marks;
* each list's whole page (every list, unfiltered and with a year-group
  filter, sorted by rate), through Django's test client as the school's
  attendance lead, with the figures current, which is every page but the
  first after a change.

Figures are printed as times and as ratios to ``school_measures`` (target:
every list page under 300 ms of server time at 1,500 pupils, so well under
``school_measures``). The database's register tables are emptied first, so
its name must contain "bench".
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_PAGE_SECONDS = 0.3


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def school_days(as_of: date) -> list[date]:
    day, days = date(as_of.year if as_of.month >= 9 else as_of.year - 1, 9, 1), []
    while day <= as_of:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def build_school(name: str, urn: str, pupils: int, days: list[date]):
    from attendance.models import RegisterMark
    from schools.models import LocalAuthority, Pupil, School
    from schools.upn import make_upn

    la, _ = LocalAuthority.objects.get_or_create(code="999", name="Bench LA")
    school = School.objects.create(
        name=name, urn=urn, local_authority=la, phase="secondary"
    )
    Pupil.objects.bulk_create(
        Pupil(
            upn=make_upn(f"999{urn[-3:]}{number:06d}"),
            legal_forename=f"Forename{number}",
            legal_surname=f"Surname{number}",
            date_of_birth=date(2012, 1, 1) + timedelta(days=number % 365),
            year_group=7 + number % 5,
            school=school,
        )
        for number in range(pupils)
    )
    batch = []
    for index, pupil_id in enumerate(
        Pupil.objects.filter(school=school).values_list("pk", flat=True)
    ):
        # One pupil in 3 misses index % 7 days in every 20, in unauthorised
        # (N or O) or authorised (I) absence; the rest attend, some late.
        misses = index % 7 if index % 3 == 0 else 0
        for number, day in enumerate(days):
            absent = number % 20 < misses
            am = (
                ("N" if index % 2 else "I")
                if absent
                else ("L" if number % 11 == 0 else "/")
            )
            pm = ("O" if index % 2 else "I") if absent else "\\"
            batch.append(
                RegisterMark(
                    pupil_id=pupil_id, school=school, date=day, session="AM", code=am
                )
            )
            batch.append(
                RegisterMark(
                    pupil_id=pupil_id, school=school, date=day, session="PM", code=pm
                )
            )
            if len(batch) >= 20000:
                RegisterMark.objects.bulk_create(batch)
                batch = []
    RegisterMark.objects.bulk_create(batch)
    return school


def median(function, reps: int) -> float:
    function()
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pupils", type=int, default=1500)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    setup_django()

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from attendance.figures import figures_ensure, figures_refresh
    from attendance.measures import school_measures
    from attendance.models import SchoolFigures
    from attendance.selectors import STAFF_LISTS
    from schools.enums import SchoolRole
    from schools.services import membership_add

    if "bench" not in str(settings.DATABASES["default"]["NAME"]):
        sys.exit("The database's name must contain 'bench': it is emptied.")
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    today = timezone.localdate()
    days = school_days(today)
    started = time.perf_counter()
    school = build_school("Bench School", "990001", args.pupils, days)
    build_school("Other Bench School", "990002", args.pupils, days)
    built = time.perf_counter() - started

    from django.contrib.auth import get_user_model

    lead = get_user_model().objects.create_user("bench.lead", password=None)
    membership_add(user=lead, organisation=school, role=SchoolRole.ATTENDANCE_LEAD)
    client = Client()
    client.force_login(lead)

    yardstick = median(lambda: school_measures(school, today), args.reps)

    def recompute():
        SchoolFigures.objects.filter(school=school).delete()  # as after an import
        figures_refresh(school=school, as_of=today)

    refresh = median(recompute, args.reps)
    ensure = median(lambda: figures_ensure(school=school, as_of=today), args.reps)
    vendor = connection.vendor
    print(
        f"{vendor}: {args.pupils} pupils a school, 2 schools, "
        f"{len(days) * 2 * args.pupils * 2:,} marks (built in {built:.0f} s)"
    )
    print(f"  school_measures        {yardstick * 1000:7.1f} ms  1.00")
    print(
        f"  figures_refresh        {refresh * 1000:7.1f} ms  {refresh / yardstick:.2f}"
    )
    print(f"  figures_ensure (held)  {ensure * 1000:7.1f} ms  {ensure / yardstick:.2f}")
    worst = 0.0
    for staff in STAFF_LISTS:
        for label, extra in (("", {}), (", Year 9", {"year_group": 9})):
            query = {"school": school.pk, "list": staff.key, **extra}

            def page(query=query):
                response = client.get("/portal/attendance/", query)
                assert response.status_code == 200

            seconds = median(page, args.reps)
            worst = max(worst, seconds)
            print(
                f"  list {staff.key + label:<24} {seconds * 1000:7.1f} ms  "
                f"{seconds / yardstick:.2f}"
            )
    verdict = "met" if worst < TARGET_PAGE_SECONDS else "MISSED"
    print(f"  slowest list page {worst * 1000:.1f} ms: target < 300 ms {verdict}")


if __name__ == "__main__":
    main()
