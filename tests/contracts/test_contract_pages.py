"""Parenting contract pages: the journey through the portal, who may see and
do what (404 for anyone who may not see the case, uploads included), form
errors that name the field and write nothing, the signed copy served with
no-store, and a fixed number of queries on the case and contract pages."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contracts import contract_services as services
from contracts.contract_enums import ContractStatus
from contracts.contract_letters import DOCUMENT, contract_letters_prepare
from contracts.models import ParentingContract
from tests.cases.test_access import OUTSIDERS
from tests.contracts.test_contract_lifecycle import (
    Setup,
    build_contract_setup,
    pdf_upload,
    png_bytes,
    written,
)
from tests.portal.test_access import portal_url_names
from tests.shared_world import shared_world

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

READERS = ["officer", "pastoral", "head", "legal"]


@pytest.fixture
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


# One world for the module, with its case (see test_contract_lifecycle.py).
setup = shared_world(build_contract_setup, name="setup", fixtures=("private_media",))


@pytest.fixture
def world(setup):
    return setup.world


def url(name: str, **kwargs) -> str:
    return reverse(f"portal:contracts:{name}", kwargs=kwargs)


def _ids(contract) -> dict:
    return {"pk": contract.case_id, "contract_pk": contract.pk}


def test_the_journey_through_the_pages(setup, client):
    client.force_login(setup.world.users["lead"])
    case = setup.case
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Parenting contracts" in page
    assert url("contract_draft", pk=case.pk) in page
    form = client.get(url("contract_draft", pk=case.pk))
    assert form.status_code == 200
    today = timezone.localdate()
    response = client.post(
        url("contract_draft", pk=case.pk),
        {
            "parents": [str(p.pk) for p in setup.family.parents],
            "plan": str(setup.plan.pk),
            "parents_reasons": "Mornings are hard.",
            "child_views": "",
            "parents_agree": "Bring Sam by 8.45.",
            "school_agrees": "Breakfast club.",
            "overall_responsible": str(setup.world.users["lead"].pk),
            "day_to_day_responsible": str(setup.world.users["pastoral"].pk),
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(weeks=12)).isoformat(),
            "review_every_weeks": "5",
            "consent_to_share": "on",
        },
    )
    contract = ParentingContract.objects.get(case=case)
    assert response.status_code == 302
    assert response["Location"] == contract.get_absolute_url()
    assert contract.review_every_weeks == 5
    assert client.post(url("contract_offer", **_ids(contract))).status_code == 302
    response = client.post(
        url("contract_sign", **_ids(contract)),
        {
            "signed_on": today.isoformat(),
            "present": "Both parents and Test Lead",
            "witness": "Test Pastoral",
            "signed_copy": pdf_upload(),
        },
    )
    assert response.status_code == 302
    assert client.post(url("contract_activate", **_ids(contract))).status_code == 302
    review = {
        "held_on": today.isoformat(),
        "attended": "Ms Dana Okafor, Test Lead",
        "decision": "continue",
    }
    review.update({f"target_{t.pk}": "not_met" for t in setup.targets})
    response = client.post(url("contract_review", **_ids(contract)), review)
    assert response.status_code == 302
    contract = ParentingContract.objects.get(pk=contract.pk)
    assert contract.status == ContractStatus.REVIEWED
    not_kept = url("contract_not_kept", **_ids(contract))
    response = client.post(
        not_kept,
        {
            "part": "contact",
            "contact-contacted_on": today.isoformat(),
            "contact-contact_note": "Dad says the bus is late.",
            "contact-amendment_note": "Considered; the contract already covers it.",
        },
    )
    assert response.status_code == 302
    response = client.post(
        url("contract_letters", **_ids(contract)),
        {"kind": "parenting_contract_warning"},
    )
    assert response["Location"] == not_kept + "#warning"
    response = client.post(
        not_kept,
        {
            "part": "decision",
            "decision-decision": "refer_to_la",
            "decision-reason": "Attendance fell after the warning letters.",
        },
    )
    assert response.status_code == 302
    contract = ParentingContract.objects.get(pk=contract.pk)
    assert contract.status == ContractStatus.NOT_KEPT
    page = client.get(contract.get_absolute_url()).content.decode()
    assert "Not kept" in page
    assert "Attendance fell after the warning letters." in page


def test_the_draft_is_changed_on_its_page_and_not_after_the_offer(setup, client):
    contract = setup.draft()
    client.force_login(setup.world.users["lead"])
    address = url("contract_edit", **_ids(contract))
    form = client.get(address)
    assert form.status_code == 200
    data = {
        key: value
        for key, value in form.context["form"].initial.items()
        if value is not None
    }
    data.update(
        parents=[str(setup.family.father.pk)],
        plan=str(setup.plan.pk),
        overall_responsible=str(setup.world.users["lead"].pk),
        day_to_day_responsible=str(setup.world.users["pastoral"].pk),
        consent_to_share="on",
        pupil_agrees="Go to the morning check-in.",
    )
    response = client.post(address, data)
    assert response.status_code == 302
    contract = ParentingContract.objects.get(pk=contract.pk)
    assert contract.pupil_agrees == "Go to the morning check-in."
    assert list(contract.parents.all()) == [setup.family.father]
    setup.step(contract, "offer")
    response = client.get(address)
    assert response.status_code == 302
    assert response["Location"] == contract.get_absolute_url()


def test_a_bad_upload_is_a_field_error_that_writes_nothing(setup, client):
    contract = setup.draft()
    setup.step(contract, "offer")
    client.force_login(setup.world.users["dsl"])
    before = written(setup.case)
    response = client.post(
        url("contract_sign", **_ids(contract)),
        {
            "signed_on": timezone.localdate().isoformat(),
            "present": "Both parents",
            "witness": "Test Pastoral",
            "signed_copy": SimpleUploadedFile("scan.pdf", b"%PDF-1.7 nonsense"),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "signed_copy": ["The PDF could not be read: it may be damaged."]
    }
    assert written(setup.case) == before
    assert ParentingContract.objects.get(pk=contract.pk).status == "offered"


def test_a_draft_for_a_parent_not_the_pupils_is_a_form_error(setup, client):
    from tests.factories import ParentCarerFactory

    stranger = ParentCarerFactory()
    client.force_login(setup.world.users["lead"])
    before = written(setup.case)
    response = client.post(
        url("contract_draft", pk=setup.case.pk),
        {"parents": [str(stranger.pk)], "parents_agree": "x", "school_agrees": "y"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.context["form"].errors["parents"][0]
    assert written(setup.case) == before


def test_the_signed_copy_is_served_only_through_the_view_with_no_store(setup, client):
    contract = setup.signed()
    client.force_login(setup.world.users["officer"])  # a reader of the case
    response = client.get(url("contract_signed_copy", **_ids(contract)))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"].startswith("no-store, private")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_signatures_on_screen_are_served_with_no_store(setup, client):
    import base64

    contract = setup.draft()
    setup.step(contract, "offer")
    client.force_login(setup.world.users["lead"])
    data_url = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()
    response = client.post(
        url("contract_sign", **_ids(contract)),
        {
            "signed_on": timezone.localdate().isoformat(),
            "present": "Both parents",
            "witness": "Test Pastoral",
            **{f"signature_{p.pk}": data_url for p in setup.family.parents},
        },
    )
    assert response.status_code == 302
    signature = contract.signatures.first()
    response = client.get(
        url("contract_signature", **_ids(contract), signature_pk=signature.pk)
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"].startswith("no-store, private")


@pytest.mark.parametrize("role", READERS)
def test_readers_see_the_contract_but_may_not_change_it(setup, client, role):
    contract = setup.signed()
    client.force_login(setup.world.users[role])
    page = client.get(contract.get_absolute_url())
    assert page.status_code == 200
    assert url("contract_activate", **_ids(contract)) not in page.content.decode()
    before = written(setup.case)
    for name in ("contract_activate", "contract_withdraw", "contract_letters"):
        assert (
            client.post(url(name, **_ids(contract)), {"reason": "x"}).status_code == 403
        )
    assert client.get(url("contract_draft", pk=setup.case.pk)).status_code == 403
    assert written(setup.case) == before


def _every_url(setup) -> list[tuple[str, dict, dict | None]]:
    contract = setup.signed()
    import base64

    on_screen = setup.draft()
    setup.step(on_screen, "offer")
    data_url = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()
    setup.step(
        on_screen,
        "sign",
        signed_on=timezone.localdate(),
        present="Both",
        witness="Test Pastoral",
        signatures=[
            services.Signature(str(p), data_url, p) for p in setup.family.parents
        ],
    )
    contract_letters_prepare(
        contract=contract, kind=DOCUMENT, by=setup.world.users["lead"]
    )
    ids = _ids(contract)
    signature = on_screen.signatures.first()
    return [
        ("contract_draft", {"pk": setup.case.pk}, {"parents_agree": "x"}),
        ("contract_not_offered", {"pk": setup.case.pk}, {"reason": "x"}),
        ("contract", ids, None),
        ("contract_edit", ids, {"parents_agree": "x"}),
        ("contract_offer", ids, {}),
        ("contract_activate", ids, {}),
        ("contract_sign", ids, {"present": "x"}),
        ("contract_review", ids, {"attended": "x"}),
        ("contract_not_kept", ids, {"part": "contact"}),
        ("contract_complete", ids, {"reason": "x"}),
        ("contract_withdraw", ids, {"reason": "x"}),
        ("contract_decline", ids, {"reason": "x"}),
        ("contract_letters", ids, {"kind": DOCUMENT}),
        ("contract_signed_copy", ids, None),
        (
            "contract_signature",
            {**_ids(on_screen), "signature_pk": signature.pk},
            None,
        ),
    ]


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_outsiders_get_404_on_every_contract_url(
    world, client, outsider, private_media
):
    setup = Setup(world, shared=False)
    requests = _every_url(setup)
    before = written(setup.case)
    client.force_login(setup.world.users[outsider])
    visited = set()
    for name, kwargs, post in requests:
        address = url(name, **kwargs)
        response = client.get(address)
        assert response.status_code in (404, 405), (outsider, "get", address)
        if response.status_code == 405 or post is not None:
            assert client.post(address, post or {}).status_code == 404, (
                outsider,
                "post",
                address,
            )
        visited.add(f"portal:contracts:{name}")
    ours = {n for n in portal_url_names() if n.startswith("portal:contracts:contract")}
    assert ours == visited
    assert written(setup.case) == before


def test_a_contract_on_another_case_is_404(setup, world, client):
    other = Setup(world)
    contract = other.draft()
    client.force_login(world.users["lead"])
    response = client.get(url("contract", pk=setup.case.pk, contract_pk=contract.pk))
    assert response.status_code == 404


def _count(client, address) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)


def _grow(setup, contract, n: int) -> None:
    for _ in range(n):
        setup.draft()
        setup.review(contract)


@pytest.mark.parametrize("role", ["lead", "officer", "la"])
def test_case_and_contract_pages_read_a_fixed_number_of_queries(setup, client, role):
    contract = setup.active()
    _grow(setup, contract, 1)
    client.force_login(setup.world.users[role])
    for address in (setup.case.get_absolute_url(), contract.get_absolute_url()):
        _count(client, address)  # fills Django's caches
        few, _ = _count(client, address)
        _grow(setup, contract, 3)
        many, sql = _count(client, address)
        assert many == few, f"{address}: {few} queries became {many}:\n{sql}"
