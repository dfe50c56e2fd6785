"""The LA workspace's rules, row by row."""

from datetime import date

import pytest

from la_workspace.rules import attendance_band, needs_joint_approach, siblings_check

AS_OF = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("severe", "compulsory", "last_agreed_on", "needed"),
    [
        (True, True, None, True),
        (True, True, date(2026, 9, 10), False),  # agreed this year
        (True, True, date(2026, 8, 1), False),  # the year's first day counts
        (True, True, date(2026, 7, 31), True),  # last year's does not
        (True, False, None, False),  # not of compulsory school age
        (False, True, None, False),  # not severely absent
    ],
)
def test_which_pupils_need_a_joint_approach(severe, compulsory, last_agreed_on, needed):
    assert (
        needs_joint_approach(
            severely_absent=severe,
            of_compulsory_school_age=compulsory,
            last_agreed_on=last_agreed_on,
            as_of=AS_OF,
        )
        is needed
    )


@pytest.mark.parametrize(
    ("possible", "attended", "band"),
    [
        (0, 0, "No sessions yet this year"),
        (100, 50, "Severe absence"),  # exactly 50 % absent
        (100, 51, "Persistent absence"),
        (100, 90, "Persistent absence"),  # exactly 10 % absent
        (100, 91, "Not persistently absent"),
        (3, 1, "Severe absence"),
    ],
)
def test_attendance_band_follows_the_measures(possible, attended, band):
    assert attendance_band(possible=possible, attended=attended) == band


@pytest.mark.parametrize(
    ("family", "schools", "contacted", "met", "summary"),
    [
        (False, set(), set(), False, "No family is recorded for the pupil."),
        (True, set(), set(), True, "none on roll at another school"),
        (True, {1, 2}, {1}, False, "1 of 2 siblings' schools contacted"),
        (True, {1, 2}, {1, 2, 3}, True, "Siblings' schools contacted (2)."),
        (True, {1}, set(), False, "0 of 1 siblings' school contacted"),
    ],
)
def test_the_siblings_item_needs_every_siblings_school_contacted(
    family, schools, contacted, met, summary
):
    check = siblings_check(
        family_recorded=family, sibling_schools=schools, contacted_schools=contacted
    )
    assert check.met is met
    assert summary in check.summary
