"""What the legal app adds to the case core, registered when the app is
ready: its chronology kinds and its panel on the case page."""

from cases.events import register_event_kinds
from legal.enums import LegalEventKind

register_event_kinds(LegalEventKind)
