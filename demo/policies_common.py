"""The shape of a demo school's published attendance policy, and helpers to write it.

The two demo policies (``policies_chaucer.py``, ``policies_woolwich.py``) are the
schools' own published documents, structured for the policy page: their words,
with the conversion artefacts of the source text removed. The helpers below
build StreamField values (``section``, ``p``, ``bullets``, ``h3``, ``table``)
and inline rich text (``b``, ``i``, ``mail``, ``link``).
"""

from dataclasses import dataclass, field
from datetime import date, time
from html import escape

Block = tuple[str, object]


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


# --- Inline rich text ----------------------------------------------------------


def b(text: str) -> str:
    return f"<b>{text}</b>"


def i(text: str) -> str:
    return f"<i>{text}</i>"


def mail(address: str) -> str:
    return f'<a href="mailto:{escape(address)}">{escape(address)}</a>'


def link(text: str, url: str) -> str:
    return f'<a href="{escape(url)}">{text}</a>'


# --- Blocks --------------------------------------------------------------------


def p(*texts: str) -> Block:
    """One paragraph per argument, as a single rich text block."""
    return ("paragraph", "".join(f"<p>{text}</p>" for text in texts))


def _list_html(tag: str, items: tuple) -> str:
    html = []
    for item in items:
        if isinstance(item, list):
            # A nested list belongs to the item before it.
            nested = _list_html(tag, tuple(item))
            html[-1] = html[-1].removesuffix("</li>") + nested + "</li>"
        else:
            html.append(f"<li>{item}</li>")
    return f"<{tag}>{''.join(html)}</{tag}>"


def bullets(*items: str | list) -> Block:
    """A bulleted list; a list inside the items nests under the item before it."""
    return ("paragraph", _list_html("ul", items))


def numbered(*items: str | list) -> Block:
    return ("paragraph", _list_html("ol", items))


def h3(text: str) -> Block:
    return ("subheading", text)


def callout(text: str, *, title: str = "", kind: str = "info") -> Block:
    return ("callout", {"kind": kind, "title": title, "text": text})


def table(
    caption: str,
    columns: list[str],
    rows: list[list[str]],
    *,
    first_column_is_header: bool = False,
) -> Block:
    return (
        "table",
        {
            "caption": caption,
            "columns": columns,
            "rows": rows,
            "first_column_is_header": first_column_is_header,
        },
    )


def section(heading: str, *content: Block) -> Block:
    return ("section", {"heading": heading, "content": list(content)})


def stage(stage_name: str, who: str, support: str) -> Block:
    return ("stage", {"stage": stage_name, "who": who, "support": support})


def codes_appendix(heading: str) -> Block:
    """Places the attendance codes appendix (from the code table) here."""
    return ("codes_appendix", {"heading": heading})


def escalation_appendix(heading: str) -> Block:
    """Places the escalation of support appendix here."""
    return ("escalation_appendix", {"heading": heading})
