"""Reads of meetings: the types a school uses, who to invite, a case's meetings."""

from datetime import date, timedelta

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from cases.models import Case
from meetings.enums import MeetingStatus
from meetings.models import Invitation, Meeting, MeetingTypeSetting
from meetings.types import MeetingType, resolve_types
from schools.models import CarerRelationship, Pupil, School


def types_for_school(school: School) -> list[MeetingType]:
    """The meeting types a school offers: the built-ins, changed or added to by
    its LA and then by the school itself (one query)."""
    settings = list(
        MeetingTypeSetting.objects.filter(school=school)
        | MeetingTypeSetting.objects.filter(
            local_authority_id=school.local_authority_id
        )
    )
    return resolve_types(
        la_settings=[s for s in settings if s.school_id is None],
        school_settings=[s for s in settings if s.school_id is not None],
    )


def meeting_type_for(school: School, key: str) -> MeetingType | None:
    return next((t for t in types_for_school(school) if t.key == key), None)


def carers_for_invitation(pupil: Pupil) -> list[tuple[CarerRelationship, bool, str]]:
    """Each of the pupil's parents and carers, whether they are invited by
    default, and if not, why not.

    By default every parent with parental responsibility or day-to-day care is
    invited, each in their own right. A person the school must not contact is
    never invited.
    """
    rows = []
    for relationship in pupil.carer_relationships.select_related("parent_carer"):
        if not relationship.may_contact:
            reason = "Must not be contacted" + (
                f": {relationship.contact_restriction}"
                if relationship.contact_restriction
                else ""
            )
            rows.append((relationship, False, reason))
        elif (
            relationship.has_parental_responsibility or relationship.has_day_to_day_care
        ):
            rows.append((relationship, True, ""))
        else:
            rows.append(
                (
                    relationship,
                    False,
                    "No parental responsibility or day-to-day care",
                )
            )
    return rows


def case_meetings(case: Case) -> QuerySet[Meeting]:
    """A case's meetings, newest first, with their invitations, parents, record
    and lead: a constant number of queries however many there are."""
    return (
        Meeting.objects.filter(case_id=case.pk)
        .select_related("lead", "arranged_by", "record__recorded_by", "replaced_by")
        .prefetch_related(
            Prefetch(
                "invitations",
                queryset=Invitation.objects.select_related("parent_carer"),
            )
        )
    )


def next_meeting(meetings: list[Meeting]) -> Meeting | None:
    """The soonest planned meeting of a case's meetings (those of
    ``case_meetings``) that has not yet passed."""
    now = timezone.now() - timedelta(hours=12)
    planned = [
        m for m in meetings if m.status == MeetingStatus.PLANNED and m.starts_at >= now
    ]
    return min(planned, key=lambda m: m.starts_at, default=None)


def this_episode(case: Case, meetings: list[Meeting]) -> list[Meeting]:
    """The meetings arranged since the case was opened or last reopened: only
    they count towards its checklist."""
    return [m for m in meetings if m.arranged_at >= case.episode_started_at]


def meetings_in_week(meetings: QuerySet[Meeting], day: date) -> QuerySet[Meeting]:
    """Meetings planned in the week (Monday to Sunday) that holds ``day``."""
    monday = day - timedelta(days=day.weekday())
    return meetings.filter(
        status=MeetingStatus.PLANNED,
        starts_at__date__gte=monday,
        starts_at__date__lt=monday + timedelta(days=7),
    )
