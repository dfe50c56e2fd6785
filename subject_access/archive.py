"""The ZIP of a subject access export: a page to read, the same records as
JSON, and the files (letters, drawings, signed documents) as they are kept."""

import json
import zipfile
from io import BytesIO

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone

from schools.models import Pupil
from subject_access.collect import Section

LEFT_OUT = (
    "Safeguarding-restricted records (notes and links that only the designated "
    "safeguarding lead may read) are not in this export: the school's DSL "
    "exports them separately, and decides what may be disclosed."
)


def build_archive(pupil: Pupil, sections: list[Section]) -> bytes:
    produced_at = timezone.localtime()
    record = {
        "pupil": pupil.pk,
        "school": str(pupil.school),
        "produced_at": produced_at.isoformat(),
        "left_out": LEFT_OUT,
        "sections": [
            {"model": s.label, "title": s.title, "records": s.rows} for s in sections
        ],
    }
    page = render_to_string(
        "subject_access/export.html",
        {
            "pupil": pupil,
            "sections": sections,
            "produced_at": produced_at,
            "left_out": LEFT_OUT,
        },
    )
    out = BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.html", page)
        archive.writestr(
            "records.json",
            json.dumps(record, cls=DjangoJSONEncoder, indent=1, ensure_ascii=False),
        )
        for section in sections:
            for name, stored in section.files:
                with stored.open("rb") as handle:
                    archive.writestr(f"files/{section.label}/{name}", handle.read())
    return out.getvalue()
