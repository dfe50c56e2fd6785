"""What the legal app adds to the case core, registered when the app is
ready: its chronology kinds, the "Legal steps" panel on the case page, the
caseload's ``eso_review_due`` and its "My work" source (``legal.work``)."""

from cases.events import register_event_kinds
from cases.panels import register_case_panel
from cases.selectors import register_caseload_annotation
from legal import work  # noqa: F401 - registers the work source
from legal.enums import LegalEventKind, LegalStepEventKind
from legal.panels import case_panel
from legal.selectors import with_eso_review_due

register_event_kinds(LegalEventKind)
register_event_kinds(LegalStepEventKind)
register_case_panel(case_panel, place="work")
register_caseload_annotation(with_eso_review_due)
