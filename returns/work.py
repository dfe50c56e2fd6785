"""The returns app's part of "My work" (``schools.work``): for a school's
attendance officer, the notifications the school has still to send its LA.

``ReturnsConfig.ready()`` imports this module, which registers the source. One
item per school, however many notifications; a fixed number of queries per
school where the user is the attendance officer (few: usually one).
"""

from datetime import date

from django.urls import reverse

from returns.permissions import sending_school_ids
from returns.selectors import due_notifications
from schools.enums import SchoolRole
from schools.models import School
from schools.permissions import school_ids_where_role
from schools.work import WorkItem, register_work_source


@register_work_source
def notifications_to_send(user, today: date) -> list[WorkItem]:
    """ "N notifications to send to the LA", due on the earliest due date."""
    ids = set(school_ids_where_role(user, SchoolRole.ATTENDANCE_OFFICER)) & set(
        sending_school_ids(user)
    )
    if not ids:
        return []
    items = []
    for school in School.objects.filter(pk__in=ids).select_related("local_authority"):
        due = due_notifications(school, today)
        if not due:
            continue
        earliest = min(item.due_on for item in due)
        count = len(due)
        items.append(
            WorkItem(
                kind="Notifications to the LA",
                what=(
                    f"{count} notification{'s' if count != 1 else ''} to send to "
                    f"the LA from {school.name}"
                ),
                pupil="",
                due_on=earliest,
                overdue=earliest < today,
                url=f"{reverse('portal:returns:to_send')}?school={school.pk}",
            )
        )
    return items
