"""The letters of notices: a notice to improve and a penalty notice, each to
one parent, from the letter templates (``letters``), with their own merge
fields (``notice_to_improve`` and ``penalty_notice`` groups)."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError

from contracts.models import NoticeToImprove, PenaltyNotice, code_of_conduct_for
from contracts.notice_enums import PenaltyNoticeStatus
from contracts.notice_rules import ten_in_ten_sessions
from letters.kinds import LetterKind, register_letter_kind
from letters.models import SentLetter
from letters.services import letter_prepare

_SIGN_OFF = (
    "<p>Yours sincerely,</p>"
    "<p>{{ case_lead_name }}<br>{{ case_lead_role }}<br>{{ school_name }}</p>"
)

NOTICE_TO_IMPROVE = register_letter_kind(
    LetterKind(
        key="notice_to_improve",
        name="Notice to improve",
        description="A last chance to engage with support before a penalty notice "
        "is considered, with an improvement period and a target.",
        groups=("notice_to_improve",),
        default_subject="Notice to improve: {{ pupil_forename }}'s attendance",
        default_body=(
            "<p>{{ parent_salutation }},</p>"
            "<p>This is a notice to improve about {{ pupil_full_name }}'s "
            "attendance at {{ school_name }}. From {{ attendance_period }} "
            "{{ pupil_forename }} attended {{ attendance_percentage }} of sessions "
            "and missed {{ sessions_missed }}, {{ unauthorised_sessions }} of them "
            "without the school's authorisation. Failing to secure a child's "
            "regular attendance at school may be an offence under section 444 of "
            "the Education Act 1996.</p>"
            "<p>As a parent you have a duty, under section 7 of the Education Act "
            "1996, to make sure {{ pupil_forename }} receives a suitable "
            "full-time education. Children who attend school regularly learn "
            "more, keep their friendships and have better chances later in "
            "life.</p>"
            "<p><strong>Support so far:</strong> {{ nti_support_so_far }}</p>"
            "<p><strong>Support we now offer:</strong> {{ nti_further_support }}"
            "</p>"
            "<p><strong>What we need to see.</strong> Over the next "
            "{{ nti_period_weeks }} weeks, to {{ nti_period_end }}: "
            "{{ nti_target }}.</p>"
            "<p><strong>This is a warning.</strong> If attendance has not improved "
            "enough by {{ nti_period_end }}, the school may ask "
            "{{ local_authority_name }} to issue you with a penalty notice. Its "
            "code of conduct is published at {{ code_of_conduct_address }}.</p>"
            "<p>Please contact me to take up the support, or if anything is "
            "getting in the way.</p>" + _SIGN_OFF
        ),
    )
)

PENALTY_NOTICE = register_letter_kind(
    LetterKind(
        key="penalty_notice",
        name="Penalty notice",
        description="The penalty notice to one parent, with the amount, the dates "
        "to pay by and the sessions it rests on.",
        groups=("penalty_notice",),
        default_subject="Penalty notice: {{ pupil_forename }}'s attendance",
        default_body=(
            "<p>{{ parent_salutation }},</p>"
            "<p>This is a penalty notice issued on {{ pn_issued_date }} under "
            "section 444A of the Education Act 1996, in line with "
            "{{ pn_local_authority }}'s code of conduct, because "
            "{{ pupil_full_name }} has not attended {{ school_name }} "
            "regularly. It rests on these unauthorised sessions: "
            "{{ pn_sessions }}.</p>"
            "<p><strong>To pay:</strong> {{ pn_payment_terms }}, counted from "
            "the day you received this notice.</p>"
            "<p>Paying the penalty discharges your liability for the offence: "
            "you will not be prosecuted for these absences. If it is not paid in "
            "full by the last day, {{ pn_local_authority }} will decide whether "
            "to prosecute you for failing to secure "
            "{{ pupil_forename }}'s regular attendance, or to withdraw the "
            "notice.</p>"
            "<p>If you think this notice was issued in error, write to us "
            "straight away.</p>" + _SIGN_OFF
        ),
    )
)


def _day(day) -> str:
    return f"{day.day} {day:%B %Y}"


def notice_to_improve_letter(
    *, notice: NoticeToImprove, by: AbstractBaseUser
) -> SentLetter:
    """The notice to improve as a letter to its parent."""
    if notice.is_withdrawn:
        raise ValidationError("This notice was withdrawn: no letter goes out.")
    la = notice.case.school.local_authority
    code = code_of_conduct_for(la)
    values = {
        "nti_issued_date": _day(notice.issued_on),
        "nti_period_weeks": str(notice.improvement_weeks),
        "nti_period_end": _day(notice.ends_on),
        "nti_target": notice.goal_text(),
        "nti_support_so_far": notice.support_so_far,
        "nti_further_support": notice.further_support,
        "local_authority_name": la.name,
        "code_of_conduct_address": code.address or "its website",
    }
    return letter_prepare(
        case=notice.case,
        kind=NOTICE_TO_IMPROVE.key,
        recipient=notice.parent,
        by=by,
        values=values,
        about=notice,
    )


def _sessions(notice: PenaltyNotice) -> str:
    words = {"AM": "morning", "PM": "afternoon"}
    marks = ten_in_ten_sessions(notice.case, notice.issued_on)
    return "; ".join(
        f"{_day(m.date)} {words.get(m.session, m.session)} ({m.code})" for m in marks
    )


def penalty_notice_letter(*, notice: PenaltyNotice, by: AbstractBaseUser) -> SentLetter:
    """The issued penalty notice as a letter to its parent."""
    if notice.status != PenaltyNoticeStatus.ISSUED:
        raise ValidationError("Only an issued notice, not yet paid, is sent.")
    reduced_by, payable_by = notice.payment_dates()
    full = f"£{notice.full_amount:,.0f}"
    terms = (
        f"£{notice.reduced_amount:,.0f} if paid by {_day(reduced_by)}, or {full} "
        f"by {_day(payable_by)}"
        if notice.reduced_amount is not None
        else f"{full} by {_day(payable_by)} (this is a second notice: there is no "
        "reduced amount)"
    )
    values = {
        "pn_issued_date": _day(notice.issued_on),
        "pn_full_amount": full,
        "pn_payment_terms": terms,
        "pn_sessions": _sessions(notice) or "as recorded by the school",
        "pn_local_authority": notice.case.school.local_authority.name,
    }
    return letter_prepare(
        case=notice.case,
        kind=PENALTY_NOTICE.key,
        recipient=notice.parent,
        by=by,
        values=values,
        about=notice,
    )


def letters_about(notice) -> list[SentLetter]:
    """The letters made for one notice, newest first."""
    from django.contrib.contenttypes.models import ContentType

    return list(
        SentLetter.objects.filter(
            about_type=ContentType.objects.get_for_model(notice), about_id=notice.pk
        ).order_by("-pk")
    )
