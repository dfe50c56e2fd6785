"""Reading CSV files for import, and the report an import gives back.

Every problem is a ``RowError`` naming the line, the field, the value and the
reason, so the person importing can find and fix it in the file.
"""

import csv
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from attendance.models import ImportRun
    from schools.models import School

FILE = "file"  # the field named by errors about the file as a whole


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    field: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.field} {self.value!r}: {self.reason}"


@dataclass
class ImportReport:
    """What an import found and did. Nothing is written unless ``imported``."""

    file_name: str
    rows_read: int = 0
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    imported: bool = False
    created: int = 0
    amended: int = 0
    unchanged: int = 0
    run_id: int | None = None
    # Rows left out because the portal amended that mark and the MIS has not
    # caught up: not errors (the rest is imported), but to be sorted out.
    conflicts: list[RowError] = field(default_factory=list)

    @property
    def rows_rejected(self) -> int:
        return len({error.line for error in self.errors})

    def summary(self) -> str:
        if not self.imported:
            return (
                f"{self.file_name}: nothing imported; {self.rows_rejected} of "
                f"{self.rows_read} rows have problems."
            )
        skipped = f", {self.rows_rejected} rows skipped" if self.rows_rejected else ""
        conflicts = (
            f"; {len(self.conflicts)} left as amended in the portal (see below)"
            if self.conflicts
            else ""
        )
        return (
            f"{self.file_name}: {self.rows_read} rows read; {self.created} added, "
            f"{self.amended} amended, {self.unchanged} unchanged{skipped}{conflicts}."
        )


def import_run_record(
    report: ImportReport,
    *,
    school: "School",
    kind: str,
    sha256: str,
    reason: str,
    imported_by,
    started_at: datetime,
) -> "ImportRun":
    """The ImportRun of an import that went ahead, with the report's counts;
    sets ``report.run_id``. ``imported_by`` is a ``register_import.ImportedBy``."""
    from attendance.models import ImportRun

    run = ImportRun.objects.create(
        school=school,
        kind=kind,
        file_name=report.file_name[:255],
        file_sha256=sha256,
        reason=reason[:255],
        run_by=imported_by.user,
        run_by_name=imported_by.name,
        run_by_position=imported_by.position,
        started_at=started_at,
        rows_read=report.rows_read,
        rows_rejected=report.rows_rejected,
        created=report.created,
        amended=report.amended,
        unchanged=report.unchanged,
    )
    report.run_id = run.pk
    return run


class FileRefused(Exception):
    """The file as a whole cannot be read (not CSV, wrong columns, not UTF-8)."""

    def __init__(self, error: RowError):
        super().__init__(str(error))
        self.error = error


def file_sha256(stream: BinaryIO) -> str:
    """The file's SHA-256, leaving the stream at its start."""
    digest = hashlib.sha256()
    stream.seek(0)
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def csv_rows(
    stream: BinaryIO, *, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> tuple[dict[str, int], Iterator[tuple[int, list[str]]]]:
    """The header's column positions and an iterator of (line number, cells).

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
                # Blank lines are not rows: every cell empty or spaces. The
                # first cell decides almost every line without a generator.
                if not (cells and cells[0].strip()) and not "".join(cells).strip():
                    continue
                yield reader.line_num, cells
        except (UnicodeDecodeError, csv.Error) as error:
            raise FileRefused(_unreadable(reader.line_num + 1, error)) from error

    return columns, rows()


def _unreadable(line: int, error: Exception) -> RowError:
    if isinstance(error, UnicodeDecodeError):
        reason = (
            "The file is not UTF-8 text; save it from the spreadsheet as CSV UTF-8."
        )
    else:
        reason = f"This line is not valid CSV ({error})."
    return RowError(line, FILE, "", reason)


def cell(cells: list[str], columns: dict[str, int], name: str) -> str:
    """The stripped value of a column in a row ('' if the row is short)."""
    index = columns.get(name)
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()
