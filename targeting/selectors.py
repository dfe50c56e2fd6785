"""Reads for targeting support: the meetings a user may see (the only way the
views load one), the LA's list of its schools for this term, and the pack.

The pack is computed when asked, from the measures (the school's list figures,
made current by ``figures_ensure``), in a fixed number of queries however many
pupils, cases or actions the school has. Its pupil rows carry only a name, a
year group and attendance figures: never a date of birth, UPN or address.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.http import Http404

from attendance.figures import figures_ensure
from attendance.measures import SEVERE_ABSENCE, rate_percent
from attendance.overview import SchoolOverview, school_overview
from attendance.selectors import at_risk_upper, staff_list, with_list_figures
from cases.enums import OPEN_STAGES, Stage
from cases.models import Case
from cases.selectors import stage_counts, visible_cases
from schools.enums import YearGroup
from schools.models import Pupil, School
from targeting.enums import ActionStatus, MeetingStatus
from targeting.models import PupilToDiscuss, TargetingAction, TargetingMeeting
from targeting.permissions import arrangeable_schools, meeting_scope, school_side_ids
from targeting.rules import TermRef, meeting_status, term_of

PUPIL_FIELDS = (
    "legal_forename",
    "legal_surname",
    "preferred_forename",
    "preferred_surname",
    "year_group",
)


def visible_meetings(user: AbstractBaseUser) -> QuerySet[TargetingMeeting]:
    """Every meeting the user may see, with its school and LA loaded."""
    scope = meeting_scope(user)
    if scope is None:
        return TargetingMeeting.objects.none()
    return TargetingMeeting.objects.filter(scope).select_related(
        "school__local_authority", "created_by", "recorded_by"
    )


def meeting_or_404(user: AbstractBaseUser, pk: int) -> TargetingMeeting:
    """The meeting asked for, or a 404 when it is out of the user's scope."""
    meeting = visible_meetings(user).filter(pk=pk).first()
    if meeting is None:
        raise Http404("No such meeting.")
    return meeting


def earlier_than(ref: TermRef) -> Q:
    """Meetings of terms before ``ref``."""
    return Q(year_start__lt=ref.year_start) | Q(
        year_start=ref.year_start, term__lt=ref.term
    )


# --- The lists --------------------------------------------------------------


@dataclass(frozen=True)
class SchoolTerm:
    """One of the LA's schools and where this term's meeting stands."""

    school: School
    meeting: TargetingMeeting | None
    status: MeetingStatus


def la_schools_this_term(user: AbstractBaseUser, today: date) -> list[SchoolTerm]:
    """Each school of the user's LAs with its meeting for this term (two
    queries, whatever the number of schools)."""
    ref = term_of(today)
    schools = list(
        arrangeable_schools(user)
        .select_related("local_authority")
        .order_by("local_authority__name", "name")
    )
    meetings = {
        m.school_id: m
        for m in TargetingMeeting.objects.filter(
            school__in=[s.pk for s in schools],
            year_start=ref.year_start,
            term=ref.term,
        )
    }
    rows = []
    for school in schools:
        meeting = meetings.get(school.pk)
        status = meeting_status(
            arranged=meeting is not None,
            held_on=meeting.held_on if meeting else None,
        )
        rows.append(SchoolTerm(school, meeting, status))
    return rows


EARLIER_MEETINGS_SHOWN = 60


def la_earlier_meetings(
    user: AbstractBaseUser, today: date
) -> QuerySet[TargetingMeeting]:
    """Meetings of the user's LAs' schools in earlier terms, latest term
    first (one query): where last term's record and actions are found."""
    ref = term_of(today)
    return (
        TargetingMeeting.objects.filter(school__in=arrangeable_schools(user))
        .exclude(year_start=ref.year_start, term=ref.term)
        .select_related("school")
        .order_by("-year_start", "-term", "school__name")[:EARLIER_MEETINGS_SHOWN]
    )


def school_side_meetings(user: AbstractBaseUser) -> QuerySet[TargetingMeeting]:
    """The meetings of the schools where the user is the headteacher or
    attendance lead, latest term first."""
    return (
        TargetingMeeting.objects.filter(school_id__in=school_side_ids(user))
        .select_related("school")
        .order_by("school__name", "-year_start", "-term")
    )


# --- The pack ---------------------------------------------------------------


@dataclass(frozen=True)
class PackPupil:
    """A pupil as the pack shows them: name, year group and figures only."""

    pk: int
    name: str
    year_group: str
    rate: Decimal | None
    possible: int
    absent: int
    unauthorised_in_10_weeks: int


def _pack_pupil(pupil: Pupil) -> PackPupil:
    return PackPupil(
        pk=pupil.pk,
        name=pupil.display_name,
        year_group=YearGroup(pupil.year_group).label,
        rate=rate_percent(pupil.attended, pupil.possible),
        possible=pupil.possible,
        absent=pupil.absent,
        unauthorised_in_10_weeks=pupil.unauthorised_in_10_weeks,
    )


@dataclass(frozen=True)
class PackList:
    key: str
    title: str
    description: str
    pupils: list[PackPupil]


@dataclass(frozen=True)
class DiscussRow:
    item: PupilToDiscuss
    year_group: str
    rate: Decimal | None
    stage: str


@dataclass(frozen=True)
class ActionRow:
    action: TargetingAction
    to_review: bool  # still open from an earlier term and not carried on
    carried_into: TermRef | None


@dataclass
class Pack:
    meeting: TargetingMeeting
    as_of: date
    figures: SchoolOverview
    at_risk_upper: Decimal
    lists: list[PackList]
    open_cases: list[tuple[str, int]]
    to_discuss: list[DiscussRow]
    earlier_actions: list[ActionRow]
    actions: list[TargetingAction] = field(default_factory=list)

    @property
    def open_cases_total(self) -> int:
        return sum(count for _label, count in self.open_cases)

    @property
    def to_review(self) -> list[TargetingAction]:
        return [row.action for row in self.earlier_actions if row.to_review]


def _pupil_lists(school: School, as_of: date, upper: Decimal) -> list[PackList]:
    def rows(key: str, narrow=None) -> list[PackPupil]:
        pupils = staff_list(
            school=school,
            key=key,
            as_of=as_of,
            filters={},
            at_risk_upper_percent=upper,
        ).only(*PUPIL_FIELDS)
        if narrow is not None:
            pupils = narrow(pupils)
        return [_pack_pupil(p) for p in pupils]

    return [
        PackList(
            "severe",
            "Severely absent",
            "Absent from 50 % or more of their possible sessions this year.",
            rows("severe"),
        ),
        PackList(
            "persistent",
            "Persistently absent, not severely",
            "Absent from 10 % or more, and less than 50 %, of their possible "
            "sessions this year.",
            rows("persistent", lambda q: q.exclude(SEVERE_ABSENCE)),
        ),
        PackList(
            "at-risk",
            "At risk of persistent absence",
            f"Attending more than 90 % and no more than {upper} % (the school's band).",
            rows("at-risk"),
        ),
        PackList(
            "ten-in-ten",
            "10 in 10 threshold met",
            "Pupils of compulsory school age with 10 or more unauthorised "
            "sessions in the last 10 school weeks: a penalty notice must be "
            "considered, not necessarily issued.",
            rows("ten-in-ten"),
        ),
    ]


def _to_discuss(meeting: TargetingMeeting) -> list[DiscussRow]:
    items = list(
        PupilToDiscuss.objects.filter(meeting=meeting).select_related(
            "pupil", "case", "added_by"
        )
    )
    figures = {
        p.pk: rate_percent(p.attended, p.possible)
        for p in with_list_figures(
            Pupil.objects.filter(pk__in=[i.pupil_id for i in items]), meeting.school
        ).only("pk")
    }
    return [
        DiscussRow(
            item=item,
            year_group=YearGroup(item.pupil.year_group).label,
            rate=figures.get(item.pupil_id),
            stage=Stage(item.case.stage).label if item.case else "",
        )
        for item in items
    ]


def earlier_actions(meeting: TargetingMeeting) -> list[ActionRow]:
    """The actions of the school's latest earlier meeting, whatever their
    status, and every action of an earlier term still open and not carried
    on: those the meeting reviews (two queries)."""
    ref = meeting.term_ref
    earlier = TargetingMeeting.objects.filter(school_id=meeting.school_id).filter(
        earlier_than(ref)
    )
    latest = earlier.order_by("-year_start", "-term").values("pk")[:1]
    actions = (
        TargetingAction.objects.filter(meeting__in=earlier)
        .filter(
            Q(meeting__in=latest) | Q(status=ActionStatus.OPEN, carried_to__isnull=True)
        )
        .select_related("meeting", "carried_to__meeting")
        .order_by("meeting__year_start", "meeting__term", "due_on", "pk")
    )
    rows = []
    for action in actions:
        carried = getattr(action, "carried_to", None)
        rows.append(
            ActionRow(
                action=action,
                to_review=action.status == ActionStatus.OPEN and carried is None,
                carried_into=carried.meeting.term_ref if carried else None,
            )
        )
    return rows


def pack(meeting: TargetingMeeting, *, as_of: date) -> Pack:
    """The meeting's pack, its figures as of ``as_of``.

    Side effects: makes the school's list figures current (``figures_ensure``).
    """
    school = meeting.school
    figures_ensure(school=school, as_of=as_of)
    upper = at_risk_upper(school)
    counts = stage_counts(Case.objects.filter(school=school))
    return Pack(
        meeting=meeting,
        as_of=as_of,
        figures=school_overview(school=school, as_of=as_of),
        at_risk_upper=upper,
        lists=_pupil_lists(school, as_of, upper),
        open_cases=[(stage.label, counts[stage.value]) for stage in OPEN_STAGES],
        to_discuss=_to_discuss(meeting),
        earlier_actions=earlier_actions(meeting),
        actions=list(
            TargetingAction.objects.filter(meeting=meeting).select_related(
                "carried_from__meeting"
            )
        ),
    )


# --- Choices for the forms --------------------------------------------------


def pupils_to_choose(meeting: TargetingMeeting) -> QuerySet[Pupil]:
    """The school's pupils, by name, for the list to discuss."""
    return Pupil.objects.filter(school_id=meeting.school_id).only(*PUPIL_FIELDS)


def cases_to_choose(
    user: AbstractBaseUser, meeting: TargetingMeeting
) -> QuerySet[Case]:
    """The school's open cases the user may see (the school's own, or those
    shared with the LA), for the list to discuss."""
    return (
        visible_cases(user)
        .filter(school_id=meeting.school_id, stage__in=OPEN_STAGES)
        .select_related("pupil")
        .order_by("pupil__legal_surname", "pupil__legal_forename", "pk")
    )
