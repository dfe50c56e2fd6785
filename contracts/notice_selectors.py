"""Reads of a case's notices."""

from cases.models import Case
from contracts.models import NoticeToImprove, PenaltyNotice


def case_notices(case: Case) -> tuple[list[NoticeToImprove], list[PenaltyNotice]]:
    """The case's notices to improve and penalty notices, newest first, each
    with its parent (two queries however many there are)."""
    improve = list(NoticeToImprove.objects.filter(case=case).select_related("parent"))
    penalty = list(PenaltyNotice.objects.filter(case=case).select_related("parent"))
    for notice in (*improve, *penalty):
        notice.case = case
    return improve, penalty
