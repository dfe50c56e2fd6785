"""The meetings app's part of "My work" (``schools.work``): the meetings a
practitioner leads this week, and meetings they lead that have passed without
a record.

``MeetingsConfig.ready()`` imports this module, which registers the source. It
loads only meetings on cases from ``visible_cases(user)`` and runs one query.
"""

from datetime import date, timedelta

from django.utils import timezone

from cases.selectors import visible_cases
from meetings.enums import MeetingStatus
from meetings.models import Meeting
from schools.work import WorkItem, register_work_source


@register_work_source
def meetings_to_hold_or_record(user, today: date) -> list[WorkItem]:
    """Planned meetings the user leads: this week's to hold, and any that have
    passed without being recorded."""
    monday = today - timedelta(days=today.weekday())
    meetings = (
        Meeting.objects.filter(
            case__in=visible_cases(user),
            lead=user,
            status=MeetingStatus.PLANNED,
            starts_at__date__lt=monday + timedelta(days=7),
        )
        .select_related("case__pupil")
        .order_by("starts_at")
    )
    items = []
    for meeting in meetings:
        day = timezone.localtime(meeting.starts_at).date()
        passed = day < today
        items.append(
            WorkItem(
                kind="Meeting to record" if passed else "Meeting",
                what=(
                    f"Record the {meeting.type_name}" if passed else meeting.type_name
                )
                + f" ({timezone.localtime(meeting.starts_at):%H:%M}, {meeting.place})",
                pupil=meeting.case.pupil.display_name,
                due_on=day,
                overdue=passed,
                url=meeting.get_absolute_url(),
            )
        )
    return items
