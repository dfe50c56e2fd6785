"""The one CSV writer for every export staff download.

Spreadsheet programs read a cell whose text starts with ``=``, ``+``, ``-`` or
``@`` as a formula, and skip a leading tab or carriage return before deciding.
Exports carry text typed by people (pupil and carer names, ledger entries, staff
names), so a value such as ``=HYPERLINK("http://evil.example","click")`` would
become a live formula on the machine of whoever opens the file: OWASP calls
this CSV (or formula) injection. A leading apostrophe makes the spreadsheet
show the text as typed instead, so every text cell that could be read as a
formula gets one. Numbers, dates and other non-text values are left alone.
"""

import csv
from collections.abc import Iterable
from typing import Any, Protocol, TypeVar

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

T = TypeVar("T")


class Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def neutralise_cell(value: T) -> T | str:
    """``value`` with an apostrophe in front if it is text a spreadsheet would
    read as a formula; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class SafeCsvWriter:
    """``csv.writer`` that passes every cell through :func:`neutralise_cell`."""

    def __init__(self, file: Writable, **kwargs: Any) -> None:
        self._writer = csv.writer(file, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([neutralise_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def safe_csv_writer(file: Writable, **kwargs: Any) -> SafeCsvWriter:
    """A CSV writer onto ``file`` (a text file, ``StringIO`` or ``HttpResponse``)
    safe to open in a spreadsheet; ``kwargs`` are ``csv.writer``'s."""
    return SafeCsvWriter(file, **kwargs)
