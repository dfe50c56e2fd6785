"""Fixtures for registers: a school with pupils, and CSV files made in memory."""

import io
from datetime import date

import pytest

from attendance.register_import import ImportedBy, marks_import
from tests.factories import PupilFactory, SchoolFactory

# A Wednesday in the autumn term; "today" for the import tests.
TODAY = date(2025, 11, 19)
OFFICER = ImportedBy(name="Test Officer", position="Attendance officer")


def csv_file(*lines: str) -> io.BytesIO:
    return io.BytesIO(("\n".join(lines) + "\n").encode())


@pytest.fixture
def school(db):
    return SchoolFactory()


@pytest.fixture
def pupils(school):
    return PupilFactory.create_batch(3, school=school)


@pytest.fixture
def import_marks(school):
    """Import CSV lines as register marks into ``school``; returns the report."""

    def run(*lines, skip_invalid=False, reason="", file_name="marks.csv", **kw):
        return marks_import(
            csv_file(*lines),
            school=kw.pop("into", school),
            file_name=file_name,
            imported_by=OFFICER,
            reason=reason,
            skip_invalid=skip_invalid,
            today=TODAY,
        )

    return run
