"""The cases app's part of "My work" (``schools.work``): quiet cases, for the
practitioner who leads them.

``CasesConfig.ready()`` imports this module, which registers the sources.
Each source loads only cases from ``visible_cases(user)`` and runs one query.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import dateformat, timezone

from cases.enums import Stage
from cases.selectors import visible_cases, with_last_event
from schools.work import WorkItem, register_work_source

# A case its lead has not touched (no chronology event) for this many days
# needs a look; the caseload's "no activity" filter uses the same setting.
QUIET_CASE_DAYS = 28


def quiet_case_days() -> int:
    return getattr(settings, "PORTAL_CASE_OVERDUE_DAYS", QUIET_CASE_DAYS)


@register_work_source
def quiet_cases(user, today: date) -> list[WorkItem]:
    """Open cases the user leads with no chronology event for
    ``quiet_case_days()`` days or more (restricted events do not count, as on
    the caseload). Due on the day the case became quiet."""
    days = quiet_case_days()
    # The start of the day after the cut-off, in school time: an event on
    # that day or later is recent enough.
    cutoff = timezone.make_aware(
        datetime.combine(today - timedelta(days=days - 1), time.min)
    )
    cases = (
        with_last_event(
            visible_cases(user)
            .filter(lead_practitioner=user)
            .exclude(stage=Stage.CLOSED)
        )
        .filter(Q(last_event_at__lt=cutoff) | Q(last_event_at__isnull=True))
        .select_related("pupil")
        .order_by("last_event_at", "pk")
    )
    items = []
    for case in cases:
        last = (
            timezone.localdate(case.last_event_at)
            if case.last_event_at
            else timezone.localdate(case.opened_at)
        )
        due_on = last + timedelta(days=days)
        items.append(
            WorkItem(
                kind="Case with no recent activity",
                what=f"No case activity since {dateformat.format(last, 'j F Y')}",
                pupil=case.pupil.display_name,
                due_on=due_on,
                overdue=due_on < today,
                url=case.get_absolute_url(),
            )
        )
    return items
