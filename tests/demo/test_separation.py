"""The demo is the demo project's own: no app imports it, and the installed
distribution leaves it out."""

import ast
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
# Every package in the repository but the demo itself and the tests, which use
# it: the plugin's apps (whatever apps there are), and config/.
PACKAGES = sorted(
    path.parent.name
    for path in ROOT.glob("*/__init__.py")
    if path.parent.name not in ("demo", "tests")
)


def demo_imports(path: Path) -> list[int]:
    """The lines of a module's import statements that import the demo."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            modules = [node.module or ""]
        else:
            continue
        if any(module == "demo" or module.startswith("demo.") for module in modules):
            lines.append(node.lineno)
    return lines


def test_no_app_imports_the_demo():
    assert {"portal", "schools", "attendance", "cases", "policy_pages"} <= set(PACKAGES)
    assert demo_imports(ROOT / "tests" / "conftest.py")  # the scan finds imports
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        for line in demo_imports(path)
    ]
    assert found == []


def test_the_installed_distribution_leaves_the_demo_out():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    include = pyproject["tool"]["setuptools"]["packages"]["find"]["include"]

    def installed(package: str) -> bool:
        return any(fnmatch(package, pattern) for pattern in include)

    assert installed("portal")
    assert installed("policy_pages")
    for package in ("demo", "demo.policies", "demo.management.commands"):
        assert not installed(package), package
