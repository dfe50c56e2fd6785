"""The letters that go with meetings: their kinds and built-in text, the merge
values a meeting supplies, and preparing one letter per parent invited.

Each meeting type names the letters that go with it (``MeetingType.letters``,
by role: invitation, did not attend, ...); each role is a kind of letter in
the letters app, ``meeting_<role>``, which a school or LA may re-word in
Wagtail. The values here are plain strings built from saved data only, so the
same meeting gives the same letter.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils import timezone

from cases.case_view import once
from cases.models import Case
from letters.fields import FIELDS_BY_KEY
from letters.kinds import LetterKind, letter_kind, register_letter_kind
from letters.models import SentLetter
from letters.services import letter_prepare
from meetings.models import Meeting
from meetings.selectors import case_meetings
from meetings.types import LETTER_ROLE_NAMES, PREPARE_LABELS
from plans.enums import LIVE_PLAN_STATUSES
from plans.models import Target

_SIGN_OFF = (
    "<p>Yours sincerely,</p>"
    "<p>{{ case_lead_name }}<br>{{ case_lead_role }}<br>{{ school_name }}</p>"
)
_WHEN = (
    "<p><strong>Date:</strong> {{ meeting_date }}<br>"
    "<strong>Time:</strong> {{ meeting_time }}<br>"
    "<strong>Where:</strong> {{ meeting_place }}<br>"
    "<strong>Led by:</strong> {{ meeting_lead }}</p>"
)

KINDS = (
    LetterKind(
        key="meeting_initial_concerns",
        name="Initial concerns letter",
        description="The first letter about attendance: the school's worry, the "
        "figures, and an invitation to talk.",
        groups=("meeting",),
        default_subject="We would like to talk about {{ pupil_forename }}'s attendance",
        default_body=(
            "<p>{{ parent_salutation }},</p>"
            "<p>{{ pupil_forename }}'s attendance this school year is "
            "{{ attendance_percentage }}: {{ pupil_forename }} has missed "
            "{{ sessions_missed }} sessions (a session is a morning or an "
            "afternoon), {{ unauthorised_sessions }} of them without the "
            "school's authorisation. This is below what we expect, and we are "
            "worried that it will affect {{ pupil_forename }}'s learning.</p>"
            "<p>We would like to meet you to understand what is happening and "
            "how we can help:</p>" + _WHEN + "<p>If this time does not suit "
            "you, please contact us and we will find another.</p>" + _SIGN_OFF
        ),
    ),
    LetterKind(
        key="meeting_invitation",
        name="Meeting invitation",
        description="Invites one parent or carer to a meeting about attendance.",
        groups=("meeting",),
        default_subject="Invitation: {{ meeting_type }} about {{ pupil_forename }}",
        default_body=(
            "<p>{{ parent_salutation }},</p>"
            "<p>I would like to invite you to a {{ meeting_type }} about "
            "{{ pupil_forename }}'s attendance at school.</p>" + _WHEN + "<p>"
            "{{ pupil_forename }}'s attendance this school year is "
            "{{ attendance_percentage }}. At the meeting we will look at the "
            "reasons for the absences, what is going well, and agree together "
            "what the school, you and {{ pupil_forename }} will do next. You are "
            "welcome to bring someone with you.</p>"
            "<p>Please let us know that you can come. If the time does not suit "
            "you, contact {{ case_lead_name }} on {{ school_phone }} or at "
            "{{ case_lead_email }} and we will arrange another.</p>" + _SIGN_OFF
        ),
    ),
    LetterKind(
        key="meeting_did_not_attend",
        name="Did not attend",
        description="To a parent who did not come to a meeting they were invited to.",
        groups=("meeting",),
        default_subject="The {{ meeting_type }} about {{ pupil_forename }}",
        default_body=(
            "<p>{{ parent_salutation }},</p>"
            "<p>You were invited to a {{ meeting_type }} about "
            "{{ pupil_forename }}'s attendance on {{ meeting_date }} at "
            "{{ meeting_time }}. You did not come to the meeting and we did not "
            "hear from you beforehand.</p>"
            "<p>{{ pupil_forename }}'s attendance this school year is "
            "{{ attendance_percentage }}, and it is important that we talk about "
            "it. We will send you an invitation to another meeting. If there is "
            "something that makes it hard for you to come to school for a "
            "meeting, please tell us: we can meet at another time, by phone or "
            "online.</p>"
            "<p>If attendance does not improve and we cannot work together on "
            "it, the school may need to ask the local authority for more formal "
            "support, which can include legal action.</p>" + _SIGN_OFF
        ),
    ),
    LetterKind(
        key="meeting_targets_confirmation",
        name="Targets confirmation",
        description="Confirms the actions and targets agreed at a meeting.",
        groups=("meeting", "record"),
        default_subject="What we agreed about {{ pupil_forename }}'s attendance",
        default_body=(
            "<p>{{ parent_salutation }},</p>"
            "<p>Thank you for meeting us on {{ meeting_date }}. This letter "
            "confirms what we agreed at the {{ meeting_type }} to help "
            "{{ pupil_forename }} attend school well:</p>"
            "<p>{{ agreed_actions }}</p>"
            "<p>We will keep checking {{ pupil_forename }}'s attendance and meet "
            "again to review how things are going. If anything changes, or you "
            "need help with any of these actions, please contact "
            "{{ case_lead_name }}.</p>" + _SIGN_OFF
        ),
    ),
    LetterKind(
        key="meeting_targets_met",
        name="Targets met",
        description="Tells a parent the attendance targets have been met.",
        groups=("meeting", "targets"),
        default_subject="{{ pupil_forename }}'s attendance has improved",
        default_body=(
            "<p>{{ parent_salutation }},</p>"
            "<p>I am pleased to tell you that {{ pupil_forename }} has met the "
            "targets we agreed together:</p>"
            "<p>{{ plan_targets }}</p>"
            "<p>{{ pupil_forename }}'s attendance this school year is now "
            "{{ attendance_percentage }}. Thank you for your support. We will "
            "keep an eye on attendance, and please get in touch if you need "
            "anything from us.</p>" + _SIGN_OFF
        ),
    ),
    LetterKind(
        key="meeting_minutes",
        name="Meeting minutes",
        description="The record of a meeting, sent to every parent invited, "
        "whether or not they came.",
        groups=("meeting", "record"),
        default_subject="Notes of the {{ meeting_type }} on {{ meeting_date }}",
        default_body=(
            "<p>{{ parent_salutation }},</p>"
            "<p>Here are the notes of the {{ meeting_type }} about "
            "{{ pupil_forename }} held on {{ meeting_date }}.</p>"
            "<p><strong>Who came:</strong> {{ meeting_attended_by }}</p>"
            "<p>{{ meeting_summary }}</p>"
            "<p><strong>Actions agreed:</strong><br>{{ agreed_actions }}</p>"
            "<p>If you think anything here is wrong or missing, please tell "
            "{{ case_lead_name }} so that we can correct the record.</p>" + _SIGN_OFF
        ),
    ),
)
KIND_BY_ROLE = {kind.key.removeprefix("meeting_"): kind.key for kind in KINDS}
if set(KIND_BY_ROLE) != set(LETTER_ROLE_NAMES):
    raise ImproperlyConfigured("Every meeting letter role needs its kind of letter.")


def _in_a_sentence(name: str) -> str:
    """A meeting type's name inside a sentence: "initial concerns meeting",
    but "ESO review" and "SAM" keep their capitals."""
    first = name.split(" ", 1)[0]
    if len(first) > 1 and first[1].isupper():
        return name
    return name[:1].lower() + name[1:]


def register_kinds() -> None:
    for kind in KINDS:
        register_letter_kind(kind)


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "the school"


def _action_line(action) -> str:
    when = f"by {action.by_when:%-d %B %Y}" if action.by_when else ""
    detail = ", ".join(part for part in (action.who, when) if part)
    return f"• {action.action}" + (f" ({detail})" if detail else "")


def meeting_values(meeting: Meeting) -> dict[str, str]:
    """The merge values a meeting supplies (the ``meeting``, ``record`` and
    ``targets`` groups), from saved data only."""
    when = timezone.localtime(meeting.starts_at)
    values = {
        "meeting_type": _in_a_sentence(meeting.type_name),
        "meeting_date": f"{when:%A} {when.day} {when:%B %Y}",
        "meeting_time": when.strftime("%-I:%M%p").lower().replace(":00", ""),
        "meeting_place": meeting.place
        if meeting.format == "in_person"
        else f"{meeting.get_format_display().lower()}: {meeting.place}",
        "meeting_lead": _person(meeting.lead),
    }
    record = getattr(meeting, "record", None) if meeting.is_held else None
    if record is not None:
        came = [str(i.parent_carer) for i in meeting.invitations.all() if i.attended]
        others = [line.strip() for line in record.others_present.splitlines()]
        values["meeting_attended_by"] = (
            "; ".join([*came, *(o for o in others if o)]) or "Nobody recorded"
        ) + (
            ""
            if came or not meeting.invitations.all()
            else " (the parents did not attend)"
        )
        summary = []
        for area, worries, going_well, next_steps in record.grid_rows():
            parts = [
                f"{label}: {text}"
                for label, text in (
                    ("What we are worried about", worries),
                    ("What is going well", going_well),
                    ("Next steps", next_steps),
                )
                if text
            ]
            if parts:
                summary.append(f"{area}. " + " ".join(parts))
        if record.parent_voice:
            summary.append(f"What you told us: {record.parent_voice}")
        if record.impact_on_learning_discussed:
            summary.append(
                "We talked about how missing school affects learning"
                + (
                    f": {record.impact_on_learning_note}"
                    if record.impact_on_learning_note
                    else "."
                )
            )
        values["meeting_summary"] = "\n".join(summary) or "No notes were recorded."
        actions = [_action_line(action) for action in record.actions.all()]
        values["agreed_actions"] = "\n".join(actions) or "No actions were agreed."
    targets = Target.objects.filter(
        plan__case_id=meeting.case_id, plan__status__in=LIVE_PLAN_STATUSES
    ).order_by("plan_id", "pk")
    values["plan_targets"] = (
        "\n".join(
            f"• {t.achieve} ({t.get_achieved_display().lower()})" for t in targets
        )
        or "The targets of the plan."
    )
    return values


def letters_of(meetings: list[Meeting]) -> dict[int, list[SentLetter]]:
    """Each meeting's letters, by meeting pk, in one query."""
    from django.contrib.contenttypes.models import ContentType

    found: dict[int, list[SentLetter]] = {m.pk: [] for m in meetings}
    if not meetings:
        return found
    letters = (
        SentLetter.objects.filter(
            about_type=ContentType.objects.get_for_model(Meeting),
            about_id__in=list(found),
        )
        .select_related("recipient")
        .order_by("prepared_at", "pk")
    )
    for letter in letters:
        found[letter.about_id].append(letter)
    return found


@dataclass(frozen=True)
class LetterRow:
    """One of a meeting's letter roles, with the letters prepared for it."""

    role: str
    name: str
    letters: list
    can_prepare: bool
    why_not: str = ""

    @property
    def prepare_label(self) -> str:
        return PREPARE_LABELS[self.role]


def letter_rows(meeting: Meeting) -> list[LetterRow]:
    """The meeting type's letters in order, each with what has been prepared
    and sent, and whether it can be prepared now (and if not, why not)."""
    letters = letters_of([meeting])[meeting.pk]
    rows = []
    for role in meeting.type_letters:
        kind = KIND_BY_ROLE.get(role)
        why_not = _why_not(meeting, role)
        rows.append(
            LetterRow(
                role=role,
                name=LETTER_ROLE_NAMES.get(role, role),
                letters=[letter for letter in letters if letter.kind == kind],
                can_prepare=not why_not,
                why_not=why_not,
            )
        )
    return rows


def _why_not(meeting: Meeting, role: str) -> str:
    """Why a letter of this role cannot be prepared for the meeting now."""
    if role not in meeting.type_letters:
        return (
            f"A {_in_a_sentence(meeting.type_name)} has no "
            f"{LETTER_ROLE_NAMES.get(role, role).lower()} letter."
        )
    if not meeting.invitations.all():
        return "Nobody was invited to this meeting, so there is nobody to write to."
    if (
        role in ("minutes", "targets_confirmation", "targets_met")
        and not meeting.is_held
    ):
        return "Record the meeting first."
    if role == "did_not_attend" and meeting.status != "parents_did_not_attend":
        return "Only after a meeting the parents did not attend."
    if role in ("invitation", "initial_concerns") and not meeting.is_planned:
        return "Only while the meeting is planned."
    return ""


def minutes_not_sent(meetings: list[Meeting]) -> list[Meeting]:
    """Held meetings with parents invited whose minutes have not been sent to
    every one of them."""
    held = [m for m in meetings if m.is_held and m.invitations.all()]
    letters = letters_of(held)
    missing = []
    for meeting in held:
        sent_to = {
            letter.recipient_id
            for letter in letters[meeting.pk]
            if letter.kind == KIND_BY_ROLE["minutes"] and letter.sent_at
        }
        if {i.parent_carer_id for i in meeting.invitations.all()} - sent_to:
            missing.append(meeting)
    return missing


def minutes_outstanding(case: Case) -> list[Meeting]:
    """Held meetings whose minutes have not gone to every parent invited, read
    once per view of the case (the panel and the checklist both ask)."""
    return once(
        case,
        "minutes_outstanding",
        lambda: minutes_not_sent(
            once(case, "meetings", lambda: list(case_meetings(case)))
        ),
    )


@transaction.atomic
def meeting_letters_prepare(
    *, meeting: Meeting, role: str, by: AbstractBaseUser
) -> list[SentLetter]:
    """One letter of this role for each parent invited to the meeting (the
    did-not-attend letter only to those who did not come). Reads the
    meeting again, so the letters are written from what is saved."""
    meeting = Meeting.objects.select_related("case", "lead", "record").get(
        pk=meeting.pk
    )
    why_not = _why_not(meeting, role)
    if why_not:
        raise ValidationError(why_not)
    invitations = list(meeting.invitations.select_related("parent_carer"))
    if role == "did_not_attend":
        invitations = [i for i in invitations if not i.attended]
    if not invitations:
        raise ValidationError(
            "Nobody was invited to this meeting, so there is nobody to write to."
        )
    groups = letter_kind(KIND_BY_ROLE[role]).groups
    values = {
        key: value
        for key, value in meeting_values(meeting).items()
        if FIELDS_BY_KEY[key].group in groups
    }
    return [
        letter_prepare(
            case=meeting.case,
            kind=KIND_BY_ROLE[role],
            recipient=invitation.parent_carer,
            by=by,
            values=values,
            about=meeting,
        )
        for invitation in invitations
    ]
