"""The committed state diagram is the one the code declares."""

import re
from pathlib import Path

import pytest

from cases.workflow import mermaid_diagram

pytestmark = pytest.mark.unit

DOC = Path(__file__).resolve().parents[2] / "docs" / "case-workflow.md"


def test_case_workflow_doc_diagram_matches_the_transitions_in_code():
    committed = re.search(r"```mermaid\n(.*?)```", DOC.read_text(), re.S)
    assert committed is not None, "docs/case-workflow.md has no Mermaid block"
    assert committed.group(1) == mermaid_diagram(), (
        "The diagram in docs/case-workflow.md is out of date: paste the output of "
        "`python manage.py case_diagram` into it."
    )


def test_diagram_has_every_declared_edge_once():
    edges = [line.strip() for line in mermaid_diagram().splitlines()[2:]]
    assert len(edges) == len(set(edges)) == 17
    assert "early_help --> eso: apply_for_eso" in edges
    assert "closed --> concern: reopen" in edges
    # An unpaid penalty notice the LA decides to prosecute opens the way to
    # prosecution before a parenting contract.
    assert "concern --> prosecution_referral: refer_for_prosecution" in edges
