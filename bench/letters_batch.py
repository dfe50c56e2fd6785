"""Benchmark preparing letters: 100 letters about attendance, one per parent.

    DEBUG=true DATABASE_URL=sqlite:////tmp/wa_bench_letters.sqlite3 \\
        .venv/bin/python bench/letters_batch.py [--letters 100]

Migrates the database, makes a school (with its address, phone and email)
in an LA, an attendance officer, and ``--letters`` pupils with one parent each
and an open case, then times ``letters.services.letter_prepare`` for each:
the whole service (the pupil's attendance figures, the template, the merge,
the PDF with WeasyPrint, the file in private storage, the row and the
chronology event). Prints letters per second and the median time a letter,
then times joining the day's letters into one PDF (the print run). PDFs go to
a temporary ``PRIVATE_MEDIA_ROOT``. The database's name must contain "bench",
and it must not hold the bench school already (delete the file, or drop and
create the PostgreSQL database, between runs).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def setup_django(private_root: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["PRIVATE_MEDIA_ROOT"] = private_root
    import django

    django.setup()


def build(count: int):
    from cases.services import case_open
    from schools.enums import SchoolRole
    from schools.models import (
        CarerRelationship,
        LocalAuthority,
        ParentCarer,
        Pupil,
        School,
    )
    from schools.services import membership_add
    from schools.upn import make_upn

    la, _ = LocalAuthority.objects.get_or_create(code="998", name="Letters bench LA")
    school = School.objects.create(
        name="Bench Letters Academy",
        urn="998001",
        local_authority=la,
        phase="secondary",
        address="1 Bench Road\nLeeds\nLS1 1AA",
        phone="0113 496 0001",
        email="office@bench.example.org",
    )
    from django.contrib.auth import get_user_model

    officer = get_user_model().objects.create_user(
        username="bench.officer", first_name="Bench", last_name="Officer"
    )
    membership_add(
        user=officer, organisation=school, role=SchoolRole.ATTENDANCE_OFFICER
    )
    cases = []
    for number in range(count):
        pupil = Pupil.objects.create(
            upn=make_upn(f"998001{number:06d}"),
            legal_forename=f"Forename{number}",
            legal_surname=f"Surname{number}",
            date_of_birth=date(2012, 1, 1),
            year_group=8,
            school=school,
        )
        carer = ParentCarer.objects.create(
            title="Ms",
            forename=f"Parent{number}",
            surname=f"Surname{number}",
            address=f"{number} Example Street\nLeeds\nLS2 2BB",
        )
        CarerRelationship.objects.create(
            pupil=pupil, parent_carer=carer, relationship="mother"
        )
        cases.append(
            (case_open(pupil=pupil, by=officer, reason="Attendance 85 %."), carer)
        )
    return officer, school, cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=100)
    args = parser.parse_args()
    private_root = tempfile.mkdtemp(prefix="wa-bench-letters-")
    setup_django(private_root)

    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    name = str(settings.DATABASES["default"]["NAME"])
    if "bench" not in name:
        sys.exit(f"The database's name must contain 'bench', not {name!r}.")
    call_command("migrate", verbosity=0, interactive=False)
    from cases.models import Case
    from schools.models import School

    if School.objects.filter(urn="998001").exists():
        sys.exit("The bench school exists already: start from a fresh database.")
    officer, school, cases = build(args.letters)

    from letters.services import letter_prepare

    times = []
    started = time.perf_counter()
    for case, carer in cases:
        one = time.perf_counter()
        letter_prepare(
            case=case, kind="attendance_concern", recipient=carer, by=officer
        )
        times.append(time.perf_counter() - one)
    total = time.perf_counter() - started
    print(f"{len(cases)} letters in {total:.2f} s: {len(cases) / total:.1f} letters/s")
    print(f"median {statistics.median(times) * 1000:.0f} ms a letter")

    client = Client()
    client.force_login(officer)
    url = reverse("portal:letters:school_batch_pdf", kwargs={"school_pk": school.pk})
    one = time.perf_counter()
    response = client.get(url, HTTP_HOST="127.0.0.1")
    data = b"".join(response.streaming_content)
    print(
        f"the day's print run of {len(cases)} letters: "
        f"{time.perf_counter() - one:.2f} s, {len(data) // 1024} KiB"
    )
    assert Case.objects.filter(school=school).count() == len(cases)


if __name__ == "__main__":
    main()
