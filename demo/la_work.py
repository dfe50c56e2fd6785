"""The LA's work with the demo schools.

At both schools, last term's targeting-support meeting was held, with two
actions agreed: one done, one still open (this term's pack asks to review it).
At Woolwich, this term's meeting is arranged, the notifications the school
owed Greenwich are sent (one received), and a severe-absence joint approach is
agreed. At Chaucer this term's work is left for Sheffield to do, as the
browser tests and a first look at the demo expect.

Idempotent: a school that already has any of these is left alone.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model

from demo.clock import days_ago
from la_workspace.models import JointApproach
from la_workspace.selectors import ensure_la_figures, severely_absent_pupils
from la_workspace.services import joint_approach_record
from returns.enums import NotificationKind
from returns.models import LaNotification
from returns.selectors import due_notifications
from returns.services import notification_receive, notifications_send
from schools.models import School
from targeting.enums import ActionStatus
from targeting.models import TargetingMeeting
from targeting.rules import previous_term, term_of
from targeting.services import NewAction, action_update, meeting_arrange, meeting_record


def _last_terms_meeting(school: School, la_lead, today: date) -> int:
    """Last term's meeting, held in its fourth week, with two actions."""
    term = previous_term(term_of(today))
    if TargetingMeeting.objects.filter(school=school).exists():
        return 0
    held_on = term.first_day + timedelta(weeks=3)
    # Recorded on the day it was held, as the LA would have done.
    with days_ago((today - held_on).days):
        meeting = meeting_arrange(
            school=school, term=term, planned_for=held_on, by=la_lead, today=held_on
        )
        meeting_record(
            meeting=meeting,
            by=la_lead,
            held_on=held_on,
            attendees=f"{la_lead.get_full_name()}, LA attendance support team\n"
            f"Attendance lead, {school.name}\nHeadteacher, {school.name}",
            notes="Persistent absence in Year 9 is rising; the school's first-day "
            "calls are working for Years 7 and 8.",
            discussed={},
            reviews={},
            actions=[
                NewAction(
                    what="Share the Year 9 persistent absence list with the heads of "
                    "year and agree a mentor for each pupil.",
                    owner=f"Attendance lead, {school.name}",
                    due_on=held_on + timedelta(weeks=4),
                ),
                NewAction(
                    what="Offer the family support service's attendance workshop to "
                    "the parents of pupils at risk.",
                    owner="LA attendance support team",
                    due_on=held_on + timedelta(weeks=6),
                ),
            ],
            today=held_on,
        )
        first = meeting.actions.order_by("pk").first()
        action_update(
            action=first,
            by=la_lead,
            status=ActionStatus.DONE,
            note="Mentors agreed for all twelve pupils.",
        )
    return 1


def demo_la_work_ensure(
    *, school: School, school_key: str, la_key: str, today: date
) -> int:
    """The LA's work done at ``school`` (only Woolwich's); returns records made."""
    users = get_user_model().objects.in_bulk(
        [f"officer.{school_key}", f"la.{la_key}"], field_name="username"
    )
    officer, la_lead = users[f"officer.{school_key}"], users[f"la.{la_key}"]
    made = _last_terms_meeting(school, la_lead, today)
    if school_key != "woolwich":
        return made
    this_term = term_of(today)
    if not TargetingMeeting.objects.filter(
        school=school, year_start=this_term.year_start, term=this_term.term
    ).exists():
        meeting_arrange(
            school=school,
            term=this_term,
            planned_for=min(today + timedelta(days=7), this_term.last_day),
            by=la_lead,
            today=today,
        )
        made += 1
    if not LaNotification.objects.filter(school=school).exists():
        due = [
            item
            for item in due_notifications(school, today)
            if item.kind == NotificationKind.CONTINUOUS_ABSENCE
        ]
        if due:
            sent = notifications_send(
                user=officer, school=school, due_items=due, as_of=today
            )
            notification_receive(user=la_lead, notification=sent[0])
            made += len(sent)
    if not JointApproach.objects.filter(school=school).exists():
        ensure_la_figures(school.local_authority, as_of=today)
        pupil = severely_absent_pupils(
            school.local_authority, as_of=today, school_id=school.pk
        ).first()
        if pupil is not None:
            joint_approach_record(
                by=la_lead,
                pupil=pupil,
                agreed="A family support worker visits every week; the school "
                "offers a phased return with a mentor each morning.",
                lead="local_authority",
                lead_name="Greenwich attendance support team",
                review_on=today + timedelta(weeks=6),
                school_agreed_by="Attendance lead, Woolwich",
                school_agreed_on=today,
                today=today,
            )
            made += 1
    return made
