"""What the letters app adds to the case core, registered when the app is ready.

* Its own kind of letter, ``attendance_concern`` (``letters.kinds``).
* Its chronology kinds, ``letter.prepared`` and ``letter.sent``.
* The case page's "Letters" panel, in the ``work`` place.
"""

from cases.events import register_event_kinds
from cases.panels import register_case_panel
from letters.enums import LetterEventKind
from letters.kinds import LetterKind, register_letter_kind
from letters.panels import case_panel

ATTENDANCE_CONCERN = register_letter_kind(
    LetterKind(
        key="attendance_concern",
        name="Letter about attendance",
        description="Tells a parent or carer the school is worried about their "
        "child's attendance, gives the figures and asks them to get in touch.",
        groups=(),
        default_subject="{{ pupil_full_name }}'s attendance at school",
        default_body=(
            "<p>{{ parent_salutation }},</p>"
            "<p>I am writing because we are worried about {{ pupil_forename }}'s "
            "attendance at school. From {{ attendance_period }}, "
            "{{ pupil_forename }}'s attendance was {{ attendance_percentage }}. "
            "{{ pupil_forename }} missed {{ sessions_missed }} sessions (a "
            "session is a morning or an afternoon), and {{ unauthorised_sessions }} "
            "of those absences were not authorised by the school.</p>"
            "<p>Being in school every day matters. Children who miss school fall "
            "behind with their learning and can find it harder to keep up "
            "friendships. We want to help {{ pupil_forename }} attend well, and "
            "we know that there is often a reason behind absence that we can help "
            "with.</p>"
            "<p>Please contact {{ case_lead_name }} ({{ case_lead_role }}) at "
            "{{ case_lead_email }} or on {{ school_phone }} so that we can talk "
            "about what is getting in the way and what support might help.</p>"
            "<p>We will keep checking {{ pupil_forename }}'s attendance. If it "
            "does not get better, we will invite you to a meeting at school to "
            "agree a plan together.</p>"
            "<p>Yours sincerely,</p>"
            "<p>{{ case_lead_name }}<br>{{ case_lead_role }}<br>"
            "{{ school_name }}</p>"
        ),
    )
)

register_event_kinds(LetterEventKind)
register_case_panel(case_panel, place="work")
