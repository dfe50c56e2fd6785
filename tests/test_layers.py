"""Each app imports only from the floors below it, at run time and in its
migrations: so ``cases/`` knows nothing of plans, voice or safeguarding, and
nothing imports the portal (its login check is its own middleware)."""

import ast
from pathlib import Path

import pytest

from tests.layout import FLOORS, PROJECT_APPS

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]
FLOOR_OF = {app: number for number, floor in enumerate(FLOORS) for app in floor}


def imported_apps(path: Path) -> set[tuple[str, int]]:
    """(app, line) for every import of one of our apps in the file, including
    imports inside functions and ``TYPE_CHECKING`` blocks."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in FLOOR_OF:
                found.add((top, node.lineno))
    return found


def upward_imports(app: str) -> list[str]:
    return sorted(
        f"{path.relative_to(ROOT)}:{line} imports {other}"
        for path in (ROOT / app).rglob("*.py")
        for other, line in imported_apps(path)
        if other != app and FLOOR_OF[other] <= FLOOR_OF[app]
    )


@pytest.mark.parametrize("app", PROJECT_APPS)
def test_the_app_imports_only_from_the_floors_below(app):
    assert upward_imports(app) == []


def test_the_scan_finds_an_upward_import(tmp_path, monkeypatch):
    """The check can fail: a cases module importing plans is found."""
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "bad.py").write_text(
        "def f():\n    from plans.models import Plan\n"
    )
    monkeypatch.setattr("tests.test_layers.ROOT", tmp_path)
    assert upward_imports("cases") == ["cases/bad.py:2 imports plans"]
