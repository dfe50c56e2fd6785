"""The pack: exactly the measures' pupils of this school, by name, year group
and figures only, on the page, as CSV and as PDF; every download logged."""

import csv
import io

import pytest
from django.urls import reverse

from targeting.exports import CSV_HEADER, pack_rows
from targeting.models import PackDownload
from targeting.selectors import pack
from targeting.services import pupil_to_discuss_add
from tests.targeting.conftest import TODAY, arrange, earlier_meeting

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def names(the_pack) -> dict[str, list[str]]:
    return {lst.key: [p.name for p in lst.pupils] for lst in the_pack.lists}


def test_the_pack_lists_the_schools_pupils_by_the_measures(world, pupils):
    meeting = arrange(world)
    the_pack = pack(meeting, as_of=TODAY)
    assert names(the_pack) == {
        "severe": ["Sev Absent"],
        "persistent": ["Per Sistent"],
        "at-risk": ["Ris King"],
        "ten-in-ten": ["Sev Absent"],
    }
    whole = the_pack.figures.whole
    assert (whole.pupils, whole.persistent, whole.severe) == (4, 2, 1)
    # 80 sessions possible each: 24 + 8 + 2 missed of 160.
    assert (whole.possible, whole.attended) == (160, 126)
    severe = the_pack.lists[0].pupils[0]
    assert (severe.rate, severe.absent, severe.possible) == (40, 24, 40)
    assert the_pack.open_cases_total == 0


def test_the_pack_shows_pupils_to_discuss_and_last_terms_actions(world, pupils):
    earlier_meeting(world, actions=("Breakfast club",))
    meeting = arrange(world)
    case = world.open_case(pupils.persistent)
    pupil_to_discuss_add(
        meeting=meeting, by=world.users["lead"], case=case, reason="Needs help."
    )
    the_pack = pack(meeting, as_of=TODAY)
    [row] = the_pack.to_discuss
    assert (row.item.pupil, row.stage, row.year_group, str(row.rate)) == (
        pupils.persistent,
        "Attendance concern",
        "Year 9",
        "80.0",
    )
    assert [a.what for a in the_pack.to_review] == ["Breakfast club"]
    assert the_pack.open_cases == [
        ("Attendance concern", 1),
        ("Early help", 0),
        ("Parenting contract", 0),
        ("Education supervision order", 0),
        ("Referred for prosecution", 0),
    ]


def test_the_csv_has_one_list_column_and_no_identifiers(world, pupils):
    meeting = arrange(world)
    rows = list(csv.reader(io.StringIO(_download(world, meeting, "pack_csv"))))
    assert tuple(rows[0]) == CSV_HEADER
    assert {row[0] for row in rows[1:]} == {
        "Headline figures",
        "Severely absent",
        "Persistently absent, not severely",
        "At risk of persistent absence",
        "10 in 10 threshold met",
        "Open cases by stage",
    }
    pupil_rows = [row[1] for row in rows[1:] if row[2]]
    assert sorted(pupil_rows) == sorted(
        ["Sev Absent", "Per Sistent", "Ris King", "Sev Absent"]
    )
    text = "\n".join(",".join(row) for row in rows)
    for pupil in (pupils.severe, pupils.persistent, pupils.at_risk, pupils.fine):
        assert pupil.upn not in text
        assert pupil.date_of_birth.isoformat() not in text
    assert "Other School" not in text
    assert len(pack_rows(pack(meeting, as_of=TODAY))) == len(rows)


def test_csv_cells_that_look_like_formulas_are_neutralised(world, pupils):
    meeting = arrange(world)
    pupil_to_discuss_add(
        meeting=meeting,
        by=world.users["lead"],
        pupil=pupils.fine,
        reason='=HYPERLINK("http://evil.example","x")',
    )
    text = _download(world, meeting, "pack_csv")
    assert "'=HYPERLINK" in text


def _download(world, meeting, name, who="la"):
    from django.test import Client

    client = Client()
    client.force_login(world.users[who])
    response = client.get(
        reverse(f"portal:targeting:{name}", kwargs={"meeting_pk": meeting.pk})
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return response.content.decode() if name == "pack_csv" else response.content


def test_the_pdf_is_made_and_every_download_is_logged(world, pupils):
    meeting = arrange(world)
    pdf = _download(world, meeting, "pack_pdf", who="head")
    assert pdf.startswith(b"%PDF")
    _download(world, meeting, "pack_csv", who="la")
    assert list(
        PackDownload.objects.order_by("pk").values_list("by__username", "format")
    ) == [("t.head", "pdf"), ("t.la", "csv")]


def test_the_page_shows_no_date_of_birth_or_upn(world, pupils, client):
    meeting = arrange(world)
    client.force_login(world.users["la"])
    html = client.get(meeting.get_absolute_url()).content.decode()
    for name in ("Sev Absent", "Per Sistent", "Ris King"):
        assert name in html
    for pupil in (pupils.severe, pupils.persistent, pupils.at_risk, pupils.fine):
        assert pupil.upn not in html
        assert pupil.date_of_birth.strftime("%-d %B %Y") not in html
    assert "Other School" not in html
