"""Benchmark the register import and the measures against PostgreSQL's floor.

    createdb -h 127.0.0.1 -U postgres wa_bench
    DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/wa_bench \\
        .venv/bin/python bench/import_marks.py [--pupils 1500] [--reps 3]

Migrates the database, writes the synthetic files (bench/generate_register.py),
makes one school and imports its roll, then measures:

(a) a first import of a year's marks with ``marks_import`` into an empty table;
(b) in the same repetition, a plain ``COPY`` of the same rows, resolved
    beforehand to pupil_id/school_id/date/session/code/minutes_late, into an
    empty ``TEMP TABLE ... (LIKE attendance_registermark INCLUDING ALL)``: the
    floor the import is compared with (target: import at most 2x the COPY).
    A COPY into a permanent table of the same shape with the two foreign keys
    is timed too, as the like-for-like floor;
(c) a re-import of the same file, which changes nothing (target: at most 2x);
(d) the peak memory of each import, run in a fresh subprocess whose
    resident-set high-water mark is reset just before the import, so the
    baseline (Python, Django and the apps loaded, connected) is known
    (target: peak RSS under 300 MB);
(e) ``school_measures`` for every pupil as of the last register day (target:
    under 1 s), against a bare ``GROUP BY pupil_id`` count of the same marks.

Imports are timed over ``--reps`` repetitions (the marks are truncated before
each first import) and the measures over ``--measure-reps``; medians are
reported. ``--profile`` adds a phase-by-phase breakdown of one first import and one
re-import, and ``--explain`` writes the plans of their statements and of the
measures query to explain.txt in the data folder.

The database is emptied of register marks, amendments and import runs
(TRUNCATE), so its name must contain "bench" (or pass ``--any-database``).
"""

# Table names below are fixed strings of this script; values are parameters.
# ruff: noqa: S608

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
for folder in (ROOT, BENCH):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import generate_register  # noqa: E402

PROTECTED_DATABASES = {"wa_dev", "wagtail_attendance_ci"}
TARGET_IMPORT_RATIO = 2.0
TARGET_REIMPORT_RATIO = 2.0
TARGET_PEAK_MB = 300
TARGET_MEASURES_S = 1.0
RESOLVED_COLUMNS = "pupil_id, school_id, date, session, code, minutes_late"
MARKS_DIGEST = (
    "SELECT count(*), md5(string_agg(concat_ws(',', pupil_id, school_id, date, "
    "session, code, minutes_late), ';' ORDER BY pupil_id, date, session)) "
    "FROM attendance_registermark"
)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def median(values: list[float]) -> float:
    return statistics.median(values)


@contextmanager
def stopwatch(into: dict, key: str):
    started = time.perf_counter()
    try:
        yield
    finally:
        into[key] = into.get(key, 0.0) + time.perf_counter() - started


# --- Memory -----------------------------------------------------------------------


def _status_mb(field: str) -> float | None:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def reset_peak_rss() -> bool:
    """Reset this process's RSS high-water mark (Linux 4.0+); True if done."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError:
        return False
    return True


def rss_mb() -> float:
    return _status_mb("VmRSS") or 0.0


def peak_rss_mb() -> float:
    """The RSS high-water mark: VmHWM, else ru_maxrss (KiB on Linux)."""
    peak = _status_mb("VmHWM")
    if peak is None:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return peak


# --- The worker: one import in a fresh process --------------------------------


def worker(args: argparse.Namespace) -> None:
    """Import the marks once and print one JSON line with the figures."""
    setup_django()
    from django.db import connection

    from attendance import register_import
    from schools.models import School

    school = School.objects.get(pk=args.school_id)
    connection.ensure_connection()
    phases: dict = {}
    statements: list = []
    if args.worker == "profile":
        instrument(phases, statements, explain=args.explain)
    baseline = rss_mb()
    peak_was_reset = reset_peak_rss()
    started = time.perf_counter()
    with args.marks.open("rb") as stream:
        report = register_import.marks_import(
            stream,
            school=school,
            file_name=args.marks.name,
            imported_by=register_import.ImportedBy(name="Benchmark", position="-"),
            reason="benchmark",
            today=date.fromisoformat(args.today),
        )
    seconds = time.perf_counter() - started
    if not report.imported or report.errors:
        raise SystemExit(f"import failed: {report.summary()} {report.errors[:5]}")
    print(
        json.dumps(
            {
                "seconds": seconds,
                "rss_baseline_mb": baseline,
                "rss_peak_mb": peak_rss_mb(),
                "peak_was_reset": peak_was_reset,
                "rows": report.rows_read,
                "created": report.created,
                "amended": report.amended,
                "unchanged": report.unchanged,
                "phases": phases,
                "statements": statements,
            }
        )
    )


_KEEP: list = []


def instrument(phases: dict, statements: list, *, explain: bool) -> None:
    """Time each phase of marks_import from outside the module.

    Nothing in attendance/ is edited: in this process only, the _Staging
    methods and file_sha256 are wrapped with timers, and every SQL statement
    goes through a Django execute wrapper (the COPY into staging does not, so
    ``fill`` is its own phase: reading, checking and COPY together). The time
    left over is the commit, where the deferred foreign-key checks run.

    With ``explain``, each statement is first run under EXPLAIN (ANALYZE,
    BUFFERS) inside a savepoint that is rolled back, and the plan goes to
    stderr; caches are then warm, so such a run's timings are not quoted.
    """
    from django.db import connection

    from attendance import register_import

    def timed(name, function):
        def wrapper(*args, **kwargs):
            with stopwatch(phases, name):
                return function(*args, **kwargs)

        return wrapper

    register_import.file_sha256 = timed("sha256", register_import.file_sha256)
    staging = register_import._Staging
    for name in (
        "__init__",
        "fill",
        "unknown_pupils",
        "conflicting_rows",
        "marked_by_another_school",
        "incoming_build",
        "apply",
        "drop",
    ):
        if hasattr(staging, name):  # the import's steps as of this writing
            setattr(staging, name, timed(f"staging.{name}", getattr(staging, name)))

    def wrapper(execute, sql, params, many, context):
        flat = " ".join(sql.split())
        upper = flat.upper()
        if explain and (
            upper.startswith(("SELECT", "INSERT", "UPDATE"))
            or (upper.startswith("CREATE") and " AS SELECT" in upper)
        ):
            with context["connection"].connection.cursor() as raw:
                raw.execute("SAVEPOINT bench_explain")
                raw.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                plan = "\n".join(row[0] for row in raw.fetchall())
                raw.execute("ROLLBACK TO SAVEPOINT bench_explain")
            print(f"--- {flat[:160]}\n{plan}\n", file=sys.stderr)
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((flat[:90], time.perf_counter() - started))

    # Keep the context manager referenced: collecting it removes the wrapper.
    _KEEP.append(connection.execute_wrapper(wrapper))
    _KEEP[-1].__enter__()


def run_worker(kind: str, school_id: int, run: dict):
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        kind,
        "--marks",
        str(run["marks"]),
        "--school-id",
        str(school_id),
        "--today",
        run["today"].isoformat(),
    ]
    if run.get("explain"):
        command.append("--explain")
    result = subprocess.run(
        command, check=False, capture_output=True, text=True, env=os.environ.copy()
    )
    if result.returncode:
        sys.stderr.write(result.stderr[-5000:])
        raise SystemExit(f"the {kind} worker failed (exit {result.returncode})")
    if result.stderr.strip():
        run.get("stderr_sink", sys.stderr).write(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- The main process -----------------------------------------------------------


def check_database(any_database: bool) -> str:
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database.")
    name = connection.settings_dict["NAME"]
    if name in PROTECTED_DATABASES:
        raise SystemExit(f"Refusing to use {name!r}.")
    if "bench" not in name and not any_database:
        raise SystemExit(
            f"This empties register marks in {name!r}; use a database whose name "
            "contains 'bench', or pass --any-database."
        )
    return name


def execute(sql: str, params=None):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else None


def reset_marks() -> None:
    execute(
        "TRUNCATE attendance_registeramendment, attendance_registermark, "
        "attendance_importrun"
    )


def checkpoint() -> None:
    """Start each timed write with no dirty buffers left by the previous one."""
    from django.db import DatabaseError

    try:
        execute("CHECKPOINT")
    except DatabaseError:
        pass


def settle_marks() -> None:
    """What autovacuum does within a minute of a big insert: VACUUM ANALYZE.

    Done before each re-import and before the measures, so that they run
    with statistics and a visibility map as they would in service (the
    server may have autovacuum off, as the benchmark machine does).
    """
    execute("VACUUM ANALYZE attendance_registermark")


def make_school(pupils_path: Path, today: date):
    from attendance.pupil_import import pupils_import
    from attendance.register_import import ImportedBy
    from schools.enums import Phase
    from schools.models import LocalAuthority, Pupil, School

    authority, _ = LocalAuthority.objects.get_or_create(
        code="938", defaults={"name": "Benchmark Authority"}
    )
    school, _ = School.objects.get_or_create(
        urn="999938",
        defaults={
            "name": "Benchmark Academy",
            "local_authority": authority,
            "phase": Phase.SECONDARY,
        },
    )
    reset_marks()
    Pupil.objects.filter(school=school).delete()
    with pupils_path.open("rb") as stream:
        report = pupils_import(
            stream,
            school=school,
            file_name=pupils_path.name,
            imported_by=ImportedBy(name="Benchmark"),
            today=today,
        )
    if not report.imported or report.errors:
        raise SystemExit(f"pupil import failed: {report.summary()}")
    execute("VACUUM ANALYZE schools_pupil")
    return school


def write_resolved(marks_path: Path, resolved_path: Path, school) -> int:
    """The marks as registermark columns, for the COPY baseline (not timed)."""
    import csv

    from schools.models import Pupil

    ids = dict(Pupil.objects.filter(school=school).values_list("upn", "id"))
    rows = 0
    with (
        marks_path.open(newline="", encoding="utf-8") as source,
        resolved_path.open("w", newline="", encoding="utf-8") as target,
    ):
        reader = csv.reader(source)
        next(reader)
        writer = csv.writer(target, lineterminator="\n")
        for upn, day, session, code, minutes in reader:
            writer.writerow((ids[upn], school.pk, day, session, code, minutes))
            rows += 1
    return rows


def copy_baseline(path: Path, *, permanent: bool) -> float:
    """Seconds to COPY the resolved rows into an empty table shaped like marks.

    The temporary table is the stated floor: ``LIKE ... INCLUDING ALL`` copies
    columns, defaults, the identity, NOT NULL and CHECK constraints and every
    index (primary key, one_mark_per_session, mark_school_date_idx), but not
    foreign keys, and a temporary table writes no WAL. The permanent variant
    adds both foreign keys (deferred, as Django makes them) and is WAL-logged
    like the real table. Timed: the COPY and the commit.
    """
    from django.db import connection, transaction

    table = "bench_copy_target"
    execute(f"DROP TABLE IF EXISTS {table}")
    if permanent:
        execute(f"CREATE TABLE {table} (LIKE attendance_registermark INCLUDING ALL)")
        execute(
            f"ALTER TABLE {table} ADD FOREIGN KEY (pupil_id) "
            "REFERENCES schools_pupil (id) DEFERRABLE INITIALLY DEFERRED, "
            "ADD FOREIGN KEY (school_id) REFERENCES schools_school (id) "
            "DEFERRABLE INITIALLY DEFERRED"
        )
    else:
        execute(
            f"CREATE TEMP TABLE {table} (LIKE attendance_registermark INCLUDING ALL)"
        )
    checkpoint()
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        sql = f"COPY {table} ({RESOLVED_COLUMNS}) FROM STDIN WITH (FORMAT csv)"
        with cursor.cursor.copy(sql) as copy, path.open("rb") as source:
            while block := source.read(1 << 20):
                copy.write(block)
    seconds = time.perf_counter() - started
    (count,) = execute(f"SELECT count(*) FROM {table}")[0]
    execute(f"DROP TABLE {table}")
    assert count > 0
    return seconds


def timed(function, reps: int) -> list[float]:
    function()  # warm the caches and the connection
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def time_measures(school, as_of: date, reps: int) -> dict:
    from attendance.measures import Period, school_measures, with_measures
    from schools.models import Pupil

    floor_sql = (
        "SELECT pupil_id, count(*) FROM attendance_registermark "
        "WHERE school_id = %s GROUP BY pupil_id"
    )
    period = Period.for_school(school, as_of)
    query = with_measures(Pupil.objects.filter(school=school), period).order_by("upn")
    figures = {
        "pupils": len(school_measures(school, as_of)),
        "measures": timed(lambda: school_measures(school, as_of), reps),
        "period": timed(lambda: Period.for_school(school, as_of), reps),
        "annotated_query": timed(lambda: list(query.all()), reps),
        "floor": timed(lambda: execute(floor_sql, [school.pk]), reps),
    }
    return figures


def explain_measures(school, as_of: date) -> str:
    from django.db import connection

    from attendance.measures import Period, with_measures
    from schools.models import Pupil

    period = Period.for_school(school, as_of)
    query = with_measures(Pupil.objects.filter(school=school), period).order_by("upn")
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(
            "EXPLAIN (ANALYZE, BUFFERS) SELECT pupil_id, count(*) "
            "FROM attendance_registermark WHERE school_id = %s GROUP BY pupil_id",
            [school.pk],
        )
        floor = "\n".join(row[0] for row in cursor.fetchall())
    return f"--- measures\n{plan}\n\n--- floor\n{floor}\n"


def machine_line() -> str:
    names = (
        "shared_buffers",
        "work_mem",
        "temp_buffers",
        "maintenance_work_mem",
        "synchronous_commit",
        "max_wal_size",
        "jit",
        "autovacuum",
    )
    values = [execute(f"SHOW {name}")[0][0] for name in names]
    version = execute("SHOW server_version")[0][0].split()[0]
    settings = ", ".join(f"{n}={v}" for n, v in zip(names, values, strict=True))
    return (
        f"{os.cpu_count()} CPUs, {platform.machine()}, Python "
        f"{platform.python_version()}; PostgreSQL {version} on the same machine "
        f"({settings})"
    )


def load_average() -> float:
    return os.getloadavg()[0]


def import_rows(results: dict) -> list[tuple]:
    """(label, seconds, x temp COPY, x permanent COPY with FKs, target)."""
    copy = median(results["copy_temp"])
    copy_fk = median(results["copy_fk"])
    rows = [
        ("(b) COPY into TEMP (LIKE ... INCLUDING ALL)", copy, None),
        ("    COPY into permanent table with the FKs", copy_fk, None),
        ("(a) first import, marks_import", median(results["first"]["current"]), "a"),
        ("(c) re-import, nothing changed", median(results["again"]["current"]), "c"),
    ]
    return [
        (label, seconds, seconds / copy, seconds / copy_fk, target)
        for label, seconds, target in rows
    ]


def report(results: dict) -> str:
    rows = results["rows"]
    measures = results["measures"]

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    lines = [
        f"{results['pupils']} pupils, {rows} marks; {results['machine']}",
        f"medians of {results['reps']} import and {results['measure_reps']} "
        f"measures repetitions; load average {results['load_before']:.2f} "
        f"before, {results['load_after']:.2f} after",
        "",
        f"{'':46}{'seconds':>8}{'marks/s':>10}{'x COPY':>8}{'x +FKs':>8}  target",
    ]
    for label, seconds, ratio, ratio_fk, target in import_rows(results):
        goal = ""
        if target in ("a", "c"):
            limit = TARGET_IMPORT_RATIO if target == "a" else TARGET_REIMPORT_RATIO
            goal = f"<= {limit:.0f}x {verdict(ratio <= limit)}"
        lines.append(
            f"{label:46}{seconds:8.2f}{rows / seconds:10,.0f}{ratio:8.2f}"
            f"{ratio_fk:8.2f}  {goal}"
        )
    peak = max(results["rss_peak"]["current"])
    base = max(results["rss_baseline"]["current"])
    again = max(results["rss_peak_again"]["current"])
    lines += [
        "",
        f"(d) peak RSS of the import process: {peak:.0f} MB (before the import "
        f"{base:.0f} MB: +{peak - base:.0f} MB for the import; re-import peak "
        f"{again:.0f} MB)  < {TARGET_PEAK_MB} MB {verdict(peak < TARGET_PEAK_MB)}",
    ]
    lines += [
        "",
        f"(e) school_measures, {measures['pupils']} pupils: "
        f"{median(measures['measures']):.3f} s  < {TARGET_MEASURES_S:.0f} s "
        f"{verdict(median(measures['measures']) < TARGET_MEASURES_S)}; "
        f"{median(measures['measures']) / median(measures['floor']):.1f}x the floor",
        f"    Period.for_school {median(measures['period']):.3f} s; the annotated "
        f"query (with_measures) {median(measures['annotated_query']):.3f} s",
        f"    floor, GROUP BY pupil_id count: {median(measures['floor']):.3f} s",
    ]
    return "\n".join(lines)


def print_profile(title: str, figures: dict) -> None:
    print(f"\n{title}: {figures['seconds']:.2f} s in all")
    for name, seconds in figures["phases"].items():
        print(f"  {name:30}{seconds:8.3f} s")
    rest = figures["seconds"] - sum(figures["phases"].values())
    print(f"  {'rest: commit (deferred FK checks)':30}{rest:8.3f} s")
    print("  SQL statements of 5 ms or more:")
    for sql, seconds in figures["statements"]:
        if seconds >= 0.005:
            print(f"  {seconds:8.3f} s  {sql}")


def python_only(marks_path: Path, checker) -> float:
    """Seconds to read and check the file in Python, with no database."""
    from attendance.csv_files import ImportReport, csv_rows
    from attendance.register_import import OPTIONAL, REQUIRED

    report_ = ImportReport(file_name=marks_path.name)
    started = time.perf_counter()
    with marks_path.open("rb") as stream:
        columns, rows = csv_rows(stream, required=REQUIRED, optional=OPTIONAL)
        for _row in checker(rows, columns, date(2099, 1, 1), report_):
            pass
    return time.perf_counter() - started


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark the register import and the measures."
    )
    parser.add_argument("--pupils", type=int, default=generate_register.DEFAULT_PUPILS)
    parser.add_argument("--seed", type=int, default=generate_register.DEFAULT_SEED)
    parser.add_argument("--reps", type=int, default=3, help="Import repetitions.")
    parser.add_argument("--measure-reps", type=int, default=7)
    parser.add_argument("--data", type=Path, default=generate_register.DEFAULT_OUT)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--json", type=Path, help="Also write the figures here.")
    parser.add_argument("--any-database", action="store_true")
    # Internal: one import in a subprocess.
    parser.add_argument("--worker", choices=("import", "profile"), help="internal")
    parser.add_argument("--marks", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--school-id", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--today", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.worker and args.reps < 1:
        parser.error("--reps must be at least 1")
    return args


def main() -> None:
    args = parse_args()
    if args.worker:
        worker(args)
        return

    setup_django()
    from django.core.management import call_command

    check_database(args.any_database)
    load_before = load_average()
    print("migrating ...", flush=True)
    call_command("migrate", verbosity=0)
    last_day = generate_register.last_register_day()
    today = last_day + timedelta(days=1)
    print(f"writing {args.pupils} pupils' files into {args.data} ...", flush=True)
    pupils_path, marks_path, rows = generate_register.write_files(
        args.data, pupils=args.pupils, seed=args.seed
    )
    school = make_school(pupils_path, today)
    resolved = args.data / f"resolved-{args.pupils}-{args.seed}.csv"
    assert write_resolved(marks_path, resolved, school) == rows
    run = {"marks": marks_path, "today": today}
    variants = ["current"]

    results = {
        "pupils": args.pupils,
        "rows": rows,
        "reps": args.reps,
        "measure_reps": args.measure_reps,
        "machine": machine_line(),
        "load_before": load_before,
        "first": {variant: [] for variant in variants},
        "again": {variant: [] for variant in variants},
        "copy_temp": [],
        "copy_fk": [],
        "rss_baseline": {variant: [] for variant in variants},
        "rss_peak": {variant: [] for variant in variants},
        "rss_peak_again": {variant: [] for variant in variants},
        "digests": {},
    }
    for rep in range(args.reps):
        for variant in variants:
            reset_marks()
            checkpoint()
            first = run_worker("import", school.pk, run)
            assert first["created"] == rows, first
            digest = execute(MARKS_DIGEST)[0]
            results["digests"].setdefault(variant, digest)
            if digest != results["digests"]["current"]:
                raise SystemExit(f"variant {variant} left different marks")
            if variant == "current":
                results["copy_temp"].append(copy_baseline(resolved, permanent=False))
                results["copy_fk"].append(copy_baseline(resolved, permanent=True))
            settle_marks()
            checkpoint()
            again = run_worker("import", school.pk, run)
            assert again["unchanged"] == rows, again
            results["first"][variant].append(first["seconds"])
            results["again"][variant].append(again["seconds"])
            results["rss_baseline"][variant].append(first["rss_baseline_mb"])
            results["rss_peak"][variant].append(first["rss_peak_mb"])
            results["rss_peak_again"][variant].append(again["rss_peak_mb"])
            copies = (
                f", COPY {results['copy_temp'][-1]:.2f} s (permanent with FKs "
                f"{results['copy_fk'][-1]:.2f} s)"
                if variant == "current"
                else ""
            )
            print(
                f"rep {rep + 1} {variant:8}: first import {first['seconds']:.2f} s"
                f"{copies}, re-import {again['seconds']:.2f} s, peak RSS "
                f"{first['rss_peak_mb']:.0f} MB / {again['rss_peak_mb']:.0f} MB",
                flush=True,
            )

    settle_marks()
    results["measures"] = time_measures(school, last_day, args.measure_reps)
    results["load_after"] = load_average()
    print()
    print(report(results))

    if args.profile or args.explain:
        from attendance.register_import import _checked_rows

        results["python_only"] = {"current": python_only(marks_path, _checked_rows)}
        print(
            "\nreading and checking the file in Python alone (no database): "
            + ", ".join(f"{k} {v:.2f} s" for k, v in results["python_only"].items())
        )
        sink = open(args.data / "explain.txt", "w")  # noqa: SIM115
        profile_run = dict(run, explain=args.explain, stderr_sink=sink)
        for variant in variants:
            reset_marks()
            checkpoint()
            first = run_worker("profile", school.pk, profile_run)
            settle_marks()
            checkpoint()
            again = run_worker("profile", school.pk, profile_run)
            print_profile(f"profile of {variant}, first import", first)
            print_profile(f"profile of {variant}, re-import", again)
            results[f"profile_{variant}"] = {"first": first, "again": again}
        if args.explain:
            settle_marks()
            sink.write(explain_measures(school, last_day))
            print(f"\nplans written to {args.data / 'explain.txt'}")
        sink.close()

    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str))
        print(f"\nfigures written to {args.json}")


if __name__ == "__main__":
    main()
