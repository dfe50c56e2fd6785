"""The code table against the domain brief (DOMAIN.md section 2), code by code.

The expected table below is typed from the brief, not derived from the code
table, so a change to either shows up here.
"""

import pytest

from attendance.codes import BY_CODE, CODES, RETIRED, Outcome, Session, code_for

A, AU, U, NP = (
    Outcome.ATTENDED,
    Outcome.AUTHORISED,
    Outcome.UNAUTHORISED,
    Outcome.NOT_POSSIBLE,
)

# code: (category in the brief, counts as possible, counts as)
BRIEF = {
    "/": ("present", True, A),
    "\\": ("present", True, A),
    "L": ("present", True, A),
    "K": ("attending a place other than the school", True, A),
    "V": ("attending a place other than the school", True, A),
    "P": ("attending a place other than the school", True, A),
    "W": ("attending a place other than the school", True, A),
    "B": ("attending a place other than the school", True, A),
    "D": ("dual registration", False, NP),
    "C1": ("leave of absence", True, AU),
    "M": ("leave of absence", True, AU),
    "J1": ("leave of absence", True, AU),
    "S": ("leave of absence", True, AU),
    "C2": ("leave of absence", True, AU),
    "C": ("leave of absence", True, AU),
    "X": ("not required to attend", False, NP),
    "T": ("other authorised", True, AU),
    "R": ("other authorised", True, AU),
    "I": ("other authorised", True, AU),
    "E": ("other authorised", True, AU),
    "Q": ("unable to attend", False, NP),
    **{f"Y{n}": ("unable to attend", False, NP) for n in range(1, 8)},
    "G": ("unauthorised", True, U),
    "N": ("unauthorised", True, U),
    "O": ("unauthorised", True, U),
    "U": ("unauthorised", True, U),
    "Z": ("administrative", False, NP),
    "#": ("administrative", False, NP),
}


def test_the_table_has_exactly_the_briefs_codes_once_each():
    assert sorted(code.code for code in CODES) == sorted(BRIEF)
    assert len(BY_CODE) == len(CODES)


@pytest.mark.parametrize("code", sorted(BRIEF))
def test_each_code_counts_as_the_brief_says(code):
    _category, possible, outcome = BRIEF[code]
    entry = code_for(code)
    assert entry.counts_as_possible is possible
    assert entry.outcome is outcome
    assert entry.counts_as_attended is (outcome is A)
    assert entry.counts_as_authorised is (outcome is AU)
    assert entry.counts_as_unauthorised is (outcome is U)
    assert entry.meaning


@pytest.mark.parametrize("code", sorted(BRIEF))
def test_ten_in_ten_counts_g_n_o_u_only(code):
    assert code_for(code).counts_towards_ten_in_ten is (code in {"G", "N", "O", "U"})


def test_present_marks_belong_to_their_session():
    assert code_for("/").sessions == {Session.AM}
    assert code_for("\\").sessions == {Session.PM}
    assert code_for("L").sessions == {Session.AM, Session.PM}


def test_retired_codes_map_clearly_or_not_at_all():
    assert {code: r.replacement for code, r in RETIRED.items()} == {
        "J": "J1",
        "H": None,
        "F": None,
        "Y": None,
    }
    assert all(code_for(code) is None for code in RETIRED)
