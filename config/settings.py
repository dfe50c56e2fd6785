"""Settings for the demo project, driven by environment variables.

The variables are documented in docs/operations.md. With no DATABASE_URL the
project uses SQLite in the project folder; DEBUG defaults to off, and with DEBUG
off SECRET_KEY must be given and the production hardening below applies.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.urls import reverse_lazy

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

# Without SECRET_KEY in production the key stays empty: commands that sign
# nothing (makemigrations) still run, `check --deploy` fails (portal.E001),
# config/wsgi.py refuses to start, and Django refuses any use of the key.
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "insecure-development-key-only-for-the-local-demo"  # noqa: S105  # nosec B105 # the published demo key

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # The attendance apps, top of the dependency order first.
    "portal",
    "subject_access",
    "la_workspace",
    "legal",
    "targeting",
    "meetings",
    "contracts",
    "safeguarding",
    "plans",
    "voice",
    "letters",
    "cases",
    "returns",
    "policy_pages",
    "attendance",
    "accounts",
    "schools",
    # Wagtail, for the public site only.
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "schools.cms.RoleSafeWagtailUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Libraries.
    "guardian",
    "django_htmx",
    "pgtrigger",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    # The second factor at sign-in: authenticator apps and backup codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Django.
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # This demo project's data and its load_demo command: not in the installed
    # distribution, so listed apart from the apps a site adds. It imports them
    # and none imports it.
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files from STATIC_ROOT, before anything touches the session.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Refuses an oversized body from its Content-Length before anything reads it.
    "portal.middleware.RequestBodyLimitMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
    # The content security policy, with a nonce per response (portal.csp).
    "portal.csp.ContentSecurityPolicyMiddleware",
    "portal.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.SessionLifetimeMiddleware",
    # A session that has passed the password but not the second factor is
    # anonymous to everything after this, portal and Wagtail admin alike.
    "portal.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "portal.middleware.PortalLoginRequiredMiddleware",
    "portal.middleware.PortalResponseHeadersMiddleware",
    # Wagtail's redirects, except in place of a portal view's 404.
    "portal.middleware.PublicSiteRedirectMiddleware",
    # django-axes asks to be last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.csp_nonce",
            ],
        },
    },
]

# --- Database --------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
# SQLite, the embedded default, for several people at once: write-ahead
# logging lets readers go on while someone writes; a write transaction takes
# the write lock when it begins (IMMEDIATE), so two writers queue for up to
# the timeout instead of failing with "database is locked" when one of them
# upgrades a read lock; synchronous=NORMAL is safe with WAL.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ---------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # Counts failed logins and refuses a locked-out username and address.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Object permissions on schools and local authorities (role groups).
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "portal:login"

# Sessions: 30 minutes idle, and an absolute limit of 12 hours after login,
# both enforced with SessionLifetimeMiddleware, which renews the idle limit by
# writing the session at most once a minute (not on every request).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
PORTAL_SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
PORTAL_SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# django-guardian: no anonymous user row that could hold permissions.
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False
GUARDIAN_MONKEY_PATCH_GROUP = False
GUARDIAN_RENDER_403 = False
GUARDIAN_RAISE_403 = False

# django-axes: lock a username at an address after 10 failures, for an hour.
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Failures are forgiven only when both factors pass (portal.second_factor), so
# that a known password cannot be used to reset the count between wrong codes.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "portal.views.login_locked_out"
AXES_CLIENT_IP_CALLABLE = "portal.client_ip.client_ip"
# Reverse proxies in front of the site that append to X-Forwarded-For.
PORTAL_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_VERBOSE = True

# --- Second factor ----------------------------------------------------------
# Every account signs in with a password and then a code from an authenticator
# app (or a one-time backup code); there is no setting that turns this off.
# The Wagtail admin's and public site's login pages send people to the portal's.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "School attendance")
WAGTAILADMIN_LOGIN_URL = "portal:login"
WAGTAIL_FRONTEND_LOGIN_URL = "portal:login"
PORTAL_BACKUP_CODE_COUNT = 10
# How long an invitation's link to set a password works.
ACCOUNTS_INVITATION_DAYS = env_int("INVITATION_DAYS", 7)
# One way to reset a password: the portal's pages (Wagtail's would be a second).
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Phones keep network time; a code from one step either side of now passes
# (the device's tolerance), and the server never learns a drift to follow.
OTP_TOTP_SYNC = False

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]

# --- Static and media -------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
# With DEBUG off, WhiteNoise serves what collectstatic put in STATIC_ROOT:
# file names carry a hash of their content (so browsers may keep them for a
# year) and gzip/brotli copies sit beside them. Manifest storage refuses to
# render {% static %} for a file collectstatic has not seen, so it needs
# collectstatic before the first request. The test suite also runs with DEBUG
# off but without collectstatic: tests/conftest.py switches it back to plain
# storage for every test (a test-only override, as with the password hasher),
# so production settings carry no "am I under test" switch.
# With DEBUG on, the development server serves static files from the apps.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Request bodies ---------------------------------------------------------
# RequestBodyLimitMiddleware answers 413 to a request whose Content-Length is
# over the limit, before any of it is read: MAX_REQUEST_BODY_BYTES for every
# view; for the upload views in PORTAL_UPLOAD_LIMITS, their limit, and only
# for a signed-in user. A body without a length (chunked) is read by Django as
# empty, and the proxy in front (client_max_body_size) is the hard limit.
MAX_REQUEST_BODY_BYTES = env_int("MAX_REQUEST_BODY_BYTES", 1024 * 1024)
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# A year of register marks is about 18 MB of CSV for 1,500 pupils (measured
# with bench/generate_register.py), more for a larger school; the import form
# itself takes files up to 100 MB (attendance.forms.MAX_UPLOAD_MB).
MAX_IMPORT_BYTES = env_int("MAX_IMPORT_BYTES", 100 * 1024 * 1024)
PORTAL_UPLOAD_LIMITS = {
    # Register marks, pupils and carers (CSV imports).
    "portal:attendance:upload": MAX_IMPORT_BYTES,
} | dict.fromkeys(
    [
        # Pupil-voice drawings, from a case and from a pupil.
        "portal:voice:voice_new",
        "portal:voice:pupil_voice_new",
        # The scan of a signed parenting contract, and the drawn signatures.
        "portal:contracts:contract_sign",
        # Wagtail: documents and images, one or many, from their pages and
        # from the choosers in the page editor, and replacing a file.
        "wagtaildocs:add",
        "wagtaildocs:add_multiple",
        "wagtaildocs:edit",
        "wagtaildocs_chooser:create",
        "wagtailimages:add",
        "wagtailimages:add_multiple",
        "wagtailimages:edit",
        "wagtailimages_chooser:create",
        # The editor's avatar, in their account settings.
        "wagtailadmin_account",
        # A long policy page posts thousands of fields (see below), and its
        # preview posts the same form.
        "wagtailadmin_pages:add",
        "wagtailadmin_pages:edit",
        "wagtailadmin_pages:preview_on_add",
        "wagtailadmin_pages:preview_on_edit",
    ],
    MAX_UPLOAD_BYTES,
)
# An uploaded file over this size goes to a temporary file on disk as it
# arrives instead of being held in memory (Django's default is 2.5 MB).
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BODY_BYTES

# --- Wagtail (public site only) ---------------------------------------------
WAGTAIL_SITE_NAME = env_str("WAGTAIL_SITE_NAME", "School attendance")
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt"]
# No Gravatar: it would send a hash of each editor's email to a third party
# (and the content security policy refuses images from other origins).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Documents always go through Wagtail's serve view (privacy checks, download
# headers), never straight from the storage's URL.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_EXTENSIONS = ["png", "jpg", "jpeg", "gif", "webp"]
# A long policy page posts thousands of editor fields (every StreamField block
# is several); Django's default of 1,000 would refuse the save with a 400.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Portal -----------------------------------------------------------------
PORTAL_PUPILS_PER_PAGE = 25
PORTAL_CASES_PER_PAGE = 25
# A case with no chronology event for this many days shows as overdue.
PORTAL_CASE_OVERDUE_DAYS = env_int("CASE_OVERDUE_DAYS", 28)
# The address staff reach the portal's site at, for links in emails (the daily
# "My work" digest); by default the same as Wagtail's.
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", WAGTAILADMIN_BASE_URL)

# --- Email (the daily digest, letters to parents) ----------------------------
# SMTP in production. The demo (DEBUG on) keeps every message in the portal's
# outbox instead (letters.mail.OutboxBackend), where staff read only those
# about cases they may see; EMAIL_BACKEND overrides either.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "letters.mail.OutboxBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "webmaster@localhost")
# The sender of the messages Django itself sends to ADMINS (none are set here).
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Cache -------------------------------------------------------------------
# Redis when CACHE_URL (or REDIS_URL) names one, e.g. redis://127.0.0.1:6379/1,
# so that every worker process shares it; otherwise each process keeps its own
# memory cache, which is right for one process or the demo.
CACHE_URL = env_str("CACHE_URL") or env_str("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
    }
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# --- Safeguarding encryption -----------------------------------------------
# Fernet keys for restricted safeguarding text, comma-separated: the first
# encrypts, all decrypt (docs/operations.md, "Safeguarding keys"). With DEBUG
# on and no key given, the demo derives one from SECRET_KEY so that its data
# stays readable across restarts; with DEBUG off a real key must be given.
SAFEGUARDING_KEYS = env_list("SAFEGUARDING_KEYS", [])
if not SAFEGUARDING_KEYS and DEBUG:
    import base64
    import hashlib

    SAFEGUARDING_KEYS = [
        base64.urlsafe_b64encode(
            hashlib.sha256(f"demo-safeguarding:{SECRET_KEY}".encode()).digest()
        ).decode()
    ]

# --- Retention ------------------------------------------------------------------
# How long a closed case is kept before ``manage.py apply_retention`` lists it
# for review (docs/retention.md). Register marks (6 years) and safeguarding
# records (to the pupil's 25th birthday) follow fixed rules in schools.retention.
CLOSED_CASE_RETENTION_YEARS = env_int("CLOSED_CASE_RETENTION_YEARS", 6)

# --- Backups ------------------------------------------------------------------
# Where ``manage.py backup_database`` writes when no --output is given
# (docs/backups.md). Unset: --output is required.
BACKUP_DIR = env_str("BACKUP_DIR") or None

# --- Private files ----------------------------------------------------------
# Files served only through permission-checked portal views (pupil-voice
# drawings): outside MEDIA_ROOT, so nothing serves them by URL.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT") or BASE_DIR / "private_media")

# --- Logging ----------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "axes": {"handlers": ["console"], "level": "WARNING"},
        "django": {"handlers": ["console"], "level": "WARNING"},
    },
}

# --- Production hardening (DEBUG off) ---------------------------------------
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = (
        ("HTTP_X_FORWARDED_PROTO", "https")
        if env_bool("BEHIND_TLS_PROXY", False)
        else None
    )
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content security policy (django-csp): scripts and styles from this site, or
# inline ones carrying the response's nonce; nothing from other origins, no
# eval, no plugins, no framing. The Wagtail admin gets a looser script and
# style policy (portal.csp). Browsers report refusals to the portal's
# csp_report view, which logs them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "frame-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
        "report-uri": reverse_lazy("portal:csp_report"),
    }
}
# Sent on every response by portal.middleware.PermissionsPolicyMiddleware: no
# page of the site uses these browser features, so none may be switched on.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie


# Background work (django-tasks). Wagtail's own small tasks run at once, in the
# request, as they do by default; the court bundle (legal.tasks) goes to the
# "background" backend, kept in the database and run by `manage.py db_worker`
# (started beside the server by `make demo`; see docs/operations.md).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
