"""Start the demo server, fetch the home page and the login page, and stop.

Run by `make demo SMOKE=1` after the demo is migrated and loaded. Exits non-zero
if the server does not come up or a page is not what a visitor should see.
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
