"""One date format across the portal: "4 December 2026", with the time
"4 December 2026, 09:15". Other formats only where a person does not read a
date as such: machine values (ISO, for URLs, inputs and datetime attributes),
the weekday forms of a calendar cell, and a chart's short axis labels."""

import re
from pathlib import Path

import pytest

from tests.layout import PROJECT_APPS

ROOT = Path(__file__).resolve().parents[2]
APPS = PROJECT_APPS
DATE_FILTER = re.compile(r"""\|date:(?:"([^"]*)"|'([^']*)')""")
FOR_PEOPLE = {"j F Y", "j F Y, H:i", "j F Y, H:i:s", "l j F Y"}
NOT_READ_AS_A_DATE = {
    "Y-m-d",  # URLs and date inputs
    "c",  # <time datetime="...">
    "l j F",  # a calendar cell's title, under its week and year
    "j M",  # a chart's axis labels, where the width is short
}


def template_formats() -> list[tuple[str, str]]:
    found = []
    for app in APPS:
        for path in (ROOT / app).rglob("templates/**/*.html"):
            for match in DATE_FILTER.finditer(path.read_text()):
                found.append((str(path.relative_to(ROOT)), match[1] or match[2]))
    return found


def test_templates_show_dates_in_the_one_format():
    formats = template_formats()
    assert formats, "no date filters found: the scan is broken"
    odd = [
        (path, fmt)
        for path, fmt in formats
        if fmt not in FOR_PEOPLE | NOT_READ_AS_A_DATE
    ]
    assert odd == []


@pytest.mark.parametrize("fmt", ["j M Y", "d/m/Y", "DATE_FORMAT", "r"])
def test_the_scan_catches_other_formats(fmt):
    sample = f'{{{{ when|date:"{fmt}" }}}}'
    (match,) = DATE_FILTER.finditer(sample)
    assert match[1] not in FOR_PEOPLE | NOT_READ_AS_A_DATE
