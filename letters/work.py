"""The letters app's part of "My work" (``schools.work``): letters the user
prepared that are still waiting to be sent.

``LettersConfig.ready()`` imports this module, which registers the source. It
loads only letters on cases from ``visible_cases(user)`` and runs one query.
"""

from datetime import date

from django.utils import timezone

from letters.selectors import waiting_letters_prepared_by
from schools.work import WorkItem, register_work_source


@register_work_source
def letters_waiting(user, today: date) -> list[WorkItem]:
    """Each letter the user prepared and has not sent, due the day it was made."""
    return [
        WorkItem(
            kind="Letter to send",
            what=f"Send the {letter.kind_name.lower()} to {letter.recipient_name}",
            pupil=letter.case.pupil.display_name,
            due_on=timezone.localdate(letter.prepared_at),
            overdue=timezone.localdate(letter.prepared_at) < today,
            url=letter.get_absolute_url(),
        )
        for letter in waiting_letters_prepared_by(user)
    ]
