"""Import register marks from CSV: validated first, then written in one transaction.

Columns: ``upn,date,session,code`` and optionally ``minutes_late``. The file is
read as a stream: each row is checked in Python against the code table (code,
session, date, UPN check letter) and the good ones go straight into a temporary
staging table (PostgreSQL ``COPY``; batched inserts on SQLite). Checks that
need the whole file or the database (UPNs not on the school's roll, rows that
disagree about the same session, sessions on another school's register) run in
SQL on the staging table; the rows are grouped by session only when the file
repeats one, which the stream notes as it goes. One join then pairs each
session with the mark it already has, and three statements apply the result:
amendments for changed marks, updates of those marks, and inserts of new ones.
Memory stays flat however long the file is.

Without ``skip_invalid`` one bad row refuses the whole file and nothing is
written; with it, the good rows are imported and the report lists the rest.
"""

# The SQL here is built only from this module's table-name constants and fixed
# fragments; every value from the file or the user is passed as a parameter.
# ruff: noqa: S608

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import groupby, islice
from typing import BinaryIO

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from attendance.codes import (
    RETIRED,
    Session,
    code_to_store,
    minutes_late_checked,
)
from attendance.csv_files import (
    FileRefused,
    ImportReport,
    RowError,
    csv_rows,
    file_sha256,
)
from attendance.figures import figures_refresh
from attendance.models import AmendmentForMis, ImportKind, ImportRun, MisState
from schools.models import School
from schools.upn import validate_upn

REQUIRED = ("upn", "date", "session", "code")
OPTIONAL = ("minutes_late",)
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
STAGING = "attendance_staging"
INCOMING = "attendance_incoming"
CHANGED = "attendance_changed"
# A group of staging rows for one session that give different entries.
DISAGREE = (
    "(MIN(code) <> MAX(code) "
    "OR MIN(COALESCE(minutes_late, -1)) <> MAX(COALESCE(minutes_late, -1)))"
)
BATCH = 5000


@dataclass(frozen=True)
class ImportedBy:
    """Who register amendments are recorded against: the person who ran an
    import, or who amends a mark by hand (``services.mark_amend``, which
    requires the position, as the law does)."""

    name: str
    position: str = ""
    user: AbstractBaseUser | None = None


def marks_import(
    stream: BinaryIO,
    *,
    school: School,
    file_name: str,
    imported_by: ImportedBy,
    reason: str = "",
    skip_invalid: bool = False,
    today: date | None = None,
) -> ImportReport:
    """Import a register marks CSV into ``school``; returns the report.

    Side effects, only when the report says ``imported``: new marks, changed
    marks with one amendment each (original and new code, ``reason``, when, who),
    an ImportRun, and the school's list figures recomputed. A refused file
    changes nothing.
    """
    today = today or timezone.localdate()
    started_at = timezone.now()
    report = ImportReport(file_name=file_name)
    sha256 = file_sha256(stream)
    local_start = timezone.localtime(started_at)
    reason = reason.strip() or f"import {file_name} {local_start:%Y-%m-%d %H:%M}"
    try:
        columns, rows = csv_rows(stream, required=REQUIRED, optional=OPTIONAL)
        with transaction.atomic():
            staging = _Staging()
            staging.fill(_checked_rows(rows, columns, today, report))
            report.errors.extend(staging.unknown_pupils(school, file_name))
            report.errors.extend(staging.conflicting_rows())
            staging.incoming_build(school)
            report.errors.extend(staging.marked_by_another_school(school))
            report.errors.sort(key=lambda error: (error.line, error.field))
            if report.errors and not skip_invalid:
                transaction.set_rollback(True)
                return report
            run = ImportRun.objects.create(
                school=school,
                kind=ImportKind.MARKS,
                file_name=file_name[:255],
                file_sha256=sha256,
                reason=reason[:255],
                run_by=imported_by.user,
                run_by_name=imported_by.name,
                run_by_position=imported_by.position,
                started_at=started_at,
            )
            staging.apply(school=school, run=run, imported_by=imported_by)
            report.created, report.amended, report.unchanged = staging.counts
            report.conflicts = staging.mis_conflicts(school, run)
            run.mis_conflicts = len(report.conflicts)
            report.imported = True
            report.run_id = run.pk
            run.rows_read = report.rows_read
            run.rows_rejected = report.rows_rejected
            run.created, run.amended, run.unchanged = staging.counts
            run.save(
                update_fields=[
                    "rows_read",
                    "rows_rejected",
                    "created",
                    "amended",
                    "unchanged",
                    "mis_conflicts",
                ]
            )
            staging.drop()
    except FileRefused as refused:
        report.errors = [refused.error]
        report.imported = False
    if report.imported:
        figures_refresh(school=school, as_of=today)
    return report


def _checked_rows(
    rows: Iterator[tuple[int, list[str]]],
    columns: dict[str, int],
    today: date,
    report: ImportReport,
) -> Iterator[tuple]:
    """Good rows as staging tuples; bad ones become errors in the report.

    Each UPN, date and (code, session) is checked once and remembered; a row
    whose parts have all been seen and found good, with no minutes late,
    costs a few look-ups. Any other row is checked rule by rule.
    """
    i_upn, i_date, i_session, i_code = (columns[name] for name in REQUIRED)
    i_minutes = columns.get("minutes_late")
    width = max(columns.values()) + 1
    upn_problems: dict[str, str | None] = {}
    dates: dict[str, date | str] = {}
    codes: dict[tuple[str, str], tuple[str, str | None, str]] = {}
    mapped: dict[str, int] = {}
    for line, cells in rows:
        report.rows_read += 1
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        upn = cells[i_upn].strip()
        if upn not in upn_problems:
            upn_problems[upn] = upn_problem(upn)
        upn_error = upn_problems[upn]
        raw_date = cells[i_date].strip()
        day = dates.get(raw_date)
        if day is None:
            day = dates[raw_date] = _parse_date(raw_date, today)
        session = cells[i_session].strip().upper()
        raw_code = cells[i_code].strip()
        checked = codes.get((raw_code, session))
        if checked is None:
            upper = raw_code.upper()
            checked = codes[raw_code, session] = (*code_to_store(upper, session), upper)
        code, code_error, upper = checked
        raw_minutes = cells[i_minutes].strip() if i_minutes is not None else ""

        if (
            upn_error is None
            and type(day) is date
            and session in (Session.AM, Session.PM)
            and code_error is None
            and not raw_minutes
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
        minutes, problem = minutes_late_checked(raw_minutes, code)
        if problem:
            errors.append(RowError(line, "minutes_late", raw_minutes, problem))
        if errors:
            report.errors.extend(errors)
        else:
            yield (line, upn, day, session, code, minutes)
    for old, count in sorted(mapped.items()):
        retired = RETIRED[old]
        report.notes.append(
            f"{count} row(s) used the retired code {old} ({retired.meaning}); "
            f"imported as {retired.replacement}."
        )


def _as_date(value) -> date:
    """A date read back from a staging table (SQLite gives text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def upn_problem(upn: str) -> str | None:
    if not upn:
        return "The UPN is missing."
    try:
        validate_upn(upn)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


def _parse_date(raw: str, today: date) -> date | str:
    """The date, or the reason it cannot be used."""
    if not ISO_DATE.match(raw):
        return "The date must be written YYYY-MM-DD, for example 2025-09-04."
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return "There is no such date."
    if day > today:
        return f"The date is in the future (today is {today:%Y-%m-%d})."
    return day


class _Staging:
    """The temporary tables an import works in, for the current connection."""

    def __init__(self):
        self.vendor = connection.vendor
        self.counts = (0, 0, 0)
        self.repeats = False
        self.incoming = 0
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
            cursor.execute(f"DROP TABLE IF EXISTS {INCOMING}")
            cursor.execute(f"DROP TABLE IF EXISTS {CHANGED}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {STAGING} (line integer, upn varchar(13), "
                "date date, session varchar(2), code varchar(2), "
                "minutes_late integer)"
            )

    def fill(self, rows: Iterator[tuple]) -> None:
        rows = self._noting_repeats(rows)
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                copy_sql = (
                    f"COPY {STAGING} (line, upn, date, session, code, minutes_late) "
                    "FROM STDIN"
                )
                with cursor.cursor.copy(copy_sql) as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                insert = f"INSERT INTO {STAGING} VALUES (%s, %s, %s, %s, %s, %s)"  # nosec B608 # constant table names, see top
                while batch := list(islice(rows, BATCH)):
                    cursor.executemany(insert, batch)

    def _noting_repeats(self, rows: Iterator[tuple]) -> Iterator[tuple]:
        """The rows, setting ``repeats`` if a UPN has two rows for one session.

        One bit per UPN per date and session (a few kilobytes for a school's
        year), so that a file without repeats, the usual case, needs no
        grouping in SQL.
        """
        numbers: dict[str, int] = {}
        seen: dict[tuple[date, str], bytearray] = {}
        for row in rows:
            _line, upn, day, session = row[:4]
            number = numbers.setdefault(upn, len(numbers))
            bits = seen.get((day, session))
            if bits is None:
                bits = seen[day, session] = bytearray()
            byte, bit = number >> 3, 1 << (number & 7)
            if byte >= len(bits):
                bits.extend(bytes(byte + 1 - len(bits)))
            if bits[byte] & bit:
                self.repeats = True
            bits[byte] |= bit
            yield row

    def unknown_pupils(self, school: School, file_name: str) -> list[RowError]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT s.line, s.upn FROM {STAGING} s WHERE NOT EXISTS ("  # nosec B608 # constant table names, see top
                "SELECT 1 FROM schools_pupil p WHERE p.upn = s.upn "
                "AND p.school_id = %s) ORDER BY s.line",
                [school.pk],
            )
            reason = f"No pupil with this UPN is on roll at {school.name}."
            return [RowError(line, "upn", upn, reason) for line, upn in cursor]

    def marked_by_another_school(self, school: School) -> list[RowError]:
        """Rows for sessions already on another school's register (a pupil who
        moved): the other school's entry stands, and this one cannot be added."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {INCOMING} WHERE mark_school_id <> %s LIMIT 1",  # nosec B608 # constant table names, see top
                [school.pk],
            )
            if cursor.fetchone() is None:
                return []
            cursor.execute(
                f"SELECT s.line, s.upn FROM {STAGING} s "  # nosec B608 # constant table names, see top
                "JOIN schools_pupil p ON p.upn = s.upn AND p.school_id = %s "
                "JOIN attendance_registermark m ON m.pupil_id = p.id "
                "AND m.date = s.date AND m.session = s.session "
                "WHERE m.school_id <> %s ORDER BY s.line",
                [school.pk, school.pk],
            )
            reason = (
                "Another school's register already has a mark for this pupil "
                "in this session."
            )
            return [RowError(line, "upn", upn, reason) for line, upn in cursor]

    def conflicting_rows(self) -> list[RowError]:
        """Rows that give different entries for the same pupil and session."""
        if not self.repeats:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT s.line, s.upn, s.date, s.session, s.code, s.minutes_late "  # nosec B608 # constant table names, see top
                f"FROM {STAGING} s JOIN ("
                f"  SELECT upn, date, session FROM {STAGING} "
                "   GROUP BY upn, date, session "
                f"  HAVING {DISAGREE}"
                ") d ON d.upn = s.upn AND d.date = s.date AND d.session = s.session "
                "ORDER BY s.upn, s.date, s.session, s.line"
            )
            found = cursor.fetchall()
        errors = []
        for _key, group in groupby(found, key=lambda row: row[1:4]):
            group = list(group)
            for line, upn, day, session, code, _minutes in group:
                others = ", ".join(
                    f"line {other[0]} has {other[4]}"
                    + (f" ({other[5]} min late)" if other[5] is not None else "")
                    for other in group
                    if other[0] != line
                )
                errors.append(
                    RowError(
                        line,
                        "code",
                        code,
                        f"Another row gives a different entry for {upn} on "
                        f"{day} {session}: {others}.",
                    )
                )
        return errors

    def incoming_build(self, school: School) -> None:
        """One row per pupil on roll and session in the file, with the mark the
        session already has (from any school): one join with the marks.

        ``disagree`` marks sessions whose rows conflict; they and sessions
        held by another school are reported by the checks and left out by
        ``apply``. Rows are grouped only when the file repeats a session.
        """
        if self.repeats:
            sessions = (
                "SELECT p.id AS pupil_id, s.date, s.session, "  # nosec B608 # constant table names, see top
                "MIN(s.code) AS code, MIN(s.minutes_late) AS minutes_late, "
                f"{DISAGREE} AS disagree "
                f"FROM {STAGING} s JOIN schools_pupil p "
                "ON p.upn = s.upn AND p.school_id = %s "
                "GROUP BY p.id, s.date, s.session"
            )
        else:
            sessions = (
                "SELECT p.id AS pupil_id, s.date, s.session, s.code, "  # nosec B608 # constant table names, see top
                "s.minutes_late, FALSE AS disagree "
                f"FROM {STAGING} s JOIN schools_pupil p "
                "ON p.upn = s.upn AND p.school_id = %s"
            )
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {INCOMING} AS "  # nosec B608 # constant table names, see top
                "SELECT i.pupil_id, i.date, i.session, i.code, i.minutes_late, "
                "i.disagree, m.id AS mark_id, m.school_id AS mark_school_id, "
                "m.code AS old_code, m.minutes_late AS old_minutes_late "
                f"FROM ({sessions}) i LEFT JOIN attendance_registermark m "
                "ON m.pupil_id = i.pupil_id AND m.date = i.date "
                "AND m.session = i.session",
                [school.pk],
            )
            self.incoming = self._rows_written(cursor, INCOMING)

    def apply(self, *, school: School, run: ImportRun, imported_by: ImportedBy) -> None:
        changed = (
            "(i.old_code <> i.code "
            "OR i.old_minutes_late IS DISTINCT FROM i.minutes_late)"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {INCOMING} WHERE disagree OR mark_school_id <> %s",  # nosec B608 # constant table names, see top
                [school.pk],
            )
            incoming = self.incoming - cursor.rowcount
            incoming -= self._portal_amendments_reconcile(cursor, run)
            cursor.execute(
                f"CREATE TEMPORARY TABLE {CHANGED} AS "  # nosec B608 # constant table names, see top
                "SELECT mark_id, old_code, code, old_minutes_late, minutes_late "
                f"FROM {INCOMING} i WHERE i.mark_id IS NOT NULL AND {changed}"
            )
            amended = self._rows_written(cursor, CHANGED)
            if amended:
                if self.vendor == "postgresql":
                    cursor.execute(f"ANALYZE {CHANGED}")
                cursor.execute(
                    "INSERT INTO attendance_registeramendment (mark_id, "  # nosec B608 # constant table names, see top
                    "original_code, new_code, original_minutes_late, "
                    "new_minutes_late, reason, amended_at, amended_by_id, "
                    "amended_by_name, amended_by_position, import_run_id) "
                    "SELECT mark_id, old_code, code, old_minutes_late, "
                    f"minutes_late, %s, %s, %s, %s, %s, %s FROM {CHANGED}",
                    [
                        run.reason,
                        run.started_at,
                        imported_by.user.pk if imported_by.user else None,
                        imported_by.name,
                        imported_by.position,
                        run.pk,
                    ],
                )
                cursor.execute(
                    "UPDATE attendance_registermark AS m "  # nosec B608 # constant table names, see top
                    "SET code = c.code, minutes_late = c.minutes_late "
                    f"FROM {CHANGED} c WHERE m.id = c.mark_id"
                )
            cursor.execute(
                "INSERT INTO attendance_registermark "  # nosec B608 # constant table names, see top
                "(pupil_id, school_id, date, session, code, minutes_late) "
                "SELECT pupil_id, %s, date, session, code, minutes_late "
                f"FROM {INCOMING} WHERE mark_id IS NULL "
                "ORDER BY pupil_id, date, session",
                [school.pk],
            )
            created = cursor.rowcount
        self.counts = (created, amended, incoming - created - amended)

    def _portal_amendments_reconcile(self, cursor, run: ImportRun) -> int:
        """Compare the file with the amendments made in the portal that the MIS
        has not shown yet; returns how many sessions were left out.

        Where the file gives the portal's entry, the MIS agrees: settled.
        Where it gives another, the file is not applied to that session (the
        portal's amendment stands) and the disagreement is kept and reported.
        """
        cursor.execute(
            "SELECT f.id, i.code, i.minutes_late, m.code, m.minutes_late "  # nosec B608 # constant table names, see top
            f"FROM {INCOMING} i "
            "JOIN attendance_amendmentformis f ON f.mark_id = i.mark_id "
            "JOIN attendance_registermark m ON m.id = i.mark_id "
            "WHERE f.state = %s",
            [MisState.TO_ENTER],
        )
        agreed, disagreed = [], []
        for entry_id, code, minutes, portal_code, portal_minutes in cursor.fetchall():
            if (code, minutes) == (portal_code, portal_minutes):
                agreed.append(entry_id)
            else:
                disagreed.append((entry_id, code, minutes))
        AmendmentForMis.objects.filter(pk__in=agreed).update(
            state=MisState.AGREED, settled_by_run=run
        )
        for entry_id, code, minutes in disagreed:
            AmendmentForMis.objects.filter(pk=entry_id).update(
                conflict_run=run, conflict_code=code, conflict_minutes_late=minutes
            )
        if not disagreed:
            return 0
        cursor.execute(
            f"DELETE FROM {INCOMING} WHERE mark_id IN ("  # nosec B608 # constant table names, see top
            "SELECT mark_id FROM attendance_amendmentformis "
            "WHERE state = %s AND conflict_run_id = %s)",
            [MisState.TO_ENTER, run.pk],
        )
        return cursor.rowcount

    def mis_conflicts(self, school: School, run: ImportRun) -> list[RowError]:
        """The file's rows that disagree with an amendment made in the portal."""
        conflicts = (
            AmendmentForMis.objects.filter(
                school=school, state=MisState.TO_ENTER, conflict_run=run
            )
            .select_related("amendment")
            .values_list(
                "mark_id",
                "amendment__new_code",
                "amendment__amended_at",
                "amendment__amended_by_name",
                "amendment__amended_by_position",
            )
        )
        by_mark = {row[0]: row[1:] for row in conflicts}
        if not by_mark:
            return []
        cursor_rows = []
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT s.line, s.upn, s.date, s.session, s.code, m.id "  # nosec B608 # constant table names, see top
                f"FROM {STAGING} s "
                "JOIN schools_pupil p ON p.upn = s.upn AND p.school_id = %s "
                "JOIN attendance_registermark m ON m.pupil_id = p.id "
                "AND m.date = s.date AND m.session = s.session "
                "JOIN attendance_amendmentformis f ON f.mark_id = m.id "
                "WHERE f.state = %s AND f.conflict_run_id = %s ORDER BY s.line",
                [school.pk, MisState.TO_ENTER, run.pk],
            )
            cursor_rows = cursor.fetchall()
        errors = []
        for line, upn, day, session, code, mark_id in cursor_rows:
            portal_code, when, name, position = by_mark[mark_id]
            when = timezone.localdate(when)
            day = _as_date(day)
            errors.append(
                RowError(
                    line,
                    "code",
                    code,
                    f"{upn} on {day.day} {day:%B %Y} {session}: the portal "
                    f"amended this mark to {portal_code} on {when.day} {when:%B %Y} "
                    f"({name}, {position}), and the MIS has not caught up. "
                    "Not applied: the portal's entry stands. Enter the "
                    "amendment in the MIS, or amend the mark again in the portal.",
                )
            )
        return errors

    def _rows_written(self, cursor, table: str) -> int:
        """Rows the CREATE TABLE ... AS just run wrote (SQLite does not say)."""
        if self.vendor == "postgresql":
            return cursor.rowcount
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # nosec B608 # constant table names, see top
        return cursor.fetchone()[0]

    def drop(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {CHANGED}")
            cursor.execute(f"DROP TABLE IF EXISTS {INCOMING}")
            cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
