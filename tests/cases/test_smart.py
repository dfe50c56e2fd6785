"""SMART advice for a support-plan target (plans.smart): no database.

The table holds the worked examples of seed 002 Appendix 9 (in our words where
they are long) and the boundaries of each rule.
"""

import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from plans.smart import (
    ADVICE_ORDER,
    Advice,
    TargetDraft,
    blocks_activation,
    smart_advice,
)

TODAY = date(2026, 3, 2)
SIX_WEEKS = TODAY + timedelta(weeks=6)
OWNER = "Mrs Smith (mum) and Ms Khan (attendance officer)"


def target(achieve: str, **fields) -> TargetDraft:
    """A target that is fine apart from what the case changes."""
    defaults = {
        "owner": OWNER,
        "start_on": TODAY,
        "review_on": SIX_WEEKS,
        "end_on": SIX_WEEKS,
    }
    return TargetDraft(achieve=achieve, **{**defaults, **fields})


def attendance(goal: str, current: str, **fields) -> TargetDraft:
    """A structured attendance target: at least ``goal`` % from ``current`` %."""
    return target(
        f"Sam's attendance to be at least {goal} %",
        attendance_percent=Decimal(goal),
        current_attendance=Decimal(current),
        **fields,
    )


TABLE = [
    # --- Seed 002 Appendix 9: Johnny (Meyer 2003)
    pytest.param(
        target(
            "Mr and Mrs Smith to ensure Johnny attends school regularly.",
            owner="Mr and Mrs Smith (parents)",
        ),
        ("no_measure", "vague"),
        id="seed-johnny-not-specific",
    ),
    pytest.param(
        target(
            "Mr and Mrs Smith to take Johnny to school every day, arriving by "
            "8.55 am; if he is ill or running late, they ring the school office "
            "by 8.45 am that day and say why.",
            owner="Mr and Mrs Smith (parents)",
        ),
        (),
        id="seed-johnny-specific",
    ),
    pytest.param(
        target(
            "During the next half term, Mr and Mrs Smith to ensure Johnny attends "
            "school regularly, arriving by 8.55 am and achieving a minimum of 95% "
            "attendance.",
            owner="Mr and Mrs Smith (parents)",
        ),
        (),
        id="seed-johnny-measurable",
    ),
    pytest.param(attendance("95", "25"), ("too_big_a_jump",), id="seed-25-to-95"),
    pytest.param(attendance("95", "80"), (), id="seed-80-to-95"),
    pytest.param(attendance("95", "50"), ("too_big_a_jump",), id="seed-steps-50-to-95"),
    pytest.param(
        attendance("95", "50", has_interim_step=True),
        (),
        id="seed-steps-50-to-95-with-interim",
    ),
    # --- Seed 002 Appendix 9: the Family Action Plan examples
    pytest.param(
        target(
            "Laura to be in school by 9am every day by the end of term",
            actions="Parents to see that Laura has left home by 8.20am; worker to "
            "explain the parents' legal duties on attendance; parents to tell "
            "school of any absence and the reason.",
            owner="Worker (family support), parents and Laura",
        ),
        (),
        id="seed-laura-in-by-9",
    ),
    pytest.param(
        target(
            "Parents to have strategies in place to manage Laura's behaviour by [date]",
            actions="Worker to complete 4 step parenting with both parents, in "
            "weekly home visits.",
            owner="Worker, parents",
        ),
        (),
        id="seed-laura-parenting",
    ),
    pytest.param(
        target(
            "Laura to have developed strategies to regulate emotions more "
            "appropriately by [date]",
            actions="Child to attend 4 x 1:1 sessions fortnightly around "
            "emotional regulation with worker",
            owner="Worker, child",
        ),
        (),
        id="seed-laura-emotions",
    ),
    pytest.param(
        TargetDraft(
            achieve="Parent to access support to reduce the impact of anxiety by [date]"
        ),
        ("no_measure", "no_date", "vague", "no_owner"),
        id="seed-parent-anxiety-left-blank",
    ),
    # --- Measures: times
    pytest.param(target("Sam to arrive at school by 8.55"), (), id="time-8.55"),
    pytest.param(target("Sam to arrive at school by 8.55am"), (), id="time-8.55am"),
    pytest.param(target("Sam to arrive at school by 08:55"), (), id="time-08:55"),
    pytest.param(target("Sam to be at the gate by nine o'clock"), (), id="oclock"),
    pytest.param(
        target("Sam to arrive at school on time"),
        ("no_measure",),
        id="on-time-is-no-time",
    ),
    # --- Measures: number words and frequencies
    pytest.param(
        target("Sam to go to breakfast club twice a week"), (), id="word-twice"
    ),
    pytest.param(
        target("Sam to have no more than two late marks this half term"),
        (),
        id="word-no-more-than-two",
    ),
    pytest.param(
        target("Sam to attend at least three of his five maths lessons"),
        (),
        id="word-three",
    ),
    pytest.param(
        target("Sam to go to homework club every Monday"), (), id="every-monday"
    ),
    pytest.param(
        target("Dad to phone the school at least once a week"), (), id="once-a-week"
    ),
    pytest.param(
        target("Sam to return to lessons once she feels ready"),
        ("no_measure",),
        id="once-as-when",
    ),
    pytest.param(
        target("No one at home to keep Sam off school without telling the office"),
        ("no_measure",),
        id="no-one-is-not-one",
    ),
    # --- A date, a deadline or a label is not a measure
    pytest.param(
        target("Sam to be attending school by 31 March 2026"),
        ("no_measure",),
        id="date-in-words",
    ),
    pytest.param(
        target("Sam to be attending school by 31/03/2026"),
        ("no_measure",),
        id="date-in-figures",
    ),
    pytest.param(
        target("Sam to settle back into school within six weeks"),
        ("no_measure",),
        id="deadline-in-weeks",
    ),
    pytest.param(
        target("Ch02 to settle into Year 9"), ("no_measure",), id="codes-and-year"
    ),
    pytest.param(
        target("Child to attend 1:1 sessions with the school counsellor"),
        ("no_measure",),
        id="one-to-one-is-not-a-count",
    ),
    # --- Structured targets are measured
    pytest.param(attendance("92", "85"), (), id="structured-attendance-within-reach"),
    pytest.param(
        target(
            "Improve Sam's attendance",
            attendance_percent=Decimal(92),
            current_attendance=Decimal(85),
        ),
        (),
        id="structured-attendance-improve-is-not-vague",
    ),
    pytest.param(
        target("Fewer late marks", structured_measure=True),
        (),
        id="structured-late-marks",
    ),
    pytest.param(
        target("Fewer late marks"), ("no_measure", "vague"), id="unstructured-fewer"
    ),
    # --- Vague wording
    pytest.param(target("Improve attendance to 95 %"), (), id="improve-to-95"),
    pytest.param(
        target("Sam to try to get to school as much as possible"),
        ("no_measure", "vague"),
        id="vague-try-to",
    ),
    pytest.param(
        target(
            "Sam to feel better about school",
            actions="Parents should try and help when possible",
        ),
        ("no_measure", "vague"),
        id="vague-in-actions",
    ),
    pytest.param(
        target("Hopefully Sam will be in school by 8.50 am"), (), id="hopefully-timed"
    ),
    # --- Dates
    pytest.param(
        target("Sam in school by 8.50 am", review_on=None, end_on=None),
        ("no_date",),
        id="no-review-no-end",
    ),
    pytest.param(
        target("Sam in school by 8.50 am", end_on=None), (), id="review-date-only"
    ),
    pytest.param(
        target("Sam in school by 8.50 am", review_on=None), (), id="end-date-only"
    ),
    pytest.param(
        target("Sam in school by 8.50 am", end_on=TODAY + timedelta(days=84)),
        (),
        id="exactly-12-weeks",
    ),
    pytest.param(
        target("Sam in school by 8.50 am", end_on=TODAY + timedelta(days=85)),
        ("too_long",),
        id="12-weeks-and-a-day",
    ),
    pytest.param(
        target(
            "Sam in school by 8.50 am",
            start_on=None,
            end_on=TODAY + timedelta(days=84),
        ),
        (),
        id="exactly-12-weeks-from-today",
    ),
    pytest.param(
        target(
            "Sam in school by 8.50 am",
            start_on=None,
            end_on=TODAY + timedelta(days=85),
        ),
        ("too_long",),
        id="12-weeks-and-a-day-from-today",
    ),
    pytest.param(
        target(
            "Sam in school by 8.50 am",
            start_on=TODAY + timedelta(weeks=4),
            end_on=TODAY + timedelta(weeks=14),
        ),
        (),
        id="12-weeks-counted-from-the-start-not-today",
    ),
    # --- Achievable: the size of the jump
    pytest.param(attendance("95", "75"), (), id="exactly-20-points"),
    pytest.param(attendance("95", "74.9"), ("too_big_a_jump",), id="20.1-points"),
    pytest.param(
        target("Sam to attend school every day", attendance_percent=Decimal(95)),
        (),
        id="current-rate-unknown",
    ),
    # --- Who will do it
    pytest.param(
        target("Sam in school by 8.50 am", owner=""), ("no_owner",), id="no-owner"
    ),
    pytest.param(
        target("Sam in school by 8.50 am", owner=" TBC "),
        ("no_owner",),
        id="owner-tbc",
    ),
    # --- Several at once, in the fixed order
    pytest.param(
        attendance(
            "95", "40", owner="", end_on=TODAY + timedelta(weeks=13), review_on=None
        ),
        ("too_long", "too_big_a_jump", "no_owner"),
        id="several-non-blocking",
    ),
    pytest.param(
        target(
            "Sam should be better at getting up",
            owner="",
            end_on=TODAY + timedelta(weeks=20),
        ),
        ("no_measure", "too_long", "vague", "no_owner"),
        id="blocking-first",
    ),
]


@pytest.mark.parametrize(("draft", "expected"), TABLE)
def test_advice_codes(draft, expected):
    codes = tuple(advice.code for advice in smart_advice(draft, today=TODAY))
    assert codes == expected


def test_the_table_is_large_enough():
    assert len(TABLE) >= 24


# One target per rule, each producing that advice alone.
ONE_EACH = {
    "no_measure": target("Sam to be happier at school"),
    "no_date": target("Sam in school by 8.50 am", review_on=None, end_on=None),
    "too_long": target("Sam in school by 8.50 am", end_on=TODAY + timedelta(weeks=13)),
    "too_big_a_jump": attendance("95", "25"),
    "no_owner": target("Sam in school by 8.50 am", owner=""),
}


@pytest.mark.parametrize("code", sorted(ONE_EACH))
def test_only_no_measure_and_no_date_block_activation(code):
    advice = smart_advice(ONE_EACH[code], today=TODAY)
    assert [item.code for item in advice] == [code]
    blocking = code in {"no_measure", "no_date"}
    assert advice[0].blocks_activation is blocking
    assert blocks_activation(advice) is blocking


def test_vague_never_blocks():
    advice = smart_advice(
        target("Sam to try to come in more", structured_measure=True), today=TODAY
    )
    assert advice == []
    advice = smart_advice(target("Sam to try to come in more"), today=TODAY)
    assert [item.code for item in advice] == ["no_measure", "vague"]
    assert [item.blocks_activation for item in advice] == [True, False]


def test_blocks_activation_of_lists():
    def advice(code):
        return Advice(code, "A message.", blocks_activation=code == "no_date")

    assert blocks_activation([]) is False
    assert blocks_activation([advice("too_long"), advice("no_owner")]) is False
    assert blocks_activation([advice("no_date"), advice("no_owner")]) is True


def test_a_good_target_does_not_block():
    good = target("During the next half term, Sam to reach at least 95 % attendance")
    advice = smart_advice(good, today=TODAY)
    assert advice == []
    assert blocks_activation(advice) is False


def test_advice_comes_in_the_fixed_order():
    worst = TargetDraft(
        achieve="Sam to try to attend more",
        start_on=TODAY,
        end_on=TODAY + timedelta(weeks=26),
        owner="",
    )
    codes = [item.code for item in smart_advice(worst, today=TODAY)]
    assert codes == ["no_measure", "too_long", "vague", "no_owner"]
    assert codes == sorted(codes, key=ADVICE_ORDER.index)


def messages(draft: TargetDraft) -> dict[str, str]:
    return {item.code: item.message for item in smart_advice(draft, today=TODAY)}


def test_no_measure_message_gives_an_example():
    message = messages(target("Sam to be happier at school"))["no_measure"]
    assert message.startswith("Add a measure: a number, percentage or time")
    assert "\u2018attendance of at least 92 % over the next six weeks\u2019" in message
    assert "A date on its own" not in message


def test_no_measure_message_says_a_date_is_not_a_measure():
    message = messages(target("Sam back in school by 31 March 2026"))["no_measure"]
    assert "A date on its own says when to check" in message


def test_no_date_message_suggests_a_review_six_weeks_on():
    draft = target("Sam in school by 8.50 am", review_on=None, end_on=None)
    assert (
        "a review on 13 April 2026, six weeks from today" in messages(draft)["no_date"]
    )


def test_too_long_message_gives_the_length_and_a_shorter_end():
    draft = target("Sam in school by 8.50 am", end_on=TODAY + timedelta(days=85))
    message = messages(draft)["too_long"]
    assert "12 weeks and 1 day from the start to 26 May 2026" in message
    assert "a first target ending by 25 May 2026" in message


def test_too_big_a_jump_message_gives_the_figures_and_an_interim_step():
    message = messages(attendance("95", "25"))["too_big_a_jump"]
    assert message.startswith("Going from 25 % to 95 % at once is a jump of 70 ")
    assert "at least 35 % over the next four weeks" in message


def test_too_big_a_jump_message_keeps_one_decimal_place():
    message = messages(attendance("95", "74.9"))["too_big_a_jump"]
    assert "from 74.9 % to 95 %" in message
    assert "a jump of 20.1 points" in message


def test_vague_message_quotes_the_words_used():
    draft = target(
        "Sam should try to be in school more", actions="Hopefully with support"
    )
    message = messages(draft)["vague"]
    assert message.startswith(
        "Wording like \u2018should\u2019, \u2018try to\u2019 and \u2018more\u2019 "
        "is hard to check"
    )


def test_no_owner_message_asks_for_people_and_roles():
    message = messages(target("Sam in school by 8.50 am", owner=""))["no_owner"]
    assert message.startswith("Say who will do it: name each person and their role")


@pytest.mark.parametrize("draft", [entry.values[0] for entry in TABLE])
def test_messages_are_short_and_plain(draft):
    for item in smart_advice(draft, today=TODAY):
        assert item.message.count(". ") + 1 <= 2, item.message
        assert item.message.endswith(".")
        assert "{" not in item.message


def test_importable_without_django():
    code = (
        "import sys, plans.smart; "
        "sys.exit(any(name.startswith('django') for name in sys.modules))"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", code], cwd=root, check=False)
    assert result.returncode == 0
