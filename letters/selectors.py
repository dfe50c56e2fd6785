"""Reads: which text a letter uses, and the letters a user may see."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from cases.models import Case
from cases.selectors import visible_cases
from letters.kinds import letter_kind
from letters.models import LetterTemplate, SentLetter
from schools.models import School


@dataclass(frozen=True)
class ChosenTemplate:
    """The text a letter is made from; no pk for the kind's built-in text."""

    subject: str
    body: str
    template_pk: int | None
    revision_pk: int | None

    @property
    def built_in(self) -> bool:
        return self.template_pk is None


def template_for(kind_key: str, school: School) -> ChosenTemplate:
    """The most specific text for a kind of letter at a school: the school's
    own template, else its local authority's, else the kind's built-in text.
    ``KeyError`` for a kind nobody registered. One query."""
    kind = letter_kind(kind_key)
    templates = {
        ("school" if t.school_id else "la"): t
        for t in LetterTemplate.objects.filter(kind=kind_key).filter(
            Q(school_id=school.pk) | Q(local_authority_id=school.local_authority_id)
        )
    }
    chosen = templates.get("school") or templates.get("la")
    if chosen is None:
        return ChosenTemplate(kind.default_subject, kind.default_body, None, None)
    return ChosenTemplate(
        chosen.subject, chosen.body, chosen.pk, chosen.latest_revision_id
    )


def visible_letters(user) -> QuerySet[SentLetter]:
    """The letters of every case the user may see."""
    return SentLetter.objects.filter(case__in=visible_cases(user))


def case_letters(case: Case) -> QuerySet[SentLetter]:
    """A case's letters, newest first, with what their list shows."""
    return SentLetter.objects.filter(case=case).select_related(
        "prepared_by", "sent_by", "template"
    )


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def letters_prepared_on(user, day: date) -> QuerySet[SentLetter]:
    """The letters prepared on ``day`` (local time) on cases the user may see,
    oldest first: the day's print run."""
    start, end = _day_bounds(day)
    return (
        visible_letters(user)
        .filter(prepared_at__gte=start, prepared_at__lt=end)
        .select_related("case__pupil")
        .order_by("prepared_at", "pk")
    )


def waiting_letters_prepared_by(user) -> QuerySet[SentLetter]:
    """Letters the user prepared, on cases they may still see, not yet sent."""
    return (
        visible_letters(user)
        .filter(prepared_by_id=user.pk, sent_at__isnull=True)
        .select_related("case__pupil")
        .order_by("prepared_at", "pk")
    )
