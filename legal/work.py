"""The legal app's part of "My work" (``schools.work``): for an order's
supervising officer, its reviews falling due and the window to apply for an
extension; for the LA staff who act on them, court hearings in the coming
week. A fixed number of queries however many orders and referrals."""

from datetime import date, timedelta

from cases.selectors import visible_cases
from legal.enums import EsoStatus, ExtensionStatus
from legal.models import EducationSupervisionOrder, ProsecutionReferral
from legal.permissions import can_prepare_referral, can_record_eso
from legal.selectors import orders_in_force
from schools.work import DUE_SOON_DAYS, WorkItem, register_work_source


@register_work_source
def supervision_orders(user, today: date) -> list[WorkItem]:
    """ESO reviews due within a week or overdue, and extension windows open,
    on orders the user supervises."""
    items = []
    mine = visible_cases(user).filter(supervision_orders__supervising_officer=user)
    for order in orders_in_force(mine, today):
        if order.supervising_officer_id != user.pk:
            continue
        state, pupil = order.state, order.case.pupil.display_name
        if state.review_due_soon:
            items.append(
                WorkItem(
                    kind="ESO review",
                    what=f"Hold review {state.reviews.done + 1} of the education "
                    "supervision order",
                    pupil=pupil,
                    due_on=state.reviews.next_due,
                    overdue=state.reviews.overdue,
                    url=order.get_absolute_url(),
                )
            )
        applied = any(
            extension.status != ExtensionStatus.REFUSED
            and extension.applied_on >= state.period.window_opens
            for extension in order.extensions.all()
        )
        if state.window_open and not applied:
            items.append(
                WorkItem(
                    kind="ESO extension",
                    what="Decide whether to apply to extend the order "
                    f"({state.window_days_left} days left to apply)",
                    pupil=pupil,
                    due_on=state.period.window_closes,
                    overdue=False,
                    url=order.get_absolute_url(),
                )
            )
    return items


@register_work_source
def court_hearings(user, today: date) -> list[WorkItem]:
    """Hearings on ESO applications and prosecution referrals in the coming
    week, for the LA staff who may act on them (two queries, and the user's
    roles for each case, read once per request)."""
    until = today + timedelta(days=DUE_SOON_DAYS)
    cases = visible_cases(user)
    items = []
    orders = EducationSupervisionOrder.objects.filter(
        case__in=cases.values("pk"),
        status=EsoStatus.APPLIED,
        hearing_on__range=(today, until),
    ).select_related("case__pupil", "case__school")
    referrals = ProsecutionReferral.objects.filter(
        case__in=cases.values("pk"), hearing_on__range=(today, until)
    ).select_related("case__pupil", "case__school")
    for record, what, may in (
        *((order, "ESO application", can_record_eso) for order in orders),
        *((referral, "Prosecution", can_prepare_referral) for referral in referrals),
    ):
        if not may(user, record.case):
            continue
        items.append(
            WorkItem(
                kind="Court hearing",
                what=f"{what}: hearing at {record.court}",
                pupil=record.case.pupil.display_name,
                due_on=record.hearing_on,
                overdue=False,
                url=record.get_absolute_url(),
            )
        )
    return items
