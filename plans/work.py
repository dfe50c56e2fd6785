"""The plans app's part of "My work" (``schools.work``): plan reviews falling
due, for the practitioner who leads the plan.

``PlansConfig.ready()`` imports this module, which registers the source. It
loads only plans on cases from ``visible_cases(user)`` and runs one query.
"""

from datetime import date, timedelta

from cases.selectors import visible_cases
from plans.selectors import reviews_due_led_by
from schools.work import DUE_SOON_DAYS, WorkItem, register_work_source


@register_work_source
def plan_reviews_due(user, today: date) -> list[WorkItem]:
    """Reviews of live plans the user leads, overdue or due within a week."""
    plans = reviews_due_led_by(
        user, visible_cases(user), until=today + timedelta(days=DUE_SOON_DAYS)
    )
    return [
        WorkItem(
            kind="Plan review",
            what=f"Review the {plan.get_kind_display().lower()}",
            pupil=plan.case.pupil.display_name,
            due_on=plan.next_review_on,
            overdue=plan.is_review_overdue(today),
            url=plan.get_absolute_url(),
        )
        for plan in plans
    ]
