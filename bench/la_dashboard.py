"""Benchmark the LA dashboard on SQLite or PostgreSQL.

    DEBUG=true DATABASE_URL=sqlite:////tmp/wa_bench_la.sqlite3 \\
        .venv/bin/python bench/la_dashboard.py [--schools 40] [--pupils 1000]
    DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/wa_bench \\
        .venv/bin/python bench/la_dashboard.py

Builds an LA of ``--schools`` schools of ``--pupils`` pupils each, with this
term's marks so far (two sessions every weekday since 1 September, a spread
of absence so that every figure has pupils), and a lead practitioner. The
database is kept: a later run with the same sizes and the same last register
day reuses it (``--rebuild`` builds it again). Then it times, as medians over
``--reps``:

* ``school_measures`` for one school (the yardstick: every figure of every
  pupil of one school, counted from the marks);
* ``figures_refresh`` for one school, what a school whose figures are stale
  costs the first page after an import;
* ``la_school_figures`` for the whole LA with every school's figures current;
* the dashboard page through Django's test client, warm (every school's
  figures current: every page but the first after a change);
* the first dashboard page after one school's figures went stale (as after
  an import there): its ``figures_refresh`` is part of that page.

Figures are printed as times and as ratios to ``school_measures`` of one
school (target: the warm page under 300 ms of server time, and under the
cost of measuring one school from its marks). The database's name must
contain "bench": a rebuild empties it.
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
LA_CODE = "998"
LEAD = "bench.la-lead"
BATCH = 50_000


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def term_days(as_of: date) -> list[date]:
    """Every weekday from 1 September of the school year to ``as_of``."""
    year = as_of.year if as_of.month >= 9 else as_of.year - 1
    day, days = date(year, 9, 1), []
    while day <= as_of:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def codes_for(index: int, number: int) -> tuple[str, str]:
    """The AM and PM codes of pupil ``index`` on school day ``number``: one
    pupil in three misses ``index % 7`` days in every 20 (unauthorised or
    illness), one in 40 misses more than half; the rest attend, some late."""
    if index % 40 == 0:
        misses = 11
    elif index % 3 == 0:
        misses = index % 7
    else:
        misses = 0
    if number % 20 < misses:
        return ("N", "O") if index % 2 else ("I", "I")
    return ("L" if number % 11 == index % 11 else "/"), "\\"


def is_built(schools: int, pupils: int, last_day: date) -> bool:
    from django.db.models import Max

    from attendance.models import RegisterMark
    from schools.models import LocalAuthority, Pupil, School

    la = LocalAuthority.objects.filter(code=LA_CODE).first()
    if la is None:
        return False
    return (
        School.objects.filter(local_authority=la).count() == schools
        and Pupil.objects.filter(school__local_authority=la).count() == schools * pupils
        and RegisterMark.objects.filter(school__local_authority=la).aggregate(
            last=Max("date")
        )["last"]
        == last_day
    )


def build(schools: int, pupils: int, days: list[date]) -> None:
    """The LA, its schools, pupils and marks, written in large batches."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from attendance.models import RegisterMark
    from schools.enums import LocalAuthorityRole
    from schools.models import LocalAuthority, Pupil, School
    from schools.services import membership_add
    from schools.upn import make_upn

    la = LocalAuthority.objects.create(code=LA_CODE, name="Bench Authority")
    table = RegisterMark._meta.db_table
    insert = (
        f"INSERT INTO {table} (pupil_id, school_id, date, session, code) "  # noqa: S608 - the model's own table name; the values are parameters
        "VALUES (%s, %s, %s, %s, %s)"
    )
    for number in range(1, schools + 1):
        with transaction.atomic():
            school = School.objects.create(
                name=f"Bench School {number:02d}",
                urn=f"99{number:04d}",
                local_authority=la,
                phase="secondary",
            )
            Pupil.objects.bulk_create(
                Pupil(
                    upn=make_upn(f"998{number:03d}{index:06d}"),
                    legal_forename=f"Forename{index}",
                    legal_surname=f"Surname{index}",
                    date_of_birth=date(2012, 1, 1) + timedelta(days=index % 365),
                    year_group=7 + index % 5,
                    school=school,
                )
                for index in range(pupils)
            )
            pupil_ids = Pupil.objects.filter(school=school).values_list("pk", flat=True)
            rows = []
            with connection.cursor() as cursor:
                for index, pupil_id in enumerate(pupil_ids.order_by("pk")):
                    for day_number, day in enumerate(days):
                        am, pm = codes_for(index + number, day_number)
                        rows.append((pupil_id, school.pk, day, "AM", am))
                        rows.append((pupil_id, school.pk, day, "PM", pm))
                    if len(rows) >= BATCH:
                        cursor.executemany(insert, rows)
                        rows = []
                if rows:
                    cursor.executemany(insert, rows)
        print(f"  built school {number} of {schools}", end="\r", flush=True)
    print()
    lead = get_user_model().objects.create_user(LEAD, password=None)
    membership_add(
        user=lead, organisation=la, role=LocalAuthorityRole.LEAD_PRACTITIONER
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {table}")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def median(function, reps: int, before=None) -> float:
    """The median time of ``function()`` over ``reps`` runs after one untimed
    run; ``before()`` runs untimed before each."""
    if before:
        before()
    function()
    times = []
    for _ in range(reps):
        if before:
            before()
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--schools", type=int, default=40)
    parser.add_argument("--pupils", type=int, default=1000, help="per school")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    setup_django()

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY

    from attendance.figures import figures_ensure_many, figures_refresh
    from attendance.measures import school_measures
    from attendance.models import RegisterMark, SchoolFigures
    from la_workspace.figures import la_school_figures
    from schools.models import LocalAuthority, School

    if "bench" not in str(settings.DATABASES["default"]["NAME"]):
        sys.exit("The database's name must contain 'bench': a rebuild empties it.")
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    days = term_days(today)
    if not days:
        sys.exit("No weekday yet this school year to make marks for.")
    started = time.perf_counter()
    if args.rebuild or not is_built(args.schools, args.pupils, days[-1]):
        print(f"Building {args.schools} schools of {args.pupils} pupils...")
        call_command("flush", interactive=False, verbosity=0)
        build(args.schools, args.pupils, days)
        how = f"built in {time.perf_counter() - started:.0f} s"
    else:
        how = "reused"
    la = LocalAuthority.objects.get(code=LA_CODE)
    schools = list(School.objects.filter(local_authority=la).order_by("name"))
    one = schools[0]
    marks = RegisterMark.objects.filter(school__local_authority=la).count()

    client = Client()
    client.force_login(get_user_model().objects.get(username=LEAD))
    # A whole sign-in, second factor included, as the tests' client has.
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = "bench"
    session.save()
    url = reverse("portal:la_workspace:dashboard")

    def page():
        response = client.get(url)
        assert response.status_code == 200
        return response

    SchoolFigures.objects.filter(school__in=schools).delete()
    started = time.perf_counter()
    figures_ensure_many(schools=schools, as_of=today)
    first_ever = time.perf_counter() - started

    def make_stale():
        SchoolFigures.objects.filter(school=one).delete()  # as after an import

    yardstick = median(lambda: school_measures(one, today), args.reps)
    refresh = median(
        lambda: figures_refresh(school=one, as_of=today), args.reps, make_stale
    )
    figures = median(lambda: la_school_figures(la, today, legal=True), args.reps)
    warm = median(page, args.reps)
    cold = median(page, args.reps, make_stale)
    reset_queries()
    page()
    queries = len(connection.queries)

    print(
        f"{connection.vendor}: {args.schools} schools x {args.pupils} pupils, "
        f"{len(days)} register days, {marks:,} marks ({how})"
    )
    print(f"  every school's figures from nothing  {first_ever:8.2f} s")
    rows = [
        ("school_measures, one school", yardstick),
        ("figures_refresh, one school", refresh),
        ("la_school_figures, figures current", figures),
        ("dashboard page, figures current", warm),
        ("dashboard page, one school stale", cold),
    ]
    for label, seconds in rows:
        print(f"  {label:<36} {seconds * 1000:8.1f} ms  {seconds / yardstick:5.2f}")
    print(f"  dashboard page queries (warm)        {queries:8d}")
    met = warm < TARGET_PAGE_SECONDS and warm < yardstick
    verdict = "met" if met else "MISSED"
    print(
        f"  warm page {warm * 1000:.1f} ms: target < 300 ms and < school_measures "
        f"{verdict}"
    )


if __name__ == "__main__":
    main()
