"""Start the production configuration under gunicorn and check it over HTTP.

On a fresh PostgreSQL database (named after DATABASE_URL's, with
``_prod_smoke`` added, dropped and made anew): migrate, load a small demo,
collect the static files into a temporary folder, start gunicorn with
config/gunicorn.py and DEBUG off, then, as a TLS-terminating proxy would
forward them (``X-Forwarded-Proto: https``, one ``X-Forwarded-For`` entry):

- the home page, the portal's login page and, signed in, the dashboard answer
  200 with the security headers;
- a static file comes from WhiteNoise under its hashed name, cached for a year;
- an oversized post to the login page is refused with 413;
- gunicorn stops cleanly on SIGTERM.

Run from .ci/run after the tests; by hand:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt_prod \\
        .venv/bin/python .ci/production_smoke.py

Any failed check stops the run with a message and a non-zero exit.
"""

import http.cookiejar
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
from cryptography.fernet import Fernet
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/wagtail_attendance"
USERNAME = "officer.chaucer"
# load_demo gives its users this password (DEMO_PASSWORD); a new one each run.
PASSWORD = secrets.token_urlsafe(16)
CLIENT_ADDRESS = "203.0.113.10"  # the visitor, as the proxy reports it
# Headers every page must carry, with the exact value expected (None: present).
SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": None,
}
PAGES = [
    ("/", "School attendance: policies and contacts"),
    ("/portal/login/", "Sign in to the staff portal"),
]


class SmokeFailure(Exception):
    """A check failed; the message says which and how."""


def step(message: str, started: float) -> None:
    print(f"production smoke: {message} ({time.monotonic() - started:.1f} s)")


def fresh_database(url: str) -> str:
    """Drop and create the smoke database beside DATABASE_URL's; its URL."""
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/") + "_prod_smoke"
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return parts._replace(path=f"/{name}").geturl()


def manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SmokeFailure(
            f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}"
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class BehindTheProxy(http.cookiejar.DefaultCookiePolicy):
    """Send the site's Secure cookies over the plain HTTP hop between the
    proxy (which terminated TLS) and gunicorn, as the proxy does."""

    def return_ok_secure(self, cookie, request) -> bool:
        return True


def proxy_opener(base_url: str) -> urllib.request.OpenerDirector:
    """An HTTP client that speaks to gunicorn as nginx would: it says the
    request came over HTTPS, names the client, and keeps cookies."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(
            http.cookiejar.CookieJar(policy=BehindTheProxy())
        )
    )
    https_origin = base_url.replace("http://", "https://", 1)
    opener.addheaders = [
        ("X-Forwarded-Proto", "https"),
        ("X-Forwarded-For", CLIENT_ADDRESS),
        # A browser's form post over HTTPS carries its origin; Django's CSRF
        # check compares it with the host.
        ("Origin", https_origin),
        ("Accept-Encoding", "identity"),
    ]
    return opener


def fetch(opener, url: str, data: bytes | None = None, headers=None):
    """(status, headers, body) of one request; an HTTP error is an answer too."""
    request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def sign_in(opener, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Sign in to the portal as ``username`` in both steps, as staff do: the
    password, then the demo authenticator app's current code; expect to land
    on the dashboard."""
    landed = post_form(
        opener,
        f"{base_url}/portal/login/",
        {"username": username, "password": password},
        what=f"signing in as {username}",
    )
    if landed != "/portal/login/code/":
        raise SmokeFailure(
            f"the password of {username} led to {landed}, not the code page"
        )
    # Imported here: the code needs django-otp's arithmetic, not Django.
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from demo.authenticator import demo_code

    landed = post_form(
        opener,
        f"{base_url}/portal/login/code/",
        {"code": demo_code()},
        what=f"the second step for {username}",
    )
    if landed != "/portal/":
        raise SmokeFailure(
            f"signing in as {username} ended at {landed}, not the dashboard"
        )


def post_form(opener, url: str, fields: dict, *, what: str) -> str:
    """Post a portal form with the CSRF token of its page; the path it lands on."""
    status, _, body = fetch(opener, url)
    if status != 200:
        raise SmokeFailure(f"{what}: the form answered {status}")
    token = re.search(
        rb'name="csrfmiddlewaretoken" value="([^"]+)"', body
    ) or re.search(rb'value="([^"]+)" name="csrfmiddlewaretoken"', body)
    if token is None:
        raise SmokeFailure(f"{what}: the form has no CSRF token")
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1).decode(), **fields}
    ).encode()
    request = urllib.request.Request(  # noqa: S310
        url,
        data=form,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    try:
        with opener.open(request, timeout=30) as response:
            if response.status != 200:
                raise SmokeFailure(f"{what} answered {response.status}")
            return urllib.parse.urlsplit(response.geturl()).path
    except urllib.error.HTTPError as error:
        raise SmokeFailure(f"{what} answered {error.code}") from None


def check_page(opener, base_url: str, path: str, expected: str) -> bytes:
    status, headers, body = fetch(opener, base_url + path)
    if status != 200:
        raise SmokeFailure(f"{path} answered {status}, not 200")
    if expected.encode() not in body:
        raise SmokeFailure(f"{path} does not say {expected!r}")
    for name, value in SECURITY_HEADERS.items():
        got = headers.get(name)
        if got is None or (value is not None and got != value):
            raise SmokeFailure(f"{path}: header {name} is {got!r}, not {value!r}")
    if "camera=()" not in headers["Permissions-Policy"]:
        raise SmokeFailure(f"{path}: Permissions-Policy does not deny the camera")
    return body


def check_static(opener, base_url: str, page: bytes) -> str:
    """The page's stylesheet, under its hashed name, from WhiteNoise."""
    link = re.search(rb'href="(/static/portal/portal\.[0-9a-f]{12}\.css)"', page)
    if link is None:
        raise SmokeFailure("the login page does not link a hashed portal.css")
    path = link.group(1).decode()
    status, headers, body = fetch(opener, base_url + path)
    cache = headers.get("Cache-Control", "")
    if status != 200 or not body:
        raise SmokeFailure(f"{path} answered {status}")
    if "max-age=315360000" not in cache or "immutable" not in cache:
        raise SmokeFailure(f"{path} is not cached for long: {cache!r}")
    status, headers, _ = fetch(
        opener, base_url + path, headers={"Accept-Encoding": "gzip"}
    )
    if headers.get("Content-Encoding") != "gzip":
        raise SmokeFailure(f"{path} has no compressed copy")
    return path


def check_body_limit(opener, base_url: str) -> None:
    status, _, body = fetch(
        opener,
        f"{base_url}/portal/login/",
        data=b"x" * (2 * 1024 * 1024),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    if status != 413:
        raise SmokeFailure(f"a 2 MB post to the login page answered {status}")


def wait_until_up(server: subprocess.Popen, base_url: str, opener) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SmokeFailure(f"gunicorn stopped at start (exit {server.returncode})")
        try:
            fetch(opener, f"{base_url}/portal/login/")
            return
        except OSError:
            time.sleep(0.2)
    raise SmokeFailure("gunicorn did not answer within 60 seconds")


def stop(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        code = server.wait(timeout=40)
    except subprocess.TimeoutExpired:
        raise SmokeFailure("gunicorn did not stop within 40 s of SIGTERM") from None
    if code != 0:
        raise SmokeFailure(f"gunicorn stopped with exit code {code}")


def end_process_group(server: subprocess.Popen) -> None:
    """After a failed check: stop gunicorn and its workers, whatever happens.

    SIGTERM first (the workers finish and exit), then SIGKILL for the whole
    group: killing only the master would leave its workers running."""
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(server.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # the group is already gone
    server.wait()


def run(folder: Path) -> None:
    started = time.monotonic()
    database_url = fresh_database(os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL))
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SAFEGUARDING_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "BEHIND_TLS_PROXY": "true",
        "TRUSTED_PROXY_COUNT": "1",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "PRIVATE_MEDIA_ROOT": str(folder / "private"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DEMO_PASSWORD": PASSWORD,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_ACCESS_LOG": str(folder / "access.log"),
    }
    manage(env, "migrate", "--noinput")
    step("migrated a fresh database", started)
    # A small demo (as the tests load it): the checks need users, not volume.
    manage(
        env,
        *("load_demo", "--force"),
        *("--pupils-per-school", "12", "--pupils-per-primary", "8"),
    )
    step("loaded the demo", started)
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    step("collected the static files", started)

    base_url = f"http://127.0.0.1:{port}"
    launched = time.monotonic()
    server = subprocess.Popen(  # noqa: S603 - gunicorn from this environment
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        # Its own process group, so that the workers can be ended with it.
        start_new_session=True,
    )
    try:
        opener = proxy_opener(base_url)
        wait_until_up(server, base_url, opener)
        print(
            "production smoke: gunicorn answered "
            f"{time.monotonic() - launched:.1f} s after it was started"
        )
        for path, expected in PAGES:
            page = check_page(opener, base_url, path, expected)
            print(f"production smoke: {path} OK, with the security headers")
        static = check_static(opener, base_url, page)
        print(f"production smoke: {static} from WhiteNoise, cached for a year")
        check_body_limit(opener, base_url)
        print("production smoke: a 2 MB post to the login page got 413")
        sign_in(opener, base_url, USERNAME)
        check_page(opener, base_url, "/portal/", "Dashboard")
        print(f"production smoke: signed in as {USERNAME}; /portal/ OK")
        stop(server)
        step("gunicorn stopped cleanly", started)
    finally:
        end_process_group(server)


def stopped_from_outside(signum, _frame) -> None:
    """CI ends this run with SIGTERM when the tests beside it fail: leave
    through the ``finally`` blocks, so gunicorn's group is ended too."""
    raise SystemExit(128 + signum)


def main() -> int:
    signal.signal(signal.SIGTERM, stopped_from_outside)
    with tempfile.TemporaryDirectory(prefix="attendance-prod-smoke-") as folder:
        try:
            run(Path(folder))
        except SmokeFailure as failure:
            print(f"production smoke FAILED: {failure}", file=sys.stderr)
            return 1
    print("production smoke: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
