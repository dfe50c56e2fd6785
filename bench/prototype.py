"""Prototypes of faster register import and measures, for comparison only.

Nothing here is used by the application. Each prototype keeps the behaviour
of the code it shadows (the same rows accepted, the same errors and notes, the
same marks, amendments and counts) and is swapped in by replacing names in
``attendance.register_import`` or by calling it instead of
``attendance.measures.school_measures``, in the benchmark's own processes only.
docs/performance.md turns them into proposed changes. They were written
against the import and measures of commit cb8242e; if those change, the
prototypes need to follow (the benchmark checks their results against the
current code's, and prototype_tests.py runs the project's tests on them).

Import variants (cumulative):

- ``sql``: the staging SQL with ``MIN <> MAX`` where it has
  ``COUNT(DISTINCT ...) > 1`` (a hash aggregate instead of a sort and a
  sort per group), the conflict query only when that finds any, and the
  incoming count from ``CREATE TABLE AS`` rather than another scan;
- ``python``: plus a faster row check (``checked_rows``: per-row work only
  for rows with something unusual, memoised code checks) and a cheaper
  blank-line test in ``csv_rows``;
- ``apply``: plus no grouping at all unless the file repeats a pupil and
  session (noted while filling the staging table), and one join with the
  existing marks in place of the three joins of ``marked_by_another_school``,
  the amendments and the update, and the anti-join of the insert
  (``incoming`` carries the mark each session already has); no index or
  ANALYZE on ``incoming``; new marks inserted in key order.

Measures variants:

- ``period``: ``Period.for_school`` from one recursive query that walks the
  school's distinct dates backwards through mark_school_date_idx (a few dozen
  index probes) instead of two scans of all the school's marks;
- ``values``: plus the single query asked for the eight columns Measures
  needs (``values_list``) rather than whole Pupil instances;
- ``two_level``: the one-query Period, and the counts taken from one
  grouped query per (pupil, code), counting two date windows, folded into
  the measures with the code table in Python.
"""

# SQL is built from this module's fixed table names; values are parameters.
# ruff: noqa: S608

import csv
import io
from collections.abc import Iterator
from datetime import date, timedelta
from typing import BinaryIO

from django.db import connection
from django.db.models import Count, Q

from attendance import register_import
from attendance.codes import BY_CODE, RETIRED, Outcome, Session
from attendance.csv_files import FILE, FileRefused, ImportReport, RowError, _unreadable
from attendance.measures import (
    TEN_IN_TEN_WEEKS,
    TREND_WEEKS,
    Measures,
    Period,
    academic_year_start,
)
from attendance.models import RegisterMark
from attendance.register_import import (
    INCOMING,
    REQUIRED,
    STAGING,
    _code,
    _minutes_late,
    _parse_date,
    upn_problem,
)
from schools.models import Pupil, School

IMPORT_VARIANTS = ("sql", "python", "apply")
_UNSEEN = object()


# --- Import -------------------------------------------------------------------


def checked_rows(
    rows: Iterator[tuple[int, list[str]]],
    columns: dict[str, int],
    today: date,
    report: ImportReport,
) -> Iterator[tuple]:
    """register_import._checked_rows with the per-row cost cut down.

    The same rows, errors (in the same order) and notes. A row whose UPN, date
    and (code, session) have been seen before and that has no minutes_late
    costs five strips and three dictionary look-ups; anything else takes the
    original path.
    """
    i_upn, i_date, i_session, i_code = (columns[name] for name in REQUIRED)
    i_minutes = columns.get("minutes_late")
    width = max(columns.values()) + 1
    upn_problems: dict[str, str | None] = {}
    dates: dict[str, date | str] = {}
    codes: dict[tuple[str, str], tuple[str, str | None, str]] = {}
    mapped: dict[str, int] = {}
    read = 0
    try:
        for line, cells in rows:
            read += 1
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            upn = cells[i_upn].strip()
            upn_error = upn_problems.get(upn, _UNSEEN)
            if upn_error is _UNSEEN:
                upn_error = upn_problems[upn] = upn_problem(upn)
            raw_date = cells[i_date].strip()
            day = dates.get(raw_date)
            if day is None:
                day = dates[raw_date] = _parse_date(raw_date, today)
            session = cells[i_session].strip().upper()
            raw_code = cells[i_code].strip()
            checked = codes.get((raw_code, session))
            if checked is None:
                upper = raw_code.upper()
                code, problem = _code(upper, session)
                checked = codes[raw_code, session] = (code, problem, upper)
            code, code_error, upper = checked
            raw_minutes = cells[i_minutes].strip() if i_minutes is not None else ""
            if (
                upn_error is None
                and type(day) is date
                and code_error is None
                and not raw_minutes
                and session in ("AM", "PM")
            ):
                if code != upper:
                    mapped[upper] = mapped.get(upper, 0) + 1
                yield (line, upn, day, session, code, None)
                continue
            errors = []
            if upn_error:
                errors.append(RowError(line, "upn", upn, upn_error))
            if isinstance(day, str):
                errors.append(RowError(line, "date", raw_date, day))
            if session not in (Session.AM, Session.PM):
                errors.append(
                    RowError(line, "session", session, "The session must be AM or PM.")
                )
            if code_error:
                errors.append(RowError(line, "code", raw_code, code_error))
            elif code != upper:
                mapped[upper] = mapped.get(upper, 0) + 1
            minutes, problem = _minutes_late(raw_minutes, code)
            if problem:
                errors.append(RowError(line, "minutes_late", raw_minutes, problem))
            if errors:
                report.errors.extend(errors)
            else:
                yield (line, upn, day, session, code, minutes)
    finally:
        report.rows_read += read
    for old, count in sorted(mapped.items()):
        retired = RETIRED[old]
        report.notes.append(
            f"{count} row(s) used the retired code {old} ({retired.meaning}); "
            f"imported as {retired.replacement}."
        )


class SqlStaging(register_import._Staging):
    """Variant ``sql``: MIN <> MAX for COUNT(DISTINCT), one scan fewer."""

    def __init__(self):
        super().__init__()
        self.incoming = 0

    def _rows_made(self, cursor, table: str) -> int:
        """Rows written by the CREATE TABLE ... AS just run on ``cursor``.

        PostgreSQL reports them (SELECT n); SQLite does not, so count.
        """
        if self.vendor == "postgresql":
            return cursor.rowcount
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        return cursor.fetchone()[0]

    def conflicting_rows(self) -> list[RowError]:
        """As the original, after a cheap check that there are any at all."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {STAGING} GROUP BY upn, date, session "
                f"HAVING {_DIFFERENT.format(s='')} LIMIT 1"
            )
            if not cursor.fetchone():
                return []
        return super().conflicting_rows()

    def incoming_build(self, school: School) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {INCOMING} AS "
                "SELECT p.id AS pupil_id, s.date, s.session, "
                "MIN(s.code) AS code, MIN(s.minutes_late) AS minutes_late "
                f"FROM {STAGING} s JOIN schools_pupil p "
                "ON p.upn = s.upn AND p.school_id = %s "
                "WHERE NOT EXISTS (SELECT 1 FROM attendance_registermark o "
                "WHERE o.pupil_id = p.id AND o.date = s.date "
                "AND o.session = s.session AND o.school_id <> %s) "
                "GROUP BY p.id, s.date, s.session "
                f"HAVING NOT {_DIFFERENT.format(s='s.')}",
                [school.pk, school.pk],
            )
            self.incoming = self._rows_made(cursor, INCOMING)
            cursor.execute(
                f"CREATE UNIQUE INDEX {INCOMING}_key ON {INCOMING} "
                "(pupil_id, date, session)"
            )
            if self.vendor == "postgresql":
                cursor.execute(f"ANALYZE {INCOMING}")

    def apply(self, *, school, run, imported_by) -> None:
        """The original's three statements; the count comes from incoming_build."""
        changed = "(m.code <> i.code OR m.minutes_late IS DISTINCT FROM i.minutes_late)"
        same_session = (
            "m.pupil_id = i.pupil_id AND m.date = i.date AND m.session = i.session"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO attendance_registeramendment (mark_id, original_code, "
                "new_code, original_minutes_late, new_minutes_late, reason, "
                "amended_at, amended_by_id, amended_by_name, amended_by_position, "
                "import_run_id) "
                "SELECT m.id, m.code, i.code, m.minutes_late, i.minutes_late, "
                "%s, %s, %s, %s, %s, %s "
                f"FROM {INCOMING} i JOIN attendance_registermark m ON {same_session} "
                f"WHERE {changed}",
                _amendment_params(run, imported_by),
            )
            cursor.execute(
                "UPDATE attendance_registermark AS m "
                "SET code = i.code, minutes_late = i.minutes_late "
                f"FROM {INCOMING} i WHERE {same_session} AND {changed}"
            )
            amended = cursor.rowcount
            cursor.execute(
                "INSERT INTO attendance_registermark "
                "(pupil_id, school_id, date, session, code, minutes_late) "
                "SELECT i.pupil_id, %s, i.date, i.session, i.code, i.minutes_late "
                f"FROM {INCOMING} i WHERE NOT EXISTS ("
                f"SELECT 1 FROM attendance_registermark m WHERE {same_session})",
                [school.pk],
            )
            created = cursor.rowcount
        self.counts = (created, amended, self.incoming - created - amended)


# Whether a group of staging rows disagrees (code or minutes late); {s} is the
# table alias with its dot, or nothing.
_DIFFERENT = (
    "(MIN({s}code) <> MAX({s}code) OR MIN(COALESCE({s}minutes_late, -1)) "
    "<> MAX(COALESCE({s}minutes_late, -1)))"
)


def _amendment_params(run, imported_by) -> list:
    return [
        run.reason,
        run.started_at,
        imported_by.user.pk if imported_by.user else None,
        imported_by.name,
        imported_by.position,
        run.pk,
    ]


class ApplyStaging(SqlStaging):
    """Variant ``apply``: the file's sessions meet the existing marks once.

    ``fill`` notes whether any pupil and session occurs twice in the file (a
    bit per UPN per date and session: kilobytes for a year). Without such
    repeats there can be no conflicting rows and nothing to group, so the
    conflict query is skipped and ``incoming`` is a plain join; with them,
    the original queries run.

    ``marked_by_another_school`` (called after the other checks) builds
    ``incoming``: one row per pupil and session in the file, whether its rows
    disagree, and the mark already held for that session (any school's), by
    one join with the marks. The other-school rows are reported from it (a
    scan, and the original query only when there are any); ``apply`` then
    works from ``incoming`` with no further join over the marks: changed marks
    go to a small table for the amendments and the update, and new marks are
    inserted in key order.
    """

    def fill(self, rows: Iterator[tuple]) -> None:
        self.repeats = False
        super().fill(self._noting_repeats(rows))

    def _noting_repeats(self, rows: Iterator[tuple]) -> Iterator[tuple]:
        index: dict[str, int] = {}
        seen: dict[tuple[date, str], bytearray] = {}
        for row in rows:
            upn, day, session = row[1], row[2], row[3]
            number = index.get(upn)
            if number is None:
                number = index[upn] = len(index)
            bits = seen.get((day, session))
            if bits is None:
                bits = seen[day, session] = bytearray()
            byte, bit = number >> 3, 1 << (number & 7)
            if byte >= len(bits):
                bits.extend(bytes(byte + 1 - len(bits)))
            if bits[byte] & bit:
                self.repeats = True
            else:
                bits[byte] |= bit
            yield row

    def conflicting_rows(self) -> list[RowError]:
        return super().conflicting_rows() if self.repeats else []

    def marked_by_another_school(self, school: School) -> list[RowError]:
        if self.repeats:
            file_sessions = (
                "SELECT p.id AS pupil_id, s.date, s.session, "
                "MIN(s.code) AS code, MIN(s.minutes_late) AS minutes_late, "
                f"{_DIFFERENT.format(s='s.')} AS disagree "
                f"FROM {STAGING} s JOIN schools_pupil p "
                "ON p.upn = s.upn AND p.school_id = %s "
                "GROUP BY p.id, s.date, s.session"
            )
        else:
            file_sessions = (
                "SELECT p.id AS pupil_id, s.date, s.session, s.code, "
                "s.minutes_late, FALSE AS disagree "
                f"FROM {STAGING} s JOIN schools_pupil p "
                "ON p.upn = s.upn AND p.school_id = %s"
            )
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {INCOMING} AS "
                "SELECT g.pupil_id, g.date, g.session, g.code, g.minutes_late, "
                "g.disagree, m.id AS mark_id, m.school_id AS mark_school_id, "
                "m.code AS old_code, m.minutes_late AS old_minutes_late "
                f"FROM ({file_sessions}) g LEFT JOIN attendance_registermark m "
                "ON m.pupil_id = g.pupil_id AND m.date = g.date "
                "AND m.session = g.session",
                [school.pk],
            )
            cursor.execute(
                f"SELECT 1 FROM {INCOMING} WHERE mark_school_id <> %s LIMIT 1",
                [school.pk],
            )
            if not cursor.fetchone():
                return []
        return super().marked_by_another_school(school)

    def incoming_build(self, school: School) -> None:
        """Built by marked_by_another_school; here, only its usable rows."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {INCOMING} WHERE disagree OR mark_school_id <> %s",
                [school.pk],
            )
            cursor.execute(f"SELECT COUNT(*) FROM {INCOMING}")
            (self.incoming,) = cursor.fetchone()

    def apply(self, *, school, run, imported_by) -> None:
        changed = (
            "(i.old_code <> i.code "
            "OR i.old_minutes_late IS DISTINCT FROM i.minutes_late)"
        )
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS attendance_changed")
            cursor.execute(
                "CREATE TEMPORARY TABLE attendance_changed AS "
                "SELECT mark_id, old_code, code, old_minutes_late, minutes_late "
                f"FROM {INCOMING} i WHERE i.mark_id IS NOT NULL AND {changed}"
            )
            amended = self._rows_made(cursor, "attendance_changed")
            if amended:
                if self.vendor == "postgresql":
                    cursor.execute("ANALYZE attendance_changed")
                cursor.execute(
                    "INSERT INTO attendance_registeramendment (mark_id, "
                    "original_code, new_code, original_minutes_late, "
                    "new_minutes_late, reason, amended_at, amended_by_id, "
                    "amended_by_name, amended_by_position, import_run_id) "
                    "SELECT mark_id, old_code, code, old_minutes_late, "
                    "minutes_late, %s, %s, %s, %s, %s, %s "
                    "FROM attendance_changed",
                    _amendment_params(run, imported_by),
                )
                cursor.execute(
                    "UPDATE attendance_registermark AS m "
                    "SET code = c.code, minutes_late = c.minutes_late "
                    "FROM attendance_changed c WHERE m.id = c.mark_id"
                )
            cursor.execute("DROP TABLE attendance_changed")
            cursor.execute(
                "INSERT INTO attendance_registermark "
                "(pupil_id, school_id, date, session, code, minutes_late) "
                "SELECT pupil_id, %s, date, session, code, minutes_late "
                f"FROM {INCOMING} WHERE mark_id IS NULL "
                "ORDER BY pupil_id, date, session",
                [school.pk],
            )
            created = cursor.rowcount
        self.counts = (created, amended, self.incoming - created - amended)


def csv_rows(
    stream: BinaryIO, *, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> tuple[dict[str, int], Iterator[tuple[int, list[str]]]]:
    """csv_files.csv_rows, copied, with a cheaper blank-line test.

    A row is skipped when every cell is blank, tested on the first cell and
    only then on all of them joined: the same rows as ``any(cell.strip() for
    cell in cells)``, without a generator per row. The original's docstring:

    The header's column positions and an iterator of (line number, cells).

    Raises FileRefused when a required column is missing or a column is named
    twice. Column names are matched without regard to case or surrounding
    spaces; other columns are ignored. The iterator raises FileRefused if the
    file turns out not to be UTF-8 text part-way through.
    """
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    try:
        header = next(reader, None)
    except (UnicodeDecodeError, csv.Error) as error:
        raise FileRefused(_unreadable(1, error)) from error
    if header is None:
        raise FileRefused(RowError(1, FILE, "", "The file is empty."))
    names = [name.strip().lower() for name in header]
    for name in names:
        if name and names.count(name) > 1:
            raise FileRefused(
                RowError(1, "header", name, "This column appears more than once.")
            )
    missing = [name for name in required if name not in names]
    if missing:
        raise FileRefused(
            RowError(
                1,
                "header",
                ",".join(header),
                "Missing column(s): "
                + ", ".join(missing)
                + ". The first line must name the columns: "
                + ",".join(required)
                + (f" (optional: {','.join(optional)})" if optional else "")
                + ".",
            )
        )
    columns = {
        name: names.index(name) for name in (*required, *optional) if name in names
    }

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for cells in reader:
                if not (cells and cells[0].strip()) and not "".join(cells).strip():
                    continue  # blank lines are not rows
                yield reader.line_num, cells
        except (UnicodeDecodeError, csv.Error) as error:
            raise FileRefused(_unreadable(reader.line_num + 1, error)) from error

    return columns, rows()


def install(variant: str) -> None:
    """Swap a variant into attendance.register_import (this process only)."""
    level = IMPORT_VARIANTS.index(variant)
    register_import._Staging = ApplyStaging if level >= 2 else SqlStaging
    if level >= 1:
        register_import._checked_rows = checked_rows
        register_import.csv_rows = csv_rows


# --- Measures ---------------------------------------------------------------------


def school_week_starts(school: School, as_of: date) -> dict[int, date]:
    """Period.for_school's week starts for 10 and 4 weeks, from one query.

    The recursive query steps back from ``as_of`` one distinct non-# date at
    a time (each step one probe of mark_school_date_idx); 7 dates a week, so
    70 dates always cover 10 school weeks.
    """
    wanted = max(TEN_IN_TEN_WEEKS, TREND_WEEKS)
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH RECURSIVE days (day) AS ("
            "  SELECT MAX(date) FROM attendance_registermark "
            "  WHERE school_id = %s AND date <= %s AND code <> '#' "
            "UNION ALL "
            "  SELECT (SELECT MAX(m.date) FROM attendance_registermark m "
            "    WHERE m.school_id = %s AND m.date < days.day AND m.code <> '#') "
            "  FROM days WHERE days.day IS NOT NULL"
            ") SELECT day FROM days WHERE day IS NOT NULL LIMIT %s",
            [school.pk, as_of, school.pk, 7 * wanted],
        )
        mondays: list[date] = []
        for (day,) in cursor.fetchall():
            day = date.fromisoformat(day) if isinstance(day, str) else day
            monday = day - timedelta(days=day.weekday())
            if not mondays or mondays[-1] != monday:
                mondays.append(monday)
    fallback = as_of - timedelta(days=as_of.weekday())
    return {
        weeks: (mondays[:weeks][-1] if mondays else fallback)
        for weeks in (TEN_IN_TEN_WEEKS, TREND_WEEKS)
    }


def fast_period(school: School, as_of: date) -> Period:
    starts = school_week_starts(school, as_of)
    return Period(
        school_id=school.pk,
        as_of=as_of,
        year_start=academic_year_start(as_of),
        ten_weeks_start=starts[TEN_IN_TEN_WEEKS],
        trend_start=starts[TREND_WEEKS],
    )


def school_measures_period(school: School, as_of: date) -> list[Measures]:
    """Variant ``period``: school_measures with the one-query Period."""
    from attendance.measures import with_measures

    period = fast_period(school, as_of)
    pupils = with_measures(Pupil.objects.filter(school=school), period).order_by("upn")
    return [Measures.of(pupil) for pupil in pupils]


MEASURE_FIELDS = (
    "upn",
    "possible",
    "attended",
    "authorised",
    "unauthorised",
    "late",
    "late_after_close",
    "unauthorised_in_10_weeks",
)


def school_measures_values(school: School, as_of: date) -> list[Measures]:
    """Variant ``values``: the one-query Period, and rows not model instances.

    The same single grouped query (with_measures), asked only for the
    columns Measures needs.
    """
    from attendance.measures import with_measures

    period = fast_period(school, as_of)
    pupils = with_measures(Pupil.objects.filter(school=school), period)
    return [
        Measures(*row) for row in pupils.order_by("upn").values_list(*MEASURE_FIELDS)
    ]


def school_measures_two_level(school: School, as_of: date) -> list[Measures]:
    """Variant ``two_level``: counts per (pupil, code), folded with the code table.

    The database groups the marks by pupil and code, counting two windows
    (the year, and the ten school weeks); there are a few
    codes per pupil, so Python adds them up by outcome from attendance.codes.
    """
    period = fast_period(school, as_of)
    earliest = min(period.year_start, period.ten_weeks_start)
    counts = (
        RegisterMark.objects.filter(
            school=school, pupil__school=school, date__gte=earliest, date__lte=as_of
        )
        .values_list("pupil_id", "code")
        .annotate(
            in_year=Count("id", filter=Q(date__gte=period.year_start)),
            ten_weeks=Count("id", filter=Q(date__gte=period.ten_weeks_start)),
        )
        .order_by()
    )
    totals: dict[int, list[int]] = {}
    for pupil_id, code, in_year, ten_weeks in counts:
        row = totals.setdefault(pupil_id, [0] * 7)
        outcome = BY_CODE[code].outcome
        if outcome is Outcome.NOT_POSSIBLE:
            continue
        row[0] += in_year
        if outcome is Outcome.ATTENDED:
            row[1] += in_year
        elif outcome is Outcome.AUTHORISED:
            row[2] += in_year
        else:
            row[3] += in_year
            row[6] += ten_weeks
        if code == "L":
            row[4] += in_year
        elif code == "U":
            row[5] += in_year
    zero = [0] * 7
    return [
        Measures(upn, *totals.get(pupil_id, zero))
        for pupil_id, upn in Pupil.objects.filter(school=school)
        .order_by("upn")
        .values_list("id", "upn")
    ]
