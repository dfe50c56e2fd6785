"""Demo notices: on the case at the parenting-contract stage, a notice to
improve whose period has ended, then a penalty notice the school requested and
the LA issued, so its payment clock is running. Written through the services,
so the demo obeys the same rules as users; where the demo register does not
support a notice (the 10 in 10 threshold not met, say), it is left out."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import Case
from contracts import notice_services
from contracts.notice_rules import liable_parents
from demo.clock import days_ago


def demo_notices(case: Case, *, lead, la) -> int:
    """Issue the demo notices on ``case``; how many were made."""
    parent = liable_parents(case).first()
    if parent is None:
        return 0
    made = 0
    try:
        with days_ago(32):
            notice_services.notice_to_improve_issue(
                case=case,
                parent=parent,
                by=lead,
                goal_kind="attendance_at_least",
                goal_value=Decimal("92"),
                support_so_far="An initial concerns meeting, an early help plan with "
                "a morning mentor, and a parenting contract meeting.",
                further_support="A place at breakfast club and a weekly check-in "
                "with the attendance officer.",
            )
            made += 1
        with days_ago(2):
            request = notice_services.penalty_notice_request(
                case=case,
                parent=parent,
                by=lead,
                kind="attendance",
                grounds="The notice to improve's target was not met, and the family "
                "has not taken up breakfast club.",
                equality_note="No SEN or disability is known for the pupil or the "
                "parent; the family's circumstances were discussed at the last "
                "meeting.",
            )
            made += 1
        with days_ago(1):
            notice_services.penalty_notice_issue(
                notice=request,
                by=la,
                issued_on=timezone.localdate(),
                served_how="post",
            )
    except ValidationError:
        pass  # the demo register did not support this notice
    return made
