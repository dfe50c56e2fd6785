"""Demo letters: a letter about attendance on each open demo case, to the
pupil's first parent or carer the school may contact.

Prepared by the school's attendance officer through ``letters.services``, so
the demo obeys the same rules as the portal; every other letter is recorded as
sent by post, the rest wait to be sent. Each is dated a minute after the
case's latest chronology event, so the letters leave every case's last
activity where the rest of the demo put it (a case overdue stays overdue).
Once only.
"""

from datetime import timedelta

import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone

from cases.enums import Stage
from cases.models import Case
from cases.selectors import with_last_event
from letters.models import SentHow, SentLetter
from letters.services import letter_prepare, letter_send, recipients_for
from schools.models import School


def demo_letters_ensure(*, school: School, school_key: str) -> int:
    """Returns the number of letters prepared (0 when the school has some)."""
    if SentLetter.objects.filter(
        case__school=school, kind="attendance_concern"
    ).exists():
        return 0
    officer = get_user_model().objects.get(username=f"officer.{school_key}")
    cases = with_last_event(
        Case.objects.filter(school=school)
        .exclude(stage=Stage.CLOSED)
        .select_related("pupil", "school")
        .order_by("opened_at", "pk")
    )
    created = 0
    for case in cases:
        recipient = recipients_for(case).first()
        if recipient is None:
            continue
        moment = min(case.last_event_at + timedelta(minutes=1), timezone.now())
        with time_machine.travel(moment, tick=False):
            letter = letter_prepare(
                case=case, kind="attendance_concern", recipient=recipient, by=officer
            )
            if created % 2:
                letter_send(letter=letter, how=SentHow.POST, by=officer)
        created += 1
    return created
