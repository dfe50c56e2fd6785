"""The access log: writes are recorded, edits keep the earlier text, rows stay."""

import csv
import io
from datetime import date, datetime, time

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse
from django.utils import timezone

from safeguarding import services
from safeguarding.models import AccessLogEntry, RestrictedItemRevision
from tests.safeguarding.conftest import add_link, add_note

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="The append-only triggers are PostgreSQL's (django-pgtrigger); CI runs "
    "this test on PostgreSQL.",
)


def test_create_edit_share_and_unshare_are_each_logged(world):
    dsl, la = world.users["dsl"], world.users["la"]
    note = add_note(world, text="First words")
    services.item_edit(item=note, by=dsl, changes={"text": "Second words"})
    grant = services.item_share(item=note, by=dsl, with_user=la)
    services.item_unshare(item=note, by=dsl, grant=grant)
    entries = list(AccessLogEntry.objects.filter(item=note).order_by("pk"))
    assert [e.action for e in entries] == ["created", "edited", "shared", "unshared"]
    assert {e.user for e in entries} == {dsl}
    assert entries[1].details["fields"] == ["text"]
    assert entries[2].details["with_user"] == la.pk


def test_an_edit_keeps_the_previous_text_and_shows_it_to_the_dsl(world, client):
    note = add_note(world, text="What was first written")
    dsl = world.users["dsl"]
    client.force_login(dsl)
    response = client.post(
        reverse("portal:safeguarding:item_edit", args=[note.pk]),
        {"category": "other", "text": "The corrected account"},
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.text == "The corrected account"
    assert note.updated_by == dsl
    revision = RestrictedItemRevision.objects.get(item=note)
    assert revision.previous_values == {
        "category": "neglect",
        "text": "What was first written",
    }
    page = client.get(note.get_absolute_url()).content.decode()
    assert "What was first written" in page
    assert "The corrected account" in page


def test_an_edit_that_changes_nothing_writes_nothing(world):
    note = add_note(world, text="Same")
    before = AccessLogEntry.objects.count()
    assert (
        services.item_edit(item=note, by=world.users["dsl"], changes={"text": "Same"})
        is None
    )
    assert AccessLogEntry.objects.count() == before
    assert not RestrictedItemRevision.objects.filter(item=note).exists()


def test_the_application_offers_no_way_to_change_or_delete_log_rows(world):
    note = add_note(world)
    entry = AccessLogEntry.objects.filter(item=note).first()
    entry.action = "viewed"
    with pytest.raises(ValidationError, match="permanent"):
        entry.save()
    with pytest.raises(ValidationError, match="permanent"):
        entry.delete()
    with pytest.raises(ValidationError, match="permanent"):
        AccessLogEntry.objects.filter(item=note).update(action="viewed")
    with pytest.raises(ValidationError, match="permanent"):
        AccessLogEntry.objects.filter(item=note).delete()
    assert AccessLogEntry.objects.get(pk=entry.pk).action == "created"


@on_postgresql
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE safeguarding_accesslogentry SET action = 'viewed' WHERE id = %s",
        "DELETE FROM safeguarding_accesslogentry WHERE id = %s",
    ],
)
def test_postgresql_refuses_raw_updates_and_deletes_of_the_log(world, sql):
    note = add_note(world)
    entry = AccessLogEntry.objects.filter(item=note).first()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute(sql, [entry.pk])
    assert AccessLogEntry.objects.get(pk=entry.pk).action == "created"


@on_postgresql
def test_postgresql_refuses_to_rewrite_a_revision_except_its_ciphertext(world):
    note = add_note(world)
    services.item_edit(item=note, by=world.users["dsl"], changes={"text": "New"})
    revision = RestrictedItemRevision.objects.get(item=note)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute(
            "UPDATE safeguarding_restricteditemrevision SET revised_by_id = %s "
            "WHERE id = %s",
            [world.users["lead"].pk, revision.pk],
        )
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute(
            "DELETE FROM safeguarding_restricteditemrevision WHERE id = %s",
            [revision.pk],
        )


def _report_rows(client, **query) -> list[list[str]]:
    response = client.get(reverse("portal:safeguarding:access_report_csv"), query)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))[1:]


def test_the_dsl_report_filters_by_person_and_date_and_the_csv_matches(world, client):
    dsl, la = world.users["dsl"], world.users["la"]
    day = date(2026, 11, 10)
    with time_machine.travel(
        timezone.make_aware(datetime.combine(day, time(9))), tick=False
    ):
        note = add_note(world)
        services.item_share(item=note, by=dsl, with_user=la)
    client.force_login(la)
    client.get(note.get_absolute_url())  # today: one read by the LA
    add_note(world, pupil=world.pupil(world.far_school), by="far_dsl")
    client.force_login(dsl)
    everything = _report_rows(client)
    assert [row[2] for row in everything] == ["Viewed", "Shared", "Created"]
    by_la = _report_rows(client, user=la.pk)
    assert [(row[1], row[2]) for row in by_la] == [("Test La", "Viewed")]
    on_day = _report_rows(client, date_from="2026-11-10", date_to="2026-11-10")
    assert [row[2] for row in on_day] == ["Shared", "Created"]
    page = client.get(
        reverse("portal:safeguarding:access_report"), {"user": la.pk}
    ).content.decode()
    assert page.count("<tr>") == 1 + len(by_la)


@pytest.mark.parametrize("who", ["lead", "head", "la", "superuser"])
def test_only_dsls_have_an_access_report(world, client, who):
    add_note(world)
    client.force_login(world.users[who])
    for name in ("access_report", "access_report_csv"):
        assert client.get(reverse(f"portal:safeguarding:{name}")).status_code == 404


def test_restricted_links_are_logged_like_notes(world, client):
    link = add_link(world, reference="CP-7777")
    client.force_login(world.users["dsl"])
    response = client.get(link.get_absolute_url())
    assert b"CP-7777" in response.content
    assert AccessLogEntry.objects.filter(item=link, action="viewed").count() == 1
