"""Reads for the schools app. Views load pupils only through these."""

from datetime import date

from django.db.models import Q, QuerySet

from schools.ages import compulsory_dob_range
from schools.models import CarerRelationship, Pupil, PupilMove
from schools.permissions import User, record_schools, visible_pupils


def pupil_search(
    *,
    user: User,
    query: str = "",
    school_id: int | None = None,
    year_group: int | None = None,
) -> QuerySet[Pupil]:
    """Pupils the user may see, matching a name or UPN fragment, with schools loaded."""
    pupils = visible_pupils(user).select_related("school")
    # A UPN matches only where the user sees full records; otherwise searching
    # by UPN would confirm whose UPN it is to someone who may not see it.
    upn_schools = record_schools(user).values("pk")
    for term in query.split():
        pupils = pupils.filter(
            Q(legal_forename__icontains=term)
            | Q(legal_surname__icontains=term)
            | Q(preferred_forename__icontains=term)
            | Q(preferred_surname__icontains=term)
            | Q(upn__iexact=term, school__in=upn_schools)
        )
    if school_id is not None:
        pupils = pupils.filter(school_id=school_id)
    if year_group is not None:
        pupils = pupils.filter(year_group=year_group)
    return pupils.order_by("legal_surname", "legal_forename", "pk")


def pupil_carers(*, pupil: Pupil) -> QuerySet[CarerRelationship]:
    """The pupil's parents/carers in contact order."""
    return pupil.carer_relationships.select_related("parent_carer").order_by(
        "contact_priority", "pk"
    )


def pupils_left(*, user: User) -> QuerySet[PupilMove]:
    """Moves out of the schools whose full records the user sees, latest first.

    The previous school sees who left and when; not where they went (that is
    for its DSLs, on the child-protection file transfer).
    """
    return (
        PupilMove.objects.filter(from_school__in=record_schools(user).values("pk"))
        .select_related("pupil", "from_school")
        .order_by("-joined_on", "-pk")
    )


def of_compulsory_school_age(on: date) -> Q:
    """A filter for pupils of compulsory school age on ``on`` (``schools.ages``),
    as a date-of-birth range the database can apply."""
    earliest, latest = compulsory_dob_range(on)
    return Q(date_of_birth__gte=earliest, date_of_birth__lte=latest)
