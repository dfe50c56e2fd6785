"""Templates ask the models, never compare a status or stage with a literal:
a renamed value would otherwise fail silently in a page."""

import re
from pathlib import Path

from tests.layout import PROJECT_APPS

ROOT = Path(__file__).resolve().parents[2]
APPS = PROJECT_APPS
RAW_COMPARISON = re.compile(r"""\.(status|stage)\s*(==|!=|in)\s*["'(]""")


def test_no_template_compares_a_status_or_stage_with_a_string():
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for app in APPS
        for path in (ROOT / app).rglob("templates/**/*.html")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if RAW_COMPARISON.search(line)
    ]
    assert found == []


def test_the_scan_sees_a_raw_comparison():
    assert RAW_COMPARISON.search('{% if plan.status == "draft" %}')
    assert RAW_COMPARISON.search("{% if case.stage != 'closed' %}")
    assert not RAW_COMPARISON.search("{% if plan.is_draft %}")
