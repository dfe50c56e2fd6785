"""What the meetings app adds to the case core, registered when the app is ready.

* Its chronology kinds.
* The case page's "Meetings" panel.
* Checklist evidence found in meetings and their records, counting only
  meetings arranged in this episode of the case:

  * ``two_meetings_offered``: at least two meetings offered to the parents
    (a rearranged meeting counts once, in the meeting that replaced it), with
    meetings with the family recorded by hand in the support-first ledger
    before meetings were arranged here;
  * ``meetings_recorded``: every meeting with the parents that has taken place
    is recorded, and its minutes went to every parent invited, whether or not
    they came;
  * ``impact_on_learning``: a record says the impact on learning was
    discussed with the parents there;
  * ``parent_voice``: a record holds what the parents said;
  * ``inclusion_meeting``: the pupil discussed at a meeting of a type the
    school marks as its whole-school inclusion meeting.
"""

from django.urls import reverse
from django.utils import timezone

from cases.case_view import once
from cases.checklist import Evidence, Shortfall, register_provider
from cases.events import register_event_kinds
from cases.models import Case
from cases.panels import register_case_panel
from meetings.enums import HELD_STATUSES, OFFERED_STATUSES, MeetingEventKind
from meetings.letters import minutes_outstanding, register_kinds
from meetings.models import Meeting
from meetings.panels import case_panel
from meetings.selectors import case_meetings, this_episode
from plans.enums import SupportKind
from plans.models import SupportOffer


def _meetings(case: Case) -> list[Meeting]:
    """This episode's meetings, read once per view of the case."""
    every = once(case, "meetings", lambda: list(case_meetings(case)))
    return this_episode(case, every)


def _list_url(case: Case) -> str:
    return reverse("portal:meetings:list", kwargs={"pk": case.pk})


def _day(meeting: Meeting) -> str:
    return f"{timezone.localtime(meeting.starts_at):%-d %B %Y}"


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


@register_provider("two_meetings_offered")
def two_meetings_offered(case: Case) -> Evidence | Shortfall | None:
    offered = [
        f"{m.type_name}, {_day(m)}"
        for m in sorted(_meetings(case), key=lambda m: m.starts_at)
        if m.status in OFFERED_STATUSES and m.invitations.all()
    ]
    by_hand = SupportOffer.objects.filter(
        case_id=case.pk,
        kind=SupportKind.MEETING,
        to_pupil=False,
        meeting__isnull=True,
    ).count()
    if by_hand:
        offered.append(
            f"{by_hand} recorded in the support-first ledger"
            if offered
            else f"{by_hand} meeting{'s' if by_hand != 1 else ''} recorded in "
            "the support-first ledger"
        )
    count = len(offered) - bool(by_hand) + by_hand
    if count == 0:
        return None
    if count < 2:
        return Shortfall(
            summary=f"One meeting offered to the parents ({offered[0]}); the LA "
            "will ask for at least two.",
            url=_list_url(case),
        )
    return Evidence(
        summary=f"{count} meetings offered to the parents: " + "; ".join(offered),
        url=_list_url(case),
    )


@register_provider("meetings_recorded")
def meetings_recorded_and_sent(case: Case) -> Evidence | Shortfall | None:
    now = timezone.now()
    due = [
        m
        for m in _meetings(case)
        if m.invitations.all()
        and (m.status in HELD_STATUSES or (m.is_planned and m.starts_at <= now))
    ]
    if not due:
        return None
    unrecorded = [m for m in due if not m.is_held]
    if unrecorded:
        first = unrecorded[0]
        return Shortfall(
            summary=f"The {first.type_name.lower()} of {_day(first)} has taken place "
            "but is not recorded.",
            url=first.get_absolute_url(),
        )
    unsent = [m for m in minutes_outstanding(case) if m in due]
    if unsent:
        first = unsent[0]
        return Shortfall(
            summary=f"The minutes of the {first.type_name.lower()} of {_day(first)} "
            "have not gone to every parent invited.",
            url=first.get_absolute_url(),
        )
    return Evidence(
        summary=f"{len(due)} meeting{'s' if len(due) != 1 else ''} recorded, the "
        "minutes sent to every parent invited.",
        url=_list_url(case),
    )


def _held_records(case: Case):
    return [
        m.record for m in _meetings(case) if m.is_held and m.record.parents_attended
    ]


@register_provider("impact_on_learning")
def impact_on_learning(case: Case) -> Evidence | None:
    for record in _held_records(case):
        if record.impact_on_learning_discussed:
            return Evidence(
                summary=f"Discussed with the parents at the "
                f"{record.meeting.type_name.lower()} of {_day(record.meeting)}"
                + (
                    f": {record.impact_on_learning_note}"
                    if record.impact_on_learning_note
                    else "."
                ),
                url=record.meeting.get_absolute_url(),
                recorded_by=_name(record.recorded_by),
                recorded_at=record.recorded_at,
            )
    return None


@register_provider("parent_voice")
def parent_voice(case: Case) -> Evidence | None:
    for record in _held_records(case):
        if record.parent_voice:
            return Evidence(
                summary=f"What the parents said at the "
                f"{record.meeting.type_name.lower()} of {_day(record.meeting)} is "
                "in its record.",
                url=record.meeting.get_absolute_url(),
                recorded_by=_name(record.recorded_by),
                recorded_at=record.recorded_at,
            )
    return None


@register_provider("inclusion_meeting")
def inclusion_meeting(case: Case) -> Evidence | None:
    for meeting in _meetings(case):
        if meeting.is_inclusion_meeting and meeting.is_held:
            return Evidence(
                summary=f"Discussed at the {meeting.type_name.lower()} of "
                f"{_day(meeting)}.",
                url=meeting.get_absolute_url(),
                recorded_by=_name(meeting.record.recorded_by),
                recorded_at=meeting.record.recorded_at,
            )
    return None


register_event_kinds(MeetingEventKind)
register_kinds()
register_case_panel(case_panel, place="work")
