"""Demo meeting histories, through the meetings and letters services.

Every demo case that reached early help got there through meetings: an
initial concerns meeting the parents did not attend (with its did-not-attend
letter to each parent), then a second meeting where a parent came, recorded
with the grid filled in and the minutes sent to every parent invited. Each
parent gets their own invitation and letters. Called from ``demo.cases`` as
the case is built, so the chronology reads in order.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from cases.models import Case
from demo.clock import days_ago
from letters.models import LetterTemplate
from letters.services import letter_send
from meetings import services
from meetings.letters import meeting_letters_prepare
from meetings.selectors import carers_for_invitation
from meetings.services import ActionAgreed
from schools.models import School


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() - timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def send_all(letters, by) -> None:
    for letter in letters:
        how = "email" if letter.recipient.email else "post"
        letter_send(letter=letter, how=how, by=by)


AGREED = (
    ("Breakfast club place from next Monday", "Attendance lead"),
    ("Morning check-in with the learning mentor", "Learning mentor"),
    ("Mum to call the school by 9am on any day of absence", "Mum"),
)


def demo_meeting_history(case: Case, *, by, lead, held_days_ago: int) -> bool:
    """Two meetings before early help: the first missed, the second held
    ``held_days_ago`` days ago, which is the meeting the early help rule
    reads. False, with nothing written, for a pupil with no parent to invite.
    """
    parents = [
        rel.parent_carer
        for rel, invited, _ in carers_for_invitation(case.pupil)
        if invited
    ]
    if not parents:
        return False
    first_day = held_days_ago + 9
    # The meetings' times, worked out before travelling back in time.
    first_at, second_at = _at(first_day, 9, 30), _at(held_days_ago, 15, 45)
    with days_ago(first_day + 7):
        first = services.meeting_arrange(
            case=case,
            by=by,
            type_key="initial_concerns",
            starts_at=first_at,
            place="Meeting room 2, main reception",
            parents=parents,
            lead=lead,
        )
        send_all(meeting_letters_prepare(meeting=first, role="invitation", by=by), by)
    with days_ago(first_day, 11):
        services.meeting_record(
            meeting=first,
            by=by,
            attended={},
            others_present=f"{lead.get_full_name()}, lead practitioner",
            additional_information="Nobody came and the family did not call. "
            "A message was left on the mother's mobile.",
        )
        for role in ("did_not_attend", "minutes"):
            # The minutes go whether or not the parents came.
            send_all(meeting_letters_prepare(meeting=first, role=role, by=by), by)
        second = services.meeting_arrange(
            case=case,
            by=by,
            type_key="initial_concerns",
            starts_at=second_at,
            place="the link is in the email invitation",
            format="online",
            parents=parents,
            lead=lead,
            second_offer_of=first,
        )
        # The second invitation by phone, as the first letter went unanswered.
        for invitation in second.invitations.all():
            services.invitation_update(invitation=invitation, by=by, sent_how="phone")
    with days_ago(held_days_ago, 17):
        invitations = list(second.invitations.all())
        services.meeting_record(
            meeting=second,
            by=by,
            attended={inv.pk: index == 0 for index, inv in enumerate(invitations)},
            others_present=f"{lead.get_full_name()}, lead practitioner\nForm tutor",
            services_involved="School nurse (asthma plan); none outside school yet.",
            education_worries="Missing first lessons, mostly maths on Mondays; "
            "behind with coursework.",
            education_going_well="Enjoys art and drama; good friendships in the form.",
            education_next_steps="Catch-up sessions in maths; morning check-in.",
            health_worries="Anxious on Sunday nights; asthma flares in cold weather.",
            health_going_well="Asthma plan in place with the school nurse.",
            health_next_steps="Referral to the school counsellor.",
            care_worries="Mum works early shifts; nobody at home at 7.30.",
            care_going_well="Grandmother nearby and willing to help.",
            care_next_steps="Breakfast club place so drop-off can be earlier.",
            parent_voice="Mum said mornings are the hardest part: she leaves for "
            "work at 7 and cannot check that the journey happens.",
            impact_on_learning_discussed=True,
            impact_on_learning_note="Maths set moved down; catching up is possible "
            "with steady attendance.",
            actions=[
                ActionAgreed(
                    "Breakfast club place from next Monday", "Attendance lead"
                ),
                ActionAgreed(
                    "Morning check-in with the learning mentor", "Learning mentor"
                ),
                ActionAgreed(
                    "Mum to call the school by 9am on any day of absence", "Mum"
                ),
            ],
        )
        send_all(meeting_letters_prepare(meeting=second, role="minutes", by=by), by)
    return True


SCHOOL_TEMPLATE_TEXT = {
    "chaucer": (
        "Our attendance meeting: {{ pupil_forename }}",
        "<p>{{ parent_salutation }},</p>"
        "<p>At Chaucer we work with families to get every child into school every "
        "day. I would like to invite you to a {{ meeting_type }} about "
        "{{ pupil_forename }}.</p>"
        "<p><strong>Date:</strong> {{ meeting_date }}<br><strong>Time:</strong> "
        "{{ meeting_time }}<br><strong>Where:</strong> {{ meeting_place }}</p>"
        "<p>{{ pupil_forename }}'s attendance this year is "
        "{{ attendance_percentage }}. "
        "Please bring anything you would like us to know about. If the time does "
        "not work for you, ring the attendance line on {{ school_phone }}.</p>"
        "<p>With best wishes,</p><p>{{ case_lead_name }}<br>{{ school_name }}</p>",
    ),
    "woolwich": (
        "Invitation to a meeting about {{ pupil_forename }}",
        "<p>{{ parent_salutation }},</p>"
        "<p>Woolwich Polytechnic would like to meet you to talk about "
        "{{ pupil_forename }}'s attendance, which is {{ attendance_percentage }} "
        "this school year.</p>"
        "<p>The {{ meeting_type }} is on {{ meeting_date }} at {{ meeting_time }}, "
        "{{ meeting_place }}, led by {{ meeting_lead }}.</p>"
        "<p>Please reply to {{ case_lead_email }} or call {{ school_phone }}.</p>"
        "<p>Yours sincerely,</p><p>{{ case_lead_name }}<br>{{ case_lead_role }}</p>",
    ),
}


def demo_templates_ensure(*, school: School, school_key: str) -> int:
    """The school's own wording of the meeting invitation."""
    subject, body = SCHOOL_TEMPLATE_TEXT[school_key]
    template, created = LetterTemplate.objects.get_or_create(
        kind="meeting_invitation",
        school=school,
        defaults={"subject": subject, "body": body},
    )
    if created:
        template.save_revision()
    return int(created)


def demo_review_planned(case: Case, *, by, lead, in_days: int) -> None:
    """The next early help review, planned ``in_days`` from today, with the
    invitations posted."""
    parents = [
        rel.parent_carer
        for rel, invited, _ in carers_for_invitation(case.pupil)
        if invited
    ]
    if not parents:
        return
    meeting = services.meeting_arrange(
        case=case,
        by=by,
        type_key="early_help_review",
        starts_at=_at(-in_days, 10),
        place="Meeting room 2, main reception",
        parents=parents,
        lead=lead,
    )
    send_all(meeting_letters_prepare(meeting=meeting, role="invitation", by=by), by)
