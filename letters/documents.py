"""A letter as HTML and as PDF: the school's letterhead, the address, the text.

``letter_html`` fills ``letters/letter.html`` from plain strings and the
template's text already merged (``letters.fields.render``); ``letter_pdf``
prints it with WeasyPrint, as a tagged PDF (PDF/UA-1) whose dates and
identifier come from the letter, so the same letter from the same data gives
the same file.
"""

import base64
import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from wagtail.rich_text import expand_db_html

from letters.fields import (
    MergeFieldError,
    render,
    render_plain,
    sample_values,
    template_field_errors,
)
from letters.kinds import letter_kind
from schools.models import School


@dataclass(frozen=True)
class Letterhead:
    name: str
    address: str
    phone: str
    email: str
    logo: str  # a data: URI, or ""
    logo_alt: str


def _logo_of(school: School | None) -> tuple[str, str]:
    """The school home page's logo, as a data URI, and its text alternative."""
    if school is None or not school.pk:
        return "", ""
    from policy_pages.models import SchoolHomePage

    page = (
        SchoolHomePage.objects.live()
        .filter(school=school, logo__isnull=False)
        .select_related("logo")
        .first()
    )
    if page is None:
        return "", ""
    try:
        rendition = page.logo.get_rendition("max-400x160|format-png")
        with rendition.file.open("rb") as handle:
            data = base64.b64encode(handle.read()).decode()
    except (OSError, ValueError):
        return "", ""
    return f"data:image/png;base64,{data}", f"{school.name} logo"


def letterhead_for(school: School) -> Letterhead:
    logo, alt = _logo_of(school)
    return Letterhead(
        name=school.name,
        address=school.address.strip(),
        phone=school.phone,
        email=school.email,
        logo=logo,
        logo_alt=alt,
    )


def merged_body(body: str, values: dict[str, str]) -> SafeString:
    """The rich text with its fields replaced and its links expanded."""
    return mark_safe(expand_db_html(render(body, values)))  # noqa: S308 - values escaped by render  # nosec B308 B703


def letter_html(
    *,
    letterhead: Letterhead,
    recipient_name: str,
    recipient_address: str,
    letter_date: str,
    subject: str,
    body: SafeString,
    created: datetime | None = None,
) -> str:
    return render_to_string(
        "letters/letter.html",
        {
            "letterhead": letterhead,
            "recipient_name": recipient_name,
            "recipient_address": recipient_address,
            "letter_date": letter_date,
            "subject": subject,
            "body": body,
            "created": created.strftime("%Y-%m-%dT%H:%M:%SZ") if created else "",
        },
    )


def letter_pdf(html: str, *, identifier: str) -> bytes:
    """The letter printed as a tagged PDF; ``identifier`` fixes its PDF id."""
    from weasyprint import HTML

    return HTML(string=html, base_url=None).write_pdf(
        pdf_variant="pdf/ua-1",
        pdf_tags=True,
        pdf_identifier=hashlib.sha256(identifier.encode()).hexdigest()[:32].encode(),
    )


def preview_context(template) -> dict:
    """What the Wagtail preview of a letter template shows: the letter made
    with the sample values, or the problems with its merge fields."""
    try:
        kind = letter_kind(template.kind)
    except KeyError:
        return {"errors": ["Choose a kind of letter."], "letter": ""}
    errors = [
        f"{part}: {problem}"
        for part, text in (("Subject", template.subject), ("Text", template.body))
        for problem in template_field_errors(text, kind)
    ]
    if errors:
        return {"errors": errors, "letter": ""}
    values = sample_values(kind.groups)
    school = template.school
    letterhead = (
        letterhead_for(school)
        if school is not None
        else Letterhead(
            name=values["school_name"],
            address=values["school_address"],
            phone=values["school_phone"],
            email=values["school_email"],
            logo="",
            logo_alt="",
        )
    )
    try:
        html = letter_html(
            letterhead=letterhead,
            recipient_name=values["parent_name"],
            recipient_address=values["parent_address"],
            letter_date=values["letter_date"],
            subject=render_plain(template.subject, values),
            body=merged_body(template.body, values),
        )
    except MergeFieldError as error:
        return {"errors": [str(error)], "letter": ""}
    return {"errors": [], "letter": mark_safe(html)}  # noqa: S308 - built from escaped parts  # nosec B308 B703
