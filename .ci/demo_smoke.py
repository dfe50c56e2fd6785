"""Start the demo server and its background worker, fetch the home page and
the login page, have the worker produce a court bundle, and stop.

Run by `make demo SMOKE=1` after the demo is migrated and loaded. Exits non-zero
if the server does not come up, a page is not what a visitor should see, or
the worker does not produce the bundle.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKS = [
    ("/", "School attendance: policies and contacts"),
    ("/portal/login/", "Sign in to the staff portal"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bundle_through_the_worker() -> str | None:
    """Ask for a court bundle as the demo's LA legal officer and wait for the
    worker (started as `make demo` starts it) to produce it; None when it did."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "true"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from cases.selectors import visible_cases
    from legal.bundle_services import bundle_request
    from legal.enums import BundleStatus

    legal = get_user_model().objects.get(username="legal.sheffield")
    case = visible_cases(legal).order_by("pk").first()
    if case is None:
        return "the LA legal officer sees no demo case"
    bundle = bundle_request(case=case, by=legal, draft=False)
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "db_worker", "--backend", "background"],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "true"},
    )
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            bundle.refresh_from_db()
            if bundle.status == BundleStatus.DONE:
                return None
            if bundle.status == BundleStatus.FAILED:
                return f"the bundle failed: {bundle.error}"
            if worker.poll() is not None:
                return "the worker stopped"
            time.sleep(1)
        return "the worker did not produce the bundle in three minutes"
    finally:
        worker.terminate()
        worker.wait(timeout=10)


def main() -> int:
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "true"},
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    print("demo smoke: the server did not start", file=sys.stderr)
                    return 1
                time.sleep(0.5)
        if (failed := bundle_through_the_worker()) is not None:
            print(f"demo smoke: {failed}", file=sys.stderr)
            return 1
        print("demo smoke: the worker produced a court bundle")
        for path, expected in CHECKS:
            url = f"http://127.0.0.1:{port}{path}"
            with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
                body = response.read().decode()
                if response.status != 200 or expected not in body:
                    print(
                        f"demo smoke: {path} answered {response.status} "
                        f"without {expected!r}",
                        file=sys.stderr,
                    )
                    return 1
            print(f"demo smoke: {path} OK")
        return 0
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
