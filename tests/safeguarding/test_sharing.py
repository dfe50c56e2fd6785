"""A DSL shares one item with one person, maybe until a date; access follows at once."""

from datetime import date, datetime, time

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from safeguarding import services
from safeguarding.models import AccessLogEntry, RestrictedItemGrant
from safeguarding.permissions import readable_items
from safeguarding.services import ShareRefused
from tests.safeguarding.conftest import add_link, add_note

pytestmark = pytest.mark.django_db


def at(day: date, hour: int, minute: int = 0):
    return time_machine.travel(
        timezone.make_aware(datetime.combine(day, time(hour, minute))), tick=False
    )


def reads(client, user, item) -> int:
    client.force_login(user)
    return client.get(item.get_absolute_url()).status_code


def test_a_share_gives_access_to_that_item_only(world, client):
    pupil = world.pupil()
    shared = add_link(world, pupil=pupil)
    other = add_note(world, pupil=pupil, text="Not shared")
    la = world.users["la"]
    services.item_share(item=shared, by=world.users["dsl"], with_user=la)
    assert list(readable_items(la).values_list("pk", flat=True)) == [shared.pk]
    assert reads(client, la, shared) == 200
    assert reads(client, la, other) == 404
    page = client.get(reverse("portal:safeguarding:pupil", args=[pupil.pk]))
    assert page.status_code == 200
    assert b"Not shared" not in page.content
    # Reading is not managing: no edit, no viewers, no further sharing.
    assert (
        client.get(
            reverse("portal:safeguarding:item_edit", args=[shared.pk])
        ).status_code
        == 404
    )
    assert b"Who has viewed this" not in client.get(shared.get_absolute_url()).content


def test_access_ends_at_the_end_of_the_expiry_day(world, client):
    note = add_note(world)
    la = world.users["la"]
    with at(date(2026, 11, 20), 9):
        services.item_share(
            item=note,
            by=world.users["dsl"],
            with_user=la,
            expires_on=date(2026, 11, 27),
        )
    with at(date(2026, 11, 27), 23, 59):
        assert reads(client, la, note) == 200
    with at(date(2026, 11, 28), 0, 0):
        assert reads(client, la, note) == 404
        assert not readable_items(la).filter(pk=note.pk).exists()
        # The DSL sees the share as ended, and may share again.
        client.force_login(world.users["dsl"])
        assert b"(ended)" in client.get(note.get_absolute_url()).content
        services.item_share(item=note, by=world.users["dsl"], with_user=la)
        assert reads(client, la, note) == 200
        assert RestrictedItemGrant.objects.filter(content_object=note).count() == 1


def test_ending_a_share_revokes_access_at_once_and_is_logged(world, client):
    note = add_note(world)
    la, dsl = world.users["la"], world.users["dsl"]
    grant = services.item_share(item=note, by=dsl, with_user=la)
    assert reads(client, la, note) == 200
    client.force_login(dsl)
    response = client.post(
        reverse("portal:safeguarding:item_unshare", args=[note.pk, grant.pk])
    )
    assert response.status_code == 302
    assert reads(client, la, note) == 404
    actions = list(
        AccessLogEntry.objects.filter(item=note, user=dsl)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == ["shared", "unshared"]


def test_shares_are_refused_with_reasons(world):
    note = add_note(world)
    dsl = world.users["dsl"]
    with pytest.raises(ShareRefused, match="does not work at"):
        services.item_share(item=note, by=dsl, with_user=world.users["other_la"])
    with pytest.raises(ShareRefused, match="already read it"):
        services.item_share(item=note, by=dsl, with_user=world.users["dsl"])
    with pytest.raises(ShareRefused, match="in the past"):
        services.item_share(
            item=note,
            by=dsl,
            with_user=world.users["la"],
            expires_on=date(2000, 1, 1),
        )
    services.item_share(item=note, by=dsl, with_user=world.users["la"])
    with pytest.raises(ShareRefused, match="already shared"):
        services.item_share(item=note, by=dsl, with_user=world.users["la"])


def test_a_person_with_a_share_cannot_pass_it_on(world, client):
    note = add_note(world)
    la = world.users["la"]
    services.item_share(item=note, by=world.users["dsl"], with_user=la)
    client.force_login(la)
    response = client.post(
        reverse("portal:safeguarding:item_share", args=[note.pk]),
        {"person": world.users["legal"].pk},
    )
    assert response.status_code == 404
    assert not readable_items(world.users["legal"]).filter(pk=note.pk).exists()


def test_the_share_form_explains_a_refusal_and_shares_nothing(world, client):
    note = add_note(world)
    client.force_login(world.users["dsl"])
    url = reverse("portal:safeguarding:item_share", args=[note.pk])
    response = client.post(
        url, {"person": world.users["la"].pk, "expires_on": "2001-01-01"}
    )
    assert response.status_code == 400
    assert b"The end date is in the past." in response.content
    response = client.post(
        url, {"person": world.users["other_la"].pk, "expires_on": "2026-12-31"}
    )
    assert response.status_code == 400
    assert b"Select a valid choice" in response.content
    assert not RestrictedItemGrant.objects.filter(content_object=note).exists()
