"""Several people at once on the embedded SQLite database: no "database is locked".

Runs in a subprocess with its own SQLite file and the project's
``SQLITE_OPTIONS``, whatever database the suite itself runs on: four writers
each make 50 read-then-write transactions (the pattern that fails under
SQLite's default deferred transactions, when two readers both try to upgrade
to a write lock) while four readers keep reading.
"""

import json
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.integration

PROBE = r"""
import json, sys, threading
import django
from django.conf import settings

settings.configure(
    DATABASES={"default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": sys.argv[1],
        "OPTIONS": json.loads(sys.argv[2]),
    }},
    INSTALLED_APPS=[],
    USE_TZ=True,
)
django.setup()
from django.db import connection, connections, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE tally (id INTEGER PRIMARY KEY, n INTEGER)")
    cursor.execute("INSERT INTO tally VALUES (1, 0)")
    cursor.execute("PRAGMA journal_mode")
    mode = cursor.fetchone()[0]
connections.close_all()
errors, reads = [], []

def writer():
    try:
        for _ in range(50):
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT n FROM tally WHERE id = 1")
                    (n,) = cursor.fetchone()
                    cursor.execute("UPDATE tally SET n = %s WHERE id = 1", [n + 1])
    except Exception as error:
        errors.append(repr(error))
    finally:
        connections.close_all()

def reader():
    try:
        for _ in range(200):
            with connection.cursor() as cursor:
                cursor.execute("SELECT n FROM tally WHERE id = 1")
                reads.append(cursor.fetchone()[0])
    except Exception as error:
        errors.append(repr(error))
    finally:
        connections.close_all()

threads = [threading.Thread(target=writer) for _ in range(4)]
threads += [threading.Thread(target=reader) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT n FROM tally WHERE id = 1")
    (total,) = cursor.fetchone()
print(json.dumps({"mode": mode, "errors": errors, "total": total, "reads": len(reads)}))
"""


def test_concurrent_writers_and_readers_never_meet_a_locked_database(tmp_path):
    result = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [
            sys.executable,
            "-c",
            PROBE,
            str(tmp_path / "demo.sqlite3"),
            json.dumps(settings.SQLITE_OPTIONS),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    outcome = json.loads(result.stdout)
    assert outcome == {"mode": "wal", "errors": [], "total": 200, "reads": 800}
