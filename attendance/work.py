"""The attendance app's part of "My work" (``schools.work``): today's
unexplained absences nobody has followed up yet, for the people who make the
first-day calls and may change the marks (attendance officers and leads).

``AttendanceConfig.ready()`` imports this module, which registers the source.
"""

from datetime import date

from django.db.models import Count, Exists, F, OuterRef
from django.urls import reverse

from attendance.models import AbsenceContact, RegisterMark
from attendance.selectors import import_schools
from schools.work import WorkItem, register_work_source

FIRST_DAY = "First-day response"


@register_work_source
def unexplained_not_contacted(user, today: date) -> list[WorkItem]:
    """One item per school: the pupils with an N today and no contact attempt
    recorded about today yet (one query)."""
    contacted = AbsenceContact.objects.filter(
        pupil=OuterRef("pupil"), absence_date=today
    )
    waiting = (
        RegisterMark.objects.filter(
            school__in=import_schools(user),
            date=today,
            code="N",
            pupil__school=F("school"),
        )
        .exclude(Exists(contacted))
        .values("school_id", "school__name")
        .annotate(pupils=Count("pupil", distinct=True))
        .order_by("school__name")
    )
    lists = reverse("portal:attendance:lists")
    return [
        WorkItem(
            kind=FIRST_DAY,
            what="Unexplained absence today, no contact recorded yet",
            pupil=f"{row['pupils']} pupil{'s' if row['pupils'] != 1 else ''}",
            due_on=today,
            overdue=False,
            url=f"{lists}?school={row['school_id']}&list=unexplained-today",
            detail=row["school__name"],
        )
        for row in waiting
    ]
