"""Reads for the LA workspace's joint approaches and siblings."""

from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.http import Http404

from attendance.figures import figures_ensure_many
from attendance.measures import SEVERE_ABSENCE, academic_year_start
from attendance.selectors import with_own_school_figures
from cases.case_view import once
from cases.enums import Stage
from cases.models import Case
from la_workspace.models import JointApproach, SiblingSchoolContact
from la_workspace.rules import attendance_band
from schools.models import LocalAuthority, Pupil, School
from schools.permissions import (
    User,
    local_authorities_with_permission,
    visible_pupils,
)
from schools.roles import MANAGE_LA_WORK
from schools.selectors import of_compulsory_school_age


def chosen_local_authority(
    las: list[LocalAuthority], wanted: str | None
) -> tuple[LocalAuthority, list[LocalAuthority]]:
    """The LA a page asks for (``?la=<pk>``) among the user's ``las``, or the
    first when none is asked for; Http404 when the user has none, or asks for
    one that is not theirs (never a 403 that would confirm it exists)."""
    if not las:
        raise Http404("No local authority for this user here.")
    if not wanted:
        return las[0], las
    chosen = next((la for la in las if str(la.pk) == wanted), None)
    if chosen is None:
        raise Http404("Not one of the user's local authorities.")
    return chosen, las


def managed_local_authorities(user: User) -> QuerySet[LocalAuthority]:
    """The LAs whose work (joint approaches, settings) the user runs."""
    return local_authorities_with_permission(user, MANAGE_LA_WORK)


def severely_absent_pupils(
    local_authority: LocalAuthority, *, as_of: date, school_id: int | None = None
) -> QuerySet[Pupil]:
    """The LA's severely absent pupils of compulsory school age, with the date
    of the joint approach agreed for each in this academic year (or None).

    One query once the figures are current; the caller ensures them
    (``ensure_la_figures``).
    """
    pupils = Pupil.objects.filter(school__local_authority=local_authority).filter(
        of_compulsory_school_age(as_of)
    )
    if school_id is not None:
        pupils = pupils.filter(school_id=school_id)
    latest = JointApproach.objects.filter(
        pupil=OuterRef("pk"), school_agreed_on__gte=academic_year_start(as_of)
    ).order_by("-recorded_at", "-pk")
    return (
        with_own_school_figures(pupils)
        .filter(SEVERE_ABSENCE)
        .annotate(
            joint_approach_pk=Subquery(latest.values("pk")[:1]),
            joint_approach_review_on=Subquery(latest.values("review_on")[:1]),
        )
        .select_related("school")
        .order_by("school__name", "legal_surname", "legal_forename", "pk")
    )


def ensure_la_figures(local_authority: LocalAuthority, *, as_of: date) -> None:
    """Make the list figures of every school of the LA current."""
    figures_ensure_many(
        schools=list(School.objects.filter(local_authority=local_authority)),
        as_of=as_of,
    )


@dataclass(frozen=True)
class JointApproachCounts:
    severely_absent: int
    without: int


def joint_approach_counts(
    local_authority: LocalAuthority, *, as_of: date
) -> JointApproachCounts:
    """How many of the LA's severely absent pupils of compulsory school age
    there are, and how many have no joint approach this year: one query once
    the figures are current."""
    counts = severely_absent_pupils(local_authority, as_of=as_of).aggregate(
        severely_absent=Count("pk"),
        without=Count("pk", filter=Q(joint_approach_pk__isnull=True)),
    )
    return JointApproachCounts(**counts)


def joint_approaches_of(pupil: Pupil) -> QuerySet[JointApproach]:
    return pupil.joint_approaches.select_related("school", "case", "recorded_by")


def open_case_of(pupil: Pupil) -> Case | None:
    return (
        Case.objects.filter(pupil=pupil)
        .exclude(stage=Stage.CLOSED)
        .select_related("school__local_authority")
        .first()
    )


# --- Siblings across schools ---------------------------------------------------


@dataclass(frozen=True)
class Sibling:
    """A sibling as this user may see them: everything, or only that they exist."""

    visible: bool
    pupil: Pupil | None = None
    school_id: int | None = None  # only when visible
    band: str = ""
    open_case: bool = False
    same_school: bool = False


def siblings_in_la(pupil: Pupil) -> QuerySet[Pupil]:
    """The pupil's siblings on roll at any school of the pupil's LA."""
    if pupil.family_id is None:
        return Pupil.objects.none()
    return Pupil.objects.filter(
        family_id=pupil.family_id,
        school__local_authority_id=pupil.school.local_authority_id,
    ).exclude(pk=pupil.pk)


def sibling_rows(pupil: Pupil) -> list[tuple[int, int]]:
    """(pupil id, school id) of each of the pupil's siblings at the LA's schools."""
    return list(siblings_in_la(pupil).values_list("pk", "school_id"))


def siblings_for(
    *,
    user: User,
    pupil: Pupil,
    as_of: date,
    rows: list[tuple[int, int]] | None = None,
) -> list[Sibling]:
    """The pupil's siblings at the LA's schools, as the user may see them.

    A sibling the user may see (their own school's pupils; every pupil of the
    LA for its staff) shows with their school, attendance band and whether
    they have an open case; any other shows only as "a sibling at another
    school". A sibling at another LA's school is never shown. Three queries
    once the figures are current, whatever the number of siblings.
    """
    siblings = sibling_rows(pupil) if rows is None else rows
    if not siblings:
        return []
    visible_ids = set(
        visible_pupils(user)
        .filter(pk__in=[pk for pk, _ in siblings])
        .values_list("pk", flat=True)
    )
    shown: list[Sibling] = []
    if visible_ids:
        schools = {school for pk, school in siblings if pk in visible_ids}
        figures_ensure_many(
            schools=list(School.objects.filter(pk__in=schools)), as_of=as_of
        )
        rows = (
            with_own_school_figures(Pupil.objects.filter(pk__in=visible_ids))
            .annotate(
                has_open_case=Exists(
                    Case.objects.filter(pupil=OuterRef("pk")).exclude(
                        stage=Stage.CLOSED
                    )
                )
            )
            .select_related("school")
            .order_by("date_of_birth", "pk")
        )
        shown = [
            Sibling(
                visible=True,
                pupil=row,
                school_id=row.school_id,
                band=attendance_band(possible=row.possible, attended=row.attended),
                open_case=row.has_open_case,
                same_school=row.school_id == pupil.school_id,
            )
            for row in rows
        ]
    return shown + [Sibling(visible=False)] * (len(siblings) - len(visible_ids))


@dataclass(frozen=True)
class CaseSiblings:
    family_recorded: bool
    rows: list[tuple[int, int]]  # (pupil id, school id) of each sibling


def _read_case_siblings(case: Case) -> CaseSiblings:
    """The case pupil's family and siblings at the LA's schools in one query:
    the pupil's own row, and every row of the same family in the same LA."""
    own = Pupil.objects.filter(pk=case.pupil_id)
    found = list(
        Pupil.objects.filter(
            Q(pk=case.pupil_id)
            | Q(
                family_id=Subquery(own.values("family_id")),
                school__local_authority_id=Subquery(
                    own.values("school__local_authority_id")
                ),
            )
        ).values_list("pk", "school_id", "family_id")
    )
    family = next((f for pk, _, f in found if pk == case.pupil_id), None)
    return CaseSiblings(
        family_recorded=family is not None,
        rows=[(pk, school) for pk, school, _ in found if pk != case.pupil_id],
    )


def case_siblings(case: Case) -> CaseSiblings:
    """The case pupil's family and siblings, read once per view of the case."""
    return once(case, "case_siblings", lambda: _read_case_siblings(case))


def sibling_school_ids(case: Case) -> set[int]:
    """The other schools of the LA where the case pupil's siblings are on roll."""
    return {s for _, s in case_siblings(case).rows if s != case.school_id}


def sibling_school_contacts(case: Case) -> list[SiblingSchoolContact]:
    """The contacts recorded in the case's current episode with the schools of
    the pupil's siblings, read once per view of the case (none to read when no
    sibling is at another school)."""

    def read() -> list[SiblingSchoolContact]:
        if not sibling_school_ids(case):
            return []
        return list(
            case.sibling_school_contacts.filter(
                recorded_at__gte=case.episode_started_at
            ).select_related("school", "recorded_by")
        )

    return once(case, "sibling_school_contacts", read)
