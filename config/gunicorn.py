"""gunicorn settings for production: `gunicorn -c config/gunicorn.py config.wsgi`.

Read from the same environment as the Django settings (docs/operations.md,
"Running the site"). gunicorn sits behind a reverse proxy that terminates TLS,
buffers slow clients and limits body sizes, so it listens on the loopback
address by default and uses plain synchronous workers.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


# Where the proxy reaches gunicorn: host:port or unix:/run/attendance.sock.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two per core plus one, as gunicorn suggests for synchronous workers, but no
# more than 8 by default: each worker holds a database connection and a copy
# of the application (about 110 MB resident, measured), and pages wait on the
# database, not the CPU.
workers = _int("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8))
worker_class = "sync"
# A request still running after this long is killed and its worker replaced.
# Court bundles and exports run in the background worker, not in a request;
# the slowest request (a day's letters joined into one PDF) takes seconds.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
# The proxy keeps connections to gunicorn short.
keepalive = 5
# Replace each worker after this many requests (with jitter so they do not
# all restart at once), so that slow leaks cannot grow without end.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = 100
# Headers: the longest URL of the site is far shorter than this; cookies
# (session, CSRF) fit easily. Bodies are limited by the proxy and by
# portal.middleware.RequestBodyLimitMiddleware.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# Access log to standard output, error log to standard error (journald keeps
# both). The access log names the client from X-Forwarded-For, the request
# line, the status, the size, the time taken in microseconds and the request
# id; never a query string's parameters beyond the URL, nor a body.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = (
    '%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(B)s %(D)sus '
    '%({x-request-id}o)s "%(a)s"'
)
# Load the application once in the master, so a broken configuration stops
# start-up with one clear error instead of every worker failing in a loop.
preload_app = True
# X-Forwarded-* headers are the proxy's business and Django's (TRUSTED_PROXY_COUNT,
# BEHIND_TLS_PROXY); gunicorn itself trusts them only from the loopback address.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "attendance"
# gunicorn 24 and later open a control socket in the user's home folder for
# its command-line client; nothing here uses it, so no extra way in.
control_socket_disable = True
