"""Putting the court bundle together: one PDF from the sections and the stored
letters, with a cover sheet, an index with page numbers, a manifest of hashes
and every page numbered.

The order of the work is what makes the index right:

1. each section is printed on its own with WeasyPrint, and each letter sent
   is read from storage and checked against its recorded SHA-256; their pages
   are counted and they are added to the bundle in order;
2. the cover sheet and index are printed with the page each entry starts on
   (printed again if the index itself took another page), and put in front;
3. the manifest lists every document with its pages and SHA-256, and goes at
   the end;
4. every page gets "Page n of N", from a page of numbers WeasyPrint prints
   for it and pypdf lays over it, at the foot outside the letters' margins.

Each document is also attached to the PDF as the exact file the manifest's
hash is of, so anyone can take it out and check it with ``sha256sum``. The
letters' pages are the stored PDFs' pages, unchanged but for the page number.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

from django.template.loader import render_to_string
from django.utils import timezone

from cases.models import Case
from legal.bundle.sections import SECTIONS, BundleCase, StoredDocument

Progress = Callable[[int, str], None]

# A4 in PDF points: the page the numbers are printed on.
A4_WIDTH = 595.28
COVER_FILENAME = "01-cover-and-index.pdf"


class BundleError(Exception):
    """The bundle cannot be made as it must be (a stored letter has changed)."""


@dataclass(frozen=True)
class ManifestEntry:
    """One document in the bundle: where it is and the SHA-256 of its file."""

    number: int
    title: str
    kind: str
    first_page: int
    last_page: int
    filename: str
    sha256: str


@dataclass(frozen=True)
class IndexEntry:
    title: str
    page: int
    level: int  # 0 for a section, 1 for a document within it


@dataclass(frozen=True)
class BuiltBundle:
    pdf: bytes
    sha256: str
    page_count: int
    manifest: list[ManifestEntry]
    index: list[IndexEntry]


@dataclass
class _Part:
    """A document made or read for the bundle, before its place is known."""

    title: str
    kind: str
    filename: str
    sha256: str
    pages: int
    level: int


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def render_pdf(template: str, context: dict) -> tuple[bytes, int]:
    """A template printed with WeasyPrint, as the letters are: its bytes and pages."""
    from weasyprint import HTML

    document = HTML(string=render_to_string(template, context), base_url=None)
    rendered = document.render()
    return rendered.write_pdf(), len(rendered.pages)


def build_bundle(
    case: Case,
    *,
    draft: bool,
    produced_by: str = "",
    produced_at: datetime | None = None,
    progress: Progress | None = None,
) -> BuiltBundle:
    """The court bundle of ``case`` as one PDF, with its SHA-256, page count,
    index and manifest.

    ``draft`` marks it as the school's draft for the LA; ``produced_by`` and
    ``produced_at`` are printed on the cover. ``progress(percent, note)`` is
    called as the work goes on. Checks no permission (the caller does) and
    writes nothing. Raises ``BundleError`` when a stored letter's bytes no
    longer match the SHA-256 recorded when it was sent.
    """
    from pypdf import PdfReader, PdfWriter

    produced_at = produced_at or timezone.now()
    bundle = BundleCase(case=case, as_of=timezone.localtime(produced_at).date())
    report = progress or (lambda percent, note: None)
    common = {
        "case": case,
        "pupil": case.pupil,
        "school": case.school,
        "draft": draft,
        "produced_at": produced_at,
        "produced_by": produced_by,
    }
    writer = PdfWriter()
    parts: list[_Part] = []

    def add(data: bytes, part: _Part) -> None:
        # Named by its number in the manifest (the cover is 1), so the
        # attachments sort in the bundle's order.
        part.filename = f"{len(parts) + 2:02d}-{part.filename}"
        writer.append(BytesIO(data), import_outline=False)
        writer.add_attachment(part.filename, data)
        parts.append(part)

    sections = list(SECTIONS)
    for number, section in enumerate(sections, start=1):
        content = section.read(bundle)
        data, pages = render_pdf(
            section.template,
            {**common, **content.context, "number": number, "title": section.title},
        )
        filename = f"{section.key}.pdf"
        add(data, _Part(section.title, "Section", filename, sha256_of(data), pages, 0))
        for document in content.documents:
            add(*_stored(document, PdfReader))
        report(5 + 75 * number // len(sections), f"{section.title}: done")

    content_pages = sum(part.pages for part in parts)
    cover, cover_pages, index = _cover_and_index(common, parts, bundle)
    writer.merge(0, BytesIO(cover), import_outline=False)
    writer.add_attachment(COVER_FILENAME, cover)
    report(85, "Cover sheet and index: done")

    manifest = _manifest(cover, cover_pages, parts)
    manifest_first = cover_pages + content_pages + 1
    manifest_pdf, _ = render_pdf(
        "legal/bundle/manifest.html",
        {**common, "entries": manifest, "first_page": manifest_first},
    )
    writer.append(BytesIO(manifest_pdf), import_outline=False)
    report(90, "Manifest: done")

    _outline(writer, index, manifest_first)
    page_count = len(writer.pages)
    _number_pages(writer, page_count, case, PdfReader)
    out = BytesIO()
    writer.write(out)
    pdf = out.getvalue()
    report(100, "Bundle ready")
    return BuiltBundle(
        pdf=pdf,
        sha256=sha256_of(pdf),
        page_count=page_count,
        manifest=manifest,
        index=[*index, IndexEntry("Manifest of documents", manifest_first, 0)],
    )


def _stored(document: StoredDocument, reader_class):
    data = document.read()
    digest = sha256_of(data)
    if digest != document.recorded_sha256:
        raise BundleError(
            f"{document.title}: the stored PDF does not match the SHA-256 "
            "recorded when it was made, so it cannot go in the bundle."
        )
    pages = len(reader_class(BytesIO(data)).pages)
    return data, _Part(
        document.title, document.kind, document.filename, digest, pages, 1
    )


def _cover_and_index(
    common: dict, parts: list[_Part], bundle: BundleCase
) -> tuple[bytes, int, list[IndexEntry]]:
    """The cover and index, printed until the pages it says match what it took."""
    cover_pages = 1
    for _ in range(5):
        index = _index(parts, first=cover_pages + 1)
        manifest_page = cover_pages + sum(part.pages for part in parts) + 1
        data, pages = render_pdf(
            "legal/bundle/cover.html",
            {
                **common,
                "local_authority": bundle.school.local_authority,
                "period": bundle.period,
                "index": index,
                "manifest_page": manifest_page,
            },
        )
        if pages == cover_pages:
            return data, pages, index
        cover_pages = pages
    raise BundleError("The index would not settle on a number of pages.")


def _index(parts: list[_Part], *, first: int) -> list[IndexEntry]:
    entries, page = [], first
    for part in parts:
        entries.append(IndexEntry(part.title, page, part.level))
        page += part.pages
    return entries


def _manifest(
    cover: bytes, cover_pages: int, parts: list[_Part]
) -> list[ManifestEntry]:
    entries = [
        ManifestEntry(
            1,
            "Cover sheet and index",
            "Cover sheet and index",
            1,
            cover_pages,
            COVER_FILENAME,
            sha256_of(cover),
        )
    ]
    page = cover_pages + 1
    for number, part in enumerate(parts, start=2):
        entries.append(
            ManifestEntry(
                number,
                part.title,
                part.kind,
                page,
                page + part.pages - 1,
                part.filename,
                part.sha256,
            )
        )
        page += part.pages
    return entries


def _outline(writer, index: list[IndexEntry], manifest_first: int) -> None:
    """Bookmarks for the sections and documents, as in the index."""
    parent = None
    for entry in index:
        item = writer.add_outline_item(
            title=entry.title,
            page_number=entry.page - 1,
            parent=parent if entry.level else None,
        )
        if entry.level == 0:
            parent = item
    writer.add_outline_item(
        title="Manifest of documents", page_number=manifest_first - 1
    )


def _number_pages(writer, page_count: int, case: Case, reader_class) -> None:
    """ "Page n of N" at the foot of every page, letters included."""
    from pypdf import Transformation

    numbers, _ = render_pdf(
        "legal/bundle/page_numbers.html",
        {"pages": range(1, page_count + 1), "total": page_count, "case": case},
    )
    overlay = reader_class(BytesIO(numbers))
    for page, number_page in zip(writer.pages, overlay.pages, strict=True):
        box = page.mediabox
        page.merge_transformed_page(
            number_page,
            Transformation().translate(float(box.right) - A4_WIDTH, float(box.bottom)),
        )
        # pypdf leaves the merged page's content uncompressed.
        page.compress_content_streams()
