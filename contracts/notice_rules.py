"""The checks the national framework asks for before a penalty notice, and
who may take each step of a notice. Read-only: the services refuse with these
reasons, and the pages show them.

The cap and the amounts are ``contracts.rules.penalty_notice_decision``; the
age is ``cases.workflow.compulsory_school_age_reasons``. Nothing here decides
them again.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from attendance.measures import TEN_IN_TEN_CODES, TEN_IN_TEN_SESSIONS, Period
from attendance.models import RegisterMark
from cases.models import Case
from cases.permissions import LA_ROLES, case_roles
from cases.workflow import compulsory_school_age_reasons
from contracts import rules
from contracts.models import (
    NoticeToImprove,
    PenaltyNotice,
    code_of_conduct_for,
)
from contracts.notice_enums import (
    NoticeKind,
    NoticeToImproveStatus,
    PenaltyNoticeStatus,
)
from plans.attendance_targets import AttendanceGoal, Verdict, judge_goals
from plans.enums import FamilyResponse
from plans.models import SupportOffer
from schools.enums import SchoolRole
from schools.models import ParentCarer

# Who may take each step, on a case they can see (LA roles only on a case
# shared with them: ``case_roles``).
NTI_ISSUERS = frozenset({SchoolRole.ATTENDANCE_LEAD, SchoolRole.HEADTEACHER, *LA_ROLES})
REQUESTERS = frozenset({SchoolRole.ATTENDANCE_LEAD, SchoolRole.HEADTEACHER})
LA_DECIDERS = LA_ROLES


def liable_parents(case: Case) -> QuerySet[ParentCarer]:
    """The pupil's parents a notice may go to: those with parental
    responsibility or day-to-day care (a parent in law)."""
    return (
        ParentCarer.objects.filter(
            Q(relationships__has_parental_responsibility=True)
            | Q(relationships__has_day_to_day_care=True),
            relationships__pupil_id=case.pupil_id,
        )
        .distinct()
        .order_by("surname", "forename", "pk")
    )


def can_issue_notice_to_improve(user: AbstractBaseUser, case: Case) -> bool:
    return case.is_open and bool(case_roles(user, case) & NTI_ISSUERS)


def can_request_penalty_notice(user: AbstractBaseUser, case: Case) -> bool:
    return case.is_open and bool(case_roles(user, case) & REQUESTERS)


def can_decide_penalty_notice(user: AbstractBaseUser, notice: PenaltyNotice) -> bool:
    """Decide and issue: the LA's staff on the shared case, or the school's
    headteacher where the LA's code of conduct allows it."""
    roles = case_roles(user, notice.case)
    if roles & LA_DECIDERS:
        return True
    code = code_of_conduct_for(notice.case.school.local_authority)
    return code.headteacher_may_issue and SchoolRole.HEADTEACHER in roles


def can_record_penalty_outcome(user: AbstractBaseUser, notice: PenaltyNotice) -> bool:
    """Payments, withdrawal and the decision on an unpaid notice: whoever may
    issue it."""
    return can_decide_penalty_notice(user, notice)


@dataclass(frozen=True)
class Check:
    """One of the checks before a penalty notice: ``blocks`` when it stops the
    request; ``ok`` False marks something to weigh."""

    label: str
    ok: bool
    detail: str
    blocks: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


def ten_in_ten_sessions(case: Case, on: date) -> list[RegisterMark]:
    """The unauthorised sessions (G, N, O, U) in the last 10 school weeks on
    the case's school's register, oldest first: the sessions a notice rests
    on, which may cross terms and school years."""
    period = Period.for_school(case.school, on)
    return list(
        RegisterMark.objects.filter(
            pupil_id=case.pupil_id,
            school_id=case.school_id,
            date__gte=period.ten_weeks_start,
            date__lte=on,
            code__in=TEN_IN_TEN_CODES,
        ).order_by("date", "session")
    )


def penalty_history(parent: ParentCarer, case: Case) -> list[PenaltyNotice]:
    """Every notice issued to ``parent`` for the case's pupil, on any case."""
    return list(
        PenaltyNotice.objects.filter(
            parent=parent, case__pupil_id=case.pupil_id, issued_on__isnull=False
        ).order_by("issued_on", "pk")
    )


def penalty_decision(
    parent: ParentCarer, case: Case, on: date, kind: str, *, excluding=None
) -> rules.PenaltyNoticeDecision:
    previous = [
        n.as_history() for n in penalty_history(parent, case) if n.pk != excluding
    ]
    return rules.penalty_notice_decision(previous, on, kind=kind)


def notice_to_improve_progress(notices: Sequence[NoticeToImprove], today: date):
    """Each notice's target judged by the register (one query), by notice pk."""
    goals = [
        AttendanceGoal(
            key=n.pk,
            pupil_id=n.case.pupil_id,
            school_id=n.case.school_id,
            kind=n.goal_kind,
            value=n.goal_value,
            start_on=n.issued_on,
            end_on=n.ends_on,
        )
        for n in notices
    ]
    return judge_goals(goals, today=today)


def _sessions_text(marks: list[RegisterMark]) -> str:
    return ", ".join(f"{m.date:%-d %b %Y} {m.session} ({m.code})" for m in marks)


def _ledger_text(case: Case) -> tuple[bool, str]:
    offers = list(SupportOffer.objects.filter(case_id=case.pk))
    if not offers:
        return False, "No support is recorded in the support-first ledger."
    answers = Counter(o.response for o in offers)
    said = "; ".join(
        f"{label.lower()}: {answers[value]}"
        for value, label in FamilyResponse.choices
        if answers[value]
    )
    return True, (
        f"{len(offers)} offer{'s' if len(offers) != 1 else ''} of support in the "
        f"support-first ledger ({said})."
    )


def penalty_notice_checks(
    *,
    case: Case,
    parent: ParentCarer,
    kind: str,
    term_time_holiday: bool,
    on: date,
) -> list[Check]:
    """The checks before a penalty notice to ``parent`` on ``on``."""
    checks = []
    age = compulsory_school_age_reasons(case, "a penalty notice")
    checks.append(
        Check(
            "Compulsory school age",
            not age,
            age[0]
            if age
            else f"{case.pupil.display_name} is of compulsory school age.",
            blocks=bool(age),
        )
    )
    decision = penalty_decision(parent, case, on, kind)
    checks.append(
        Check(
            "Notices to this parent for this pupil",
            decision.may_issue,
            " ".join(decision.reasons),
            blocks=not decision.may_issue,
        )
    )
    if kind == NoticeKind.EXCLUSION:
        return checks
    sessions = ten_in_ten_sessions(case, on)
    met = len(sessions) >= TEN_IN_TEN_SESSIONS
    checks.append(
        Check(
            "The 10 in 10 threshold",
            met,
            (
                f"{len(sessions)} unauthorised sessions in the last 10 school weeks"
                + (f": {_sessions_text(sessions)}." if sessions else ".")
                + ("" if met else " The threshold is 10: a notice cannot be issued.")
            ),
            blocks=not met,
        )
    )
    engaged, ledger = _ledger_text(case)
    checks.append(Check("Support offered and the family's response", engaged, ledger))
    if term_time_holiday:
        checks.append(
            Check(
                "Notice to improve",
                True,
                "Not needed: the absence is an unauthorised term-time holiday.",
            )
        )
    else:
        checks.append(_nti_check(case, parent, on))
    return checks


def _nti_check(case: Case, parent: ParentCarer, on: date) -> Check:
    notice = (
        NoticeToImprove.objects.filter(case=case, parent=parent)
        .exclude(status=NoticeToImproveStatus.WITHDRAWN)
        .select_related("case")
        .first()
    )
    if notice is None:
        return Check(
            "Notice to improve",
            False,
            "No notice to improve was issued to this parent. Consider one first: "
            "it gives a last chance to engage with support.",
        )
    progress = notice_to_improve_progress([notice], on)[notice.pk]
    if progress.verdict == Verdict.MET:
        return Check(
            "Notice to improve",
            False,
            f"A notice to improve was issued on {notice.issued_on:%-d %B %Y} and its "
            f"target ({notice.goal_text()}) was met: {progress.summary}",
        )
    if progress.verdict == Verdict.MISSED:
        return Check(
            "Notice to improve",
            True,
            f"A notice to improve was issued on {notice.issued_on:%-d %B %Y}; its "
            f"target ({notice.goal_text()}) was not met: {progress.summary}",
        )
    return Check(
        "Notice to improve",
        False,
        f"A notice to improve was issued on {notice.issued_on:%-d %B %Y}; its "
        f"improvement period runs to {notice.ends_on:%-d %B %Y}, so the outcome is "
        "not known yet.",
    )


@dataclass(frozen=True)
class Clock:
    """Where an issued notice stands on its payment dates."""

    state: str  # "reduced", "full", "overdue"
    text: str

    @property
    def is_overdue(self) -> bool:
        return self.state == "overdue"


def penalty_clock(notice: PenaltyNotice, today: date) -> Clock | None:
    """The payment clock of an issued, unpaid notice; None for any other."""
    dates = notice.payment_dates()
    if notice.status != PenaltyNoticeStatus.ISSUED or dates is None:
        return None
    reduced_by, payable_by = dates

    def left(day: date) -> str:
        days = (day - today).days
        return "today is the last day" if days == 0 else f"{days} days left"

    if notice.reduced_amount is not None and today <= reduced_by:
        return Clock(
            "reduced",
            f"£{notice.reduced_amount:,.0f} if paid by {reduced_by:%-d %B %Y} "
            f"({left(reduced_by)}); £{notice.full_amount:,.0f} by "
            f"{payable_by:%-d %B %Y}.",
        )
    if today <= payable_by:
        return Clock(
            "full",
            f"£{notice.full_amount:,.0f} if paid by {payable_by:%-d %B %Y} "
            f"({left(payable_by)}).",
        )
    return Clock(
        "overdue",
        f"Not paid by {payable_by:%-d %B %Y} ({(today - payable_by).days} days "
        "ago): record it as unpaid, and the local authority decides whether to "
        "prosecute or withdraw.",
    )
