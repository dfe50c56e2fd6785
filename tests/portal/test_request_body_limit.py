"""Request bodies: a small limit everywhere, a larger one for upload views, and
an oversized body refused from its Content-Length before anything reads it."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory
from django.urls import URLResolver, get_resolver, reverse

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

MB = 1024 * 1024
# The project's own apps, whose views could take uploads.
APPS = [
    *("portal", "legal", "meetings", "contracts", "safeguarding", "plans"),
    *("voice", "letters", "cases", "policy_pages", "attendance", "schools"),
    *("config", "demo"),
]


class UnreadableBody(io.RawIOBase):
    """A request body that fails the test if anything reads from it."""

    def readable(self) -> bool:
        return True

    def read(self, size=-1):
        raise AssertionError("the request body was read")

    readline = readinto = read


def call_wsgi(path: str, **environ) -> tuple[str, dict[str, str], bytes]:
    """The whole WSGI application, as gunicorn calls it, with an unreadable body."""
    base = RequestFactory()._base_environ(
        PATH_INFO=path, REQUEST_METHOD="POST", **environ
    )
    base["wsgi.input"] = UnreadableBody()
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    body = b"".join(WSGIHandler()(base, start_response))
    return answer["status"], answer["headers"], body


def test_an_oversized_post_to_the_login_page_is_refused_unread():
    status, headers, body = call_wsgi(
        reverse("portal:login"),
        CONTENT_TYPE="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(150 * MB),
    )
    assert status == "413 Request Entity Too Large"
    assert headers["Content-Type"] == "text/plain; charset=utf-8"
    assert body == b"Request too large.\n"


def test_an_anonymous_upload_is_refused_unread_before_the_csrf_check():
    """An upload view takes a large body only from a signed-in user: the
    refusal comes before CsrfViewMiddleware would read the form."""
    status, _, body = call_wsgi(
        reverse("portal:attendance:upload"),
        CONTENT_TYPE="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(3 * MB),
        HTTP_COOKIE="csrftoken=" + "a" * 32,
    )
    assert status == "413 Request Entity Too Large"
    assert body == b"Request too large: sign in to upload files.\n"


def test_the_import_takes_a_larger_body_than_other_uploads():
    assert settings.PORTAL_UPLOAD_LIMITS["portal:attendance:upload"] == 100 * MB
    assert settings.PORTAL_UPLOAD_LIMITS["wagtailimages:add"] == 20 * MB


def test_a_chunked_body_without_a_length_is_read_as_empty():
    """gunicorn passes a chunked body on with no Content-Length; Django reads
    such a body as empty, so the login page refuses the post (no CSRF token)
    without reading a byte of it."""
    status, _, _ = call_wsgi(
        reverse("portal:login"),
        CONTENT_TYPE="application/x-www-form-urlencoded",
        HTTP_TRANSFER_ENCODING="chunked",
    )
    assert status == "403 Forbidden"


def test_a_post_just_over_the_limit_is_refused_on_any_other_portal_view(
    client_as,
):
    client = client_as("officer.chaucer")
    response = client.post(
        reverse("portal:pupil_list"),
        {"q": "x" * MB},
    )
    assert response.status_code == 413


def test_a_post_below_the_limit_is_unaffected(client):
    response = client.post(
        reverse("portal:login"),
        {"username": "officer.chaucer", "password": "attendance-demo-2026"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:second_factor")


def test_an_upload_view_takes_a_file_over_the_small_limit(client_as):
    """Three megabytes of CSV reach the import view, which reads them and
    answers itself (422: no row is valid), instead of the middleware's 413."""
    client = client_as("officer.chaucer")
    csv = b"upn,date,session,code\n" + b"X" * (3 * MB) + b"\n"
    assert len(csv) > settings.MAX_REQUEST_BODY_BYTES
    page = client.get(reverse("portal:attendance:upload"))
    school = page.context["form"].fields["school"].choices[0][0]
    response = client.post(
        reverse("portal:attendance:upload"),
        {
            "school": school,
            "kind": "marks",
            "file": SimpleUploadedFile("marks.csv", csv, "text/csv"),
        },
    )
    assert response.status_code == 422
    assert response.context["report"] is not None


def test_an_upload_over_the_upload_limit_is_refused(client_as, settings):
    settings.PORTAL_UPLOAD_LIMITS = {
        **settings.PORTAL_UPLOAD_LIMITS,
        "portal:attendance:upload": 2 * MB,
    }
    client = client_as("officer.chaucer")
    response = client.post(
        reverse("portal:attendance:upload"),
        {"file": SimpleUploadedFile("marks.csv", b"X" * (3 * MB), "text/csv")},
    )
    assert response.status_code == 413


def view_names(resolver: URLResolver, namespaces: tuple[str, ...] = ()):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (pattern.namespace,) if pattern.namespace else ()
            yield from view_names(pattern, (*namespaces, *inner))
        elif pattern.name:
            yield ":".join((*namespaces, pattern.name))


def test_every_upload_view_named_in_the_settings_exists():
    """A renamed URL would silently fall back to the small limit."""
    names = set(view_names(get_resolver()))
    assert set(settings.PORTAL_UPLOAD_LIMITS) - names == set()


def test_the_project_reads_uploads_only_in_the_listed_views():
    """Every module of ours that reads request.FILES is one whose upload views
    are listed: a new upload view must be added to PORTAL_UPLOAD_LIMITS."""
    root = Path(settings.BASE_DIR)
    readers = {
        str(path.relative_to(root))
        for app in APPS
        for path in (root / app).rglob("*.py")
        if "request.FILES" in path.read_text()
    }
    assert readers == {
        "attendance/views.py",
        "voice/views.py",
        "contracts/contract_views.py",
    }
