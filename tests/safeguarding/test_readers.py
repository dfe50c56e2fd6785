"""Who may read restricted items; everyone else gets 404, and nothing is written."""

import pytest
from django.urls import reverse

from safeguarding.models import AccessLogEntry, RestrictedItem
from safeguarding.permissions import readable_items
from tests.safeguarding.conftest import add_link, add_note

pytestmark = pytest.mark.django_db

OUTSIDERS = [
    "officer",
    "pastoral",
    "lead",
    "head",
    "la",
    "legal",
    "other_la",
    "other_legal",
    "sibling_lead",
    "sibling_dsl",
    "far_dsl",
    "superuser",
    "nobody",
]


def item_urls(item) -> list[tuple[str, str]]:
    pupil_pk = item.pupil_id
    return [
        ("get", reverse("portal:safeguarding:item", args=[item.pk])),
        ("get", reverse("portal:safeguarding:item_edit", args=[item.pk])),
        ("post", reverse("portal:safeguarding:item_edit", args=[item.pk])),
        ("post", reverse("portal:safeguarding:item_share", args=[item.pk])),
        ("get", reverse("portal:safeguarding:pupil", args=[pupil_pk])),
        ("get", reverse("portal:safeguarding:note_add", args=[pupil_pk])),
        ("post", reverse("portal:safeguarding:note_add", args=[pupil_pk])),
        ("get", reverse("portal:safeguarding:link_add", args=[pupil_pk])),
        ("post", reverse("portal:safeguarding:link_add", args=[pupil_pk])),
    ]


def test_the_schools_dsl_reads_notes_and_links_about_its_pupils(world):
    note = add_note(world)
    link = add_link(world, pupil=note.pupil)
    dsl = world.users["dsl"]
    assert set(readable_items(dsl).values_list("pk", flat=True)) >= {
        note.pk,
        link.pk,
    }


@pytest.mark.parametrize("who", [*OUTSIDERS, "inactive_dsl"])
def test_nobody_else_reads_them_and_every_url_answers_404(world, client, who):
    note = add_note(world, text="Private words")
    link = add_link(world, pupil=note.pupil)
    user = world.users[who]
    assert not readable_items(user).filter(pk__in=[note.pk, link.pk]).exists()
    if not user.is_active:
        return  # an inactive user cannot sign in at all
    client.force_login(user)
    before = (RestrictedItem.objects.count(), AccessLogEntry.objects.count())
    for item in (note, link):
        for method, url in item_urls(item):
            response = getattr(client, method)(url, {"text": "x", "category": "other"})
            assert response.status_code == 404, (who, method, url)
            assert b"Private words" not in response.content
    assert (RestrictedItem.objects.count(), AccessLogEntry.objects.count()) == before


def test_a_pupil_who_moves_school_goes_with_their_records_to_the_new_dsl(world):
    note = add_note(world)
    pupil = note.pupil
    pupil.school = world.sibling_school
    pupil.save()
    assert not readable_items(world.users["dsl"]).filter(pk=note.pk).exists()
    assert readable_items(world.users["sibling_dsl"]).filter(pk=note.pk).exists()


def test_a_dsl_sees_the_item_and_its_page_logs_one_read(world, client):
    note = add_note(world, text="Words only DSLs read")
    client.force_login(world.users["dsl"])
    response = client.get(note.get_absolute_url())
    assert response.status_code == 200
    assert b"Words only DSLs read" in response.content
    reads = AccessLogEntry.objects.filter(item=note, action="viewed")
    assert reads.count() == 1
    entry = reads.get()
    assert entry.user == world.users["dsl"]
    assert entry.request_id == response["X-Request-ID"]
    assert entry.ip_address == "127.0.0.1"


def test_the_pupils_list_writes_one_row_per_item_shown(world, client):
    pupil = world.pupil()
    items = [add_note(world, pupil=pupil, text=f"Note {n}") for n in range(3)]
    items.append(add_link(world, pupil=pupil))
    add_note(world)  # another pupil's: not shown, not logged
    client.force_login(world.users["dsl"])
    response = client.get(reverse("portal:safeguarding:pupil", args=[pupil.pk]))
    assert response.status_code == 200
    rows = AccessLogEntry.objects.filter(
        action="viewed_in_list", request_id=response["X-Request-ID"]
    )
    assert sorted(rows.values_list("item_id", flat=True)) == sorted(
        item.pk for item in items
    )


def test_the_case_page_shows_no_restricted_content_so_logs_nothing(world, client):
    case = world.open_case()
    add_note(world, case=case, text="Case note words")
    client.force_login(world.users["dsl"])
    before = AccessLogEntry.objects.count()
    response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    assert b"Case note words" not in response.content
    assert b"Restricted records for this pupil" in response.content
    assert AccessLogEntry.objects.count() == before


def test_the_chronology_shows_the_restricted_event_to_the_dsl_only(world, client):
    case = world.open_case()
    note = add_note(world, case=case)
    url = case.get_absolute_url() + "?kind=safeguarding.item_added"
    client.force_login(world.users["dsl"])
    shown = client.get(url).content.decode()
    assert "Restricted safeguarding record added" in shown
    assert f"Restricted note {note.pk}, under Safeguarding" in shown
    for who in ("lead", "officer", "head"):
        client.force_login(world.users[who])
        response = client.get(url)
        assert response.status_code == 200
        assert b"Restricted safeguarding record added" not in response.content
        assert b"Restricted note" not in response.content


def test_the_pupil_page_links_to_restricted_records_only_for_readers(world, client):
    note = add_note(world)
    url = reverse("portal:pupil_detail", args=[note.pupil_id])
    link = reverse("portal:safeguarding:pupil", args=[note.pupil_id]).encode()
    client.force_login(world.users["dsl"])
    assert link in client.get(url).content
    for who in ("lead", "head", "officer"):
        client.force_login(world.users[who])
        assert link not in client.get(url).content
