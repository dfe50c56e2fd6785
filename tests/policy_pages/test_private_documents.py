"""A Wagtail document in a restricted collection is never handed to a visitor
who has not passed the restriction: not through Wagtail's serve view, and not
by the path where its file is stored (the site serves nothing under /media/)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

CONTENT = b"%PDF-1.4 governors' minutes naming a pupil"


def document_in(collection: Collection, name: str):
    return get_document_model().objects.create(
        title=name,
        collection=collection,
        file=SimpleUploadedFile(name, CONTENT),
    )


@pytest.fixture
def documents(settings, tmp_path):
    """A public document and one in a collection restricted to a password,
    and one restricted to signed-in users, with their files on disk."""
    settings.MEDIA_ROOT = tmp_path
    root = Collection.get_first_root_node()
    made = {"public": document_in(root, "public.pdf")}
    for kind in (
        CollectionViewRestriction.PASSWORD,
        CollectionViewRestriction.LOGIN,
    ):
        collection = root.add_child(name=f"Restricted ({kind})")
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=kind, password="governors-2026"
        )
        made[kind] = document_in(collection, f"{kind}.pdf")
    for document in made.values():
        assert (tmp_path / document.file.name).read_bytes() == CONTENT
    return made


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_the_public_document_is_served(client, documents):
    """What the other tests could leak, first shown to be reachable."""
    response = client.get(documents["public"].url)
    assert response.status_code == 200
    assert body(response) == CONTENT


@pytest.mark.parametrize(
    "kind", [CollectionViewRestriction.PASSWORD, CollectionViewRestriction.LOGIN]
)
def test_a_restricted_document_is_not_served_anonymously(client, documents, kind):
    document = documents[kind]
    assert document.url.startswith("/documents/")
    served = client.get(document.url)
    assert served.status_code in {200, 302}  # the password form, or to login
    assert CONTENT not in body(served)
    if kind == CollectionViewRestriction.LOGIN:
        # The portal's login (both steps), where Wagtail sends restricted content.
        assert served["Location"] == f"/portal/login/?next={document.url}"


@pytest.mark.parametrize("kind", ["public", CollectionViewRestriction.PASSWORD])
def test_no_document_is_served_by_its_storage_path(client, documents, kind):
    stored = f"/media/{documents[kind].file.name}"
    response = client.get(stored)
    assert response.status_code == 404
    assert CONTENT not in body(response)
