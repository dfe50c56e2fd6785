"""The targeting app's part of "My work" (``schools.work``): for an LA's lead
practitioners, the targeting support meetings planned within the coming week,
and those whose planned date has passed and that are not recorded yet. One
query however many meetings; none for anyone who is not an LA lead
practitioner.

``TargetingConfig.ready()`` imports this module, which registers the source.
The item names the school, not a pupil: the meeting is about the school.
"""

from datetime import date, timedelta

from schools.work import DUE_SOON_DAYS, WorkItem, register_work_source
from targeting.models import TargetingMeeting
from targeting.permissions import managed_la_ids

KIND = "Targeting support meeting"


@register_work_source
def meetings_to_hold(user, today: date) -> list[WorkItem]:
    """Meetings of the user's LAs' schools planned on or before a week from
    today and not yet recorded."""
    las = managed_la_ids(user)
    if not las:
        return []
    meetings = (
        TargetingMeeting.objects.filter(
            school__local_authority_id__in=las,
            held_on__isnull=True,
            planned_for__lte=today + timedelta(days=DUE_SOON_DAYS),
        )
        .select_related("school")
        .order_by("planned_for", "school__name")
    )
    return [
        WorkItem(
            kind=KIND,
            what=(
                f"Record the {meeting.term_ref} meeting"
                if meeting.planned_for < today
                else f"Hold the {meeting.term_ref} meeting"
            ),
            pupil=meeting.school.name,
            due_on=meeting.planned_for,
            overdue=meeting.planned_for < today,
            url=meeting.get_absolute_url(),
        )
        for meeting in meetings
    ]
