"""What notices to improve and penalty notices add to the case core,
registered when the app is ready: their chronology kinds and the case page's
"Notices" panel."""

from cases.events import register_event_kinds
from cases.panels import register_case_panel
from contracts.notice_enums import NoticeEventKind
from contracts.notice_panels import case_panel

register_event_kinds(NoticeEventKind)
register_case_panel(case_panel, place="work")
