"""The sections of the court bundle, in order, and the registry that holds them.

Each section is a title, a template under ``legal/bundle/sections/`` and a
function that reads what it shows from the case. A section may also bring
stored documents to append after its own pages, unchanged (the letters sent).
Another app adds a section with ``register_section``::

    register_section(
        Section("legal_steps", "Legal steps", legal_steps), before="checklist"
    )

No section reads safeguarding records, and the chronology leaves restricted
events out in its query: the bundle never holds restricted information.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from attendance.measures import pupil_measures
from cases.checklist import checklist_status
from cases.events import event_label
from cases.models import Case, CaseEvent
from cases.selectors import describe_event
from contracts.contract_selectors import case_contracts, contract_reviews
from contracts.notice_selectors import case_notices
from legal.bundle.figures import (
    DAY_NAMES,
    Period,
    Register,
    bundle_period,
    code_key,
    legend,
    read_register,
    weekly_chart,
)
from legal.selectors import case_orders, case_referrals
from letters.selectors import case_letters
from meetings.selectors import case_meetings
from plans.models import Plan
from plans.selectors import ledger, plan_reviews
from voice.selectors import case_voice_records


@dataclass(frozen=True)
class BundleCase:
    """What every section reads: the case, loaded with its pupil, school and
    LA, and the dates the bundle covers."""

    case: Case
    as_of: date
    _read: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def period(self) -> Period:
        return bundle_period(self.case, self.as_of)

    def register(self) -> Register:
        """The register in the period, read once for the sections that show it."""
        if "register" not in self._read:
            self._read["register"] = read_register(self.case, self.period)
        return self._read["register"]

    @property
    def pupil(self):
        return self.case.pupil

    @property
    def school(self):
        return self.case.school


@dataclass(frozen=True)
class StoredDocument:
    """A document kept as it was made (a letter sent), appended unchanged.

    ``read`` returns its bytes when the bundle is put together, so only one
    document is held at a time; ``recorded_sha256`` is the hash kept when it
    was made, which the bundle checks the bytes against."""

    title: str
    filename: str
    recorded_sha256: str
    read: Callable[[], bytes]
    kind: str = "Stored document"


@dataclass(frozen=True)
class SectionContent:
    context: dict
    documents: list[StoredDocument] = field(default_factory=list)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    read: Callable[[BundleCase], SectionContent]

    @property
    def template(self) -> str:
        return f"legal/bundle/sections/{self.key}.html"


SECTIONS: list[Section] = []


def register_section(section: Section, *, before: str | None = None) -> Section:
    """Add a section to every bundle: at the end, or before the section whose
    key is ``before``. A key is used once."""
    if any(existing.key == section.key for existing in SECTIONS):
        raise ValueError(f"The bundle already has a section {section.key!r}.")
    if before is None:
        SECTIONS.append(section)
        return section
    keys = [existing.key for existing in SECTIONS]
    if before not in keys:
        raise KeyError(f"The bundle has no section {before!r}.")
    SECTIONS.insert(keys.index(before), section)
    return section


def section(key: str, title: str):
    """Register the decorated reader as a section at the end of the list."""

    def register(read: Callable[[BundleCase], SectionContent]):
        register_section(Section(key, title, read))
        return read

    return register


def _name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


# The sections, in the order of the bundle.


@section("summary", "Case summary")
def case_summary(bundle: BundleCase) -> SectionContent:
    case = bundle.case
    period = bundle.period
    relationships = case.pupil.carer_relationships.select_related(
        "parent_carer"
    ).order_by("contact_priority", "pk")
    return SectionContent(
        {
            "case": case,
            "pupil": case.pupil,
            "school": case.school,
            "local_authority": case.school.local_authority,
            "lead": _name(case.lead_practitioner),
            "opened_by": _name(case.opened_by),
            "co_workers": [_name(user) for user in case.co_workers.all()],
            "period": period,
            "measures": pupil_measures(case.pupil, period.end, school=case.school),
            "carers": list(relationships),
        }
    )


@section("attendance", "Attendance over time")
def attendance_over_time(bundle: BundleCase) -> SectionContent:
    register = bundle.register()
    return SectionContent(
        {
            "register": register,
            "chart": weekly_chart(register.weeks),
            "legend": legend(),
        }
    )


@section("register", "Register extract and amendments")
def register_extract(bundle: BundleCase) -> SectionContent:
    register = bundle.register()
    days = [(number, DAY_NAMES[number]) for number in register.days_shown]
    rows = [
        {
            "monday": week.monday,
            "cells": [
                week.cells.get((number, session))
                for number, _ in days
                for session in ("AM", "PM")
            ],
        }
        for week in register.extract
    ]
    return SectionContent(
        {
            "register": register,
            "days": days,
            "rows": rows,
            "key": code_key(register.codes_used),
        }
    )


@section("chronology", "Chronology")
def chronology(bundle: BundleCase) -> SectionContent:
    # Restricted events are left out here, whoever asks for the bundle.
    events = (
        CaseEvent.objects.filter(case=bundle.case, restricted=False)
        .select_related("recorded_by")
        .order_by("occurred_at", "pk")
    )
    return SectionContent(
        {
            "events": [
                {
                    "when": event.occurred_at,
                    "what": event_label(event.kind),
                    "details": describe_event(event),
                    "text": event.text,
                    "by": _name(event.recorded_by),
                }
                for event in events
            ]
        }
    )


@section("letters", "Letters sent")
def letters_sent(bundle: BundleCase) -> SectionContent:
    letters = list(
        case_letters(bundle.case)
        .filter(sent_at__isnull=False)
        .order_by("sent_at", "pk")
    )

    def reader(letter):
        def read() -> bytes:
            with letter.pdf.open("rb") as handle:
                return handle.read()

        return read

    documents = [
        StoredDocument(
            title=f"Letter: {letter.subject}, to {letter.recipient_name}, sent "
            f"{timezone.localtime(letter.sent_at):%-d %B %Y}",
            filename=f"letter-{letter.pk}.pdf",
            recorded_sha256=letter.pdf_sha256,
            read=reader(letter),
            kind="Letter sent (the PDF as sent)",
        )
        for letter in letters
    ]
    return SectionContent({"letters": letters}, documents)


@section("meetings", "Meetings and their minutes")
def meeting_minutes(bundle: BundleCase) -> SectionContent:
    meetings = list(
        case_meetings(bundle.case)
        .prefetch_related("record__actions")
        .order_by("starts_at", "pk")
    )
    return SectionContent({"meetings": meetings})


@section("plans", "Plans, targets and reviews")
def plans(bundle: BundleCase) -> SectionContent:
    rows = (
        Plan.objects.filter(case=bundle.case)
        .select_related("lead_practitioner")
        .prefetch_related("targets")
        .order_by("start_on", "pk")
    )
    return SectionContent(
        {"plans": [{"plan": plan, "reviews": plan_reviews(plan)} for plan in rows]}
    )


@section("contracts", "Parenting contracts and reviews")
def contracts(bundle: BundleCase) -> SectionContent:
    rows = case_contracts(bundle.case).select_related(
        "overall_responsible", "day_to_day_responsible"
    )
    return SectionContent(
        {
            "contracts": [
                {"contract": contract, "reviews": contract_reviews(contract)}
                for contract in reversed(list(rows))
            ]
        }
    )


@section("notices", "Notices to improve and penalty notices")
def notices(bundle: BundleCase) -> SectionContent:
    improve, penalty = case_notices(bundle.case)
    return SectionContent(
        {"improve": improve[::-1], "penalty": penalty[::-1]},
    )


@section("legal_steps", "Education supervision orders and prosecution")
def legal_steps(bundle: BundleCase) -> SectionContent:
    return SectionContent(
        {
            "orders": case_orders(bundle.case, bundle.as_of)[::-1],
            "referrals": case_referrals(bundle.case)[::-1],
        }
    )


@section("ledger", "Support-first ledger")
def support_ledger(bundle: BundleCase) -> SectionContent:
    return SectionContent({"offers": list(ledger(bundle.case))})


@section("voice", "The child's voice and the parents' voice")
def voices(bundle: BundleCase) -> SectionContent:
    records = [
        meeting.record
        for meeting in case_meetings(bundle.case).order_by("starts_at", "pk")
        if hasattr(meeting, "record")
    ]
    child = [
        {
            "when": voice.recorded_on,
            "words": voice.words,
            "how": voice.get_tool_display(),
            "by": _name(voice.recorded_by),
            "summary": voice.summary,
            "ratings": voice.rating_rows(),
            "lists": voice.named_lists(),
        }
        for voice in reversed(list(case_voice_records(bundle.case)))
    ]
    child += [
        {
            "when": timezone.localtime(record.meeting.starts_at).date(),
            "words": record.child_voice,
            "how": f"At the {record.meeting.type_name.lower()}",
            "by": _name(record.recorded_by),
        }
        for record in records
        if record.child_voice
    ]
    parents = [
        {
            "when": timezone.localtime(record.meeting.starts_at).date(),
            "words": record.parent_voice,
            "how": f"At the {record.meeting.type_name.lower()}",
            "by": _name(record.recorded_by),
        }
        for record in records
        if record.parent_voice
    ]
    for contract in case_contracts(bundle.case):
        when = contract.created_at.date()
        if contract.child_views:
            child.append(
                {
                    "when": when,
                    "words": contract.child_views,
                    "how": "For the parenting contract",
                }
            )
        if contract.parents_reasons:
            parents.append(
                {
                    "when": when,
                    "words": contract.parents_reasons,
                    "how": "The reasons they gave, for the parenting contract",
                }
            )
        if contract.breach_contact_note:
            parents.append(
                {
                    "when": contract.breach_contacted_on or when,
                    "words": contract.breach_contact_note,
                    "how": "When contacted about the contract not being kept",
                }
            )
    child.sort(key=lambda entry: entry["when"])
    parents.sort(key=lambda entry: entry["when"])
    return SectionContent({"child": child, "parents": parents})


@section("checklist", "Legal-readiness checklist and its evidence")
def checklist(bundle: BundleCase) -> SectionContent:
    statuses = checklist_status(bundle.case)
    return SectionContent(
        {
            "statuses": statuses,
            "met": sum(status.met for status in statuses),
            "total": len(statuses),
        }
    )
