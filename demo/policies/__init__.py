"""The two demo schools' published attendance policies, read from data files.

``chaucer.json`` and ``woolwich.json`` beside this module are the schools' own
published documents, structured for the policy page: their words, with the
conversion artefacts of the source text removed (README.md here says where each
comes from and what was cleaned). Each file holds the fields of a
``SchoolPolicy``: dates as ``YYYY-MM-DD``, times as ``HH:MM``, and ``sections``
and ``escalation`` as the page's StreamField values, a list of
``[block type, value]`` pairs with the rich text as HTML, as the page stores it.
"""

import json
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path

DATA = Path(__file__).resolve().parent
# A StreamField block as the data files write it: [block type, value].
Block = list


@dataclass(frozen=True)
class Contact:
    role: str
    name: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""


@dataclass(frozen=True)
class Version:
    version: str
    section: str
    amendments: str
    date: date
    author: str


@dataclass(frozen=True)
class Linked:
    title: str
    url: str = ""


@dataclass(frozen=True)
class SchoolPolicy:
    """Everything the policy page holds for one school."""

    school_key: str  # the key in demo.organisations.SCHOOLS
    home_introduction: str
    title: str
    date_of_issue: date
    review_date: date
    absence_how: str
    leave_how: str
    sections: list[Block]
    slug: str = "attendance-policy"
    introduction: str = ""
    last_reviewed: date | None = None
    date_precision: str = "day"
    responsible_committee: str = ""
    target_audience: str = ""
    versions: tuple[Version, ...] = ()
    linked_policies: tuple[Linked, ...] = ()
    contacts: tuple[Contact, ...] = ()
    school_day: dict[str, time] = field(default_factory=dict)
    school_day_note: str = ""
    absence_report_by: time | None = None
    absence_phone: str = ""
    absence_email: str = ""
    escalation_introduction: str = ""
    # None keeps the page's default, drawn from the DfE stages of support.
    escalation: list[Block] | None = None


def policy_load(school_key: str) -> SchoolPolicy:
    """The school's policy from ``<school_key>.json`` in this folder."""
    data = json.loads((DATA / f"{school_key}.json").read_text(encoding="utf-8"))
    for name in ("date_of_issue", "last_reviewed", "review_date"):
        if data.get(name) is not None:
            data[name] = date.fromisoformat(data[name])
    if data.get("absence_report_by") is not None:
        data["absence_report_by"] = time.fromisoformat(data["absence_report_by"])
    data["school_day"] = {
        name: time.fromisoformat(value)
        for name, value in data.get("school_day", {}).items()
    }
    data["contacts"] = tuple(Contact(**row) for row in data.get("contacts", ()))
    data["versions"] = tuple(
        Version(**{**row, "date": date.fromisoformat(row["date"])})
        for row in data.get("versions", ())
    )
    data["linked_policies"] = tuple(
        Linked(**row) for row in data.get("linked_policies", ())
    )
    policy = SchoolPolicy(**data)
    if policy.school_key != school_key:
        raise ValueError(f"{school_key}.json is the policy of {policy.school_key}")
    return policy
