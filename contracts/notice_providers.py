"""What notices to improve and penalty notices add to the case core,
registered when the app is ready: their chronology kinds and the case page's
"Notices" panel; and their letter kinds (``contracts.notice_letters``)."""

from cases.events import register_event_kinds
from cases.panels import register_case_panel
from contracts import notice_letters  # noqa: F401 - registers the letter kinds
from contracts.notice_enums import NoticeEventKind
from contracts.notice_panels import case_panel

register_event_kinds(
    NoticeEventKind, prosecution_route=(NoticeEventKind.PN_PROSECUTED,)
)
register_case_panel(case_panel, place="work")
