"""The legal app's part of "My work" (``schools.work``): for an order's
supervising officer, its reviews falling due and the window to apply for an
extension. Three queries however many orders."""

from datetime import date

from cases.selectors import visible_cases
from legal.enums import ExtensionStatus
from legal.selectors import orders_in_force
from schools.work import WorkItem, register_work_source


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
