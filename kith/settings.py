"""Kith's settings, read from KITH_* environment variables with safe defaults.

The embedded default needs nothing: SQLite under var/, local-memory cache, Celery
inline, email to files in var/outbox. Production sets KITH_DEBUG=0, KITH_SECRET_KEY,
KITH_ALLOWED_HOSTS, KITH_DATABASE_URL (postgres://…), KITH_REDIS_URL, KITH_EMAIL_URL.
"""

import os
import secrets
import sys
from email.utils import formataddr
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("KITH_VAR_DIR", Path.cwd() / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    if key := os.environ.get("KITH_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


TESTING = "pytest" in sys.modules or os.environ.get("KITH_TESTING") == "1"
DEBUG = env_bool("KITH_DEBUG", True)
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("KITH_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("KITH_CSRF_TRUSTED_ORIGINS", "")
SITE_NAME = os.environ.get("KITH_SITE_NAME", "Kith")
# The public address, for links in emails.
KITH_SITE_URL = os.environ.get(
    "KITH_SITE_URL",
    f"http://127.0.0.1:{os.environ.get('KITH_PORT', '8000')}"
    if DEBUG or not ALLOWED_HOSTS
    else f"https://{ALLOWED_HOSTS[0].lstrip('.')}",
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "django_htmx",
    "ninja",
    "kith.core",
    "kith.members",
    "kith.network",
    "kith.notifications",
    "kith.moderation",
    "kith.search",
    "kith.messaging",
    "kith.insights",
    "kith.posts",
    "kith.groups",
    "kith.introductions",
    "kith.portability",
    "kith.demo",
]

MIDDLEWARE = [
    "kith.core.proxy.TrustedProxyMiddleware",  # first: the client's address and scheme, from trusted proxies only
    "kith.core.logs.RequestIdMiddleware",
    "kith.health.HealthMiddleware",  # /healthz and /readyz, before host checks and the HTTPS redirect
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "kith.portability.uploads.UploadLimitMiddleware",  # the LinkedIn upload routes, before anything reads a body
    "kith.core.middleware.RefuseBadInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kith.moderation.gates.RestrictionsPerRequestMiddleware",  # a member's restrictions read once a request
    "kith.core.memo.PerRequestMiddleware",  # reads a GET page makes twice, made once
    "kith.members.middleware.SignInGateMiddleware",  # a suspended member's session ends
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kith.graph.adapter.FreshGraphMiddleware",
    "kith.core.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "kith.urls"
WSGI_APPLICATION = "kith.wsgi.application"
ASGI_APPLICATION = "kith.asgi.application"

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
                "kith.core.context_processors.site",
                "kith.core.context_processors.navigation",
            ],
            "builtins": ["kith.core.templatetags.kith_urls"],  # {% url %}, its answers kept
        },
    },
    # Plain-text emails (kith.core.email.render_text): the same templates, no HTML escaping.
    {
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False, "builtins": ["kith.core.templatetags.kith_urls"]},
    },
]

# --- Database -----------------------------------------------------------------
_default_db = f"sqlite:///{VAR_DIR / 'kith.sqlite3'}"
_db_url = os.environ.get("KITH_DATABASE_URL", _default_db)
if TESTING and os.environ.get("KITH_TEST_DATABASE_URL"):
    _db_url = os.environ["KITH_TEST_DATABASE_URL"]
# Connection reuse: `kith serve` runs gunicorn's sync workers, one request at a time a process,
# so a pool inside a process would hold one connection anyway; a persistent connection per
# process (CONN_MAX_AGE) saves the connect and authentication (~2-5 ms on PostgreSQL, more with
# TLS) on every request at no extra server connections: workers x instances, well under
# PostgreSQL's 100 on one machine. The health check drops a connection the server closed
# (a restart, idle timeout) before a request uses it. Past a few hundred processes put PgBouncer
# (transaction pooling) in front: Kith uses no session state in the database. Django 5.1's psycopg
# pool ("OPTIONS": {"pool": True}) is for threaded or async servers; KITH_DB_POOL=1 turns it on.
DATABASES = {
    "default": dj_database_url.parse(
        _db_url,
        conn_max_age=0 if TESTING else int(os.environ.get("KITH_DB_CONN_MAX_AGE", 600)),
        conn_health_checks=True,
    )
}
if env_bool("KITH_DB_POOL", False) and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # Django requires it with a pool
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("KITH_DB_POOL_MIN", 1)),
        "max_size": int(os.environ.get("KITH_DB_POOL_MAX", 4)),
    }
# Server-side binding: psycopg sends the parameters apart from the SQL (3-8% less time a page,
# bench/pages.py), and prepares a statement a connection has run KITH_DB_PREPARE_THRESHOLD (5)
# times, so PostgreSQL parses and plans it once: planning was most of the navigation's five
# counts (2.6 ms planned, 0.4 ms run) and of every short read. Django leaves psycopg's
# preparing off unless asked (for connection poolers); statements built for any number of ids
# are one statement (kith.core.lookups). Both off (KITH_DB_SERVER_BINDING=0) behind PgBouncer in
# transaction mode older than 1.21, which cannot carry prepared statements across server
# connections; KITH_DB_PREPARE_THRESHOLD=0 keeps the binding and prepares nothing.
if env_bool("KITH_DB_SERVER_BINDING", True) and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = True
    _prepare_after = int(os.environ.get("KITH_DB_PREPARE_THRESHOLD", 5))
    DATABASES["default"]["OPTIONS"]["prepare_threshold"] = _prepare_after if _prepare_after > 0 else None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside the one writer; IMMEDIATE makes a write
        # transaction take the lock up front instead of failing half way.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (INCLUDE) are PostgreSQL's; SQLite builds the same index without the extra
# columns, which is what is wanted there, so its warning about them is not one.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# --- Cache, rate limits, Celery -----------------------------------------------
REDIS_URL = os.environ.get("KITH_REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("KITH_CACHE_PREFIX", ""),
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = env_bool("KITH_CELERY_EAGER", False)
    # A session is read on every request: from Redis, written through to the database, so a
    # Redis restart signs nobody out. Only with a cache every process shares: with a cache per
    # process a sign-out in one worker would leave the session alive in another's.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kith"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
# Where kith.core.ratelimit keeps its counts: one count for every process either way.
KITH_RATE_LIMIT_STORE = os.environ.get("KITH_RATE_LIMIT_STORE", "redis" if REDIS_URL else "database")
KITH_RATE_LIMIT_PREFIX = os.environ.get("KITH_RATE_LIMIT_PREFIX", "kith:rl:")
# /readyz counts what waits in it (kith.core.heartbeat); two installations sharing one Redis
# database need a queue each (make stack names its own).
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("KITH_CELERY_QUEUE", "celery")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_BEAT_SCHEDULE: dict = {}

# --- Auth and accounts (django-allauth) -----------------------------------------
AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id first (kith/core/passwords.py: why, and its parameters); older hashes are checked
# with the rest and upgraded at the member's next sign-in.
PASSWORD_HASHERS = [
    "kith.core.passwords.KithArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("KITH_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "kith.members.forms.SignupExtraForm"
ACCOUNT_FORMS = {"signup": "kith.members.signup.AtomicSignupForm"}
ACCOUNT_ADAPTER = "kith.members.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_RATE_LIMITS = {
    # Kith counts failed sign-ins and sign-ups itself (KITH_SIGNIN_*, KITH_SIGNUPS_*):
    # atomically, across processes, answered 429 with Retry-After.
    "login_failed": "",
    "signup": "",
    "send_email": "5/m/key",
    "change_password": "5/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
}
if TESTING:
    ACCOUNT_RATE_LIMITS = {key: "1000/m/ip" if rate else "" for key, rate in ACCOUNT_RATE_LIMITS.items()}

# --- Email ----------------------------------------------------------------------


def _email_settings(url: str) -> dict:
    """Turn KITH_EMAIL_URL into Django email settings.

    ``file:///path`` (default: var/outbox), ``console:``, ``smtp://user:pass@host:587``,
    ``smtp+tls://…`` (STARTTLS), ``smtp+ssl://…``.
    """
    parsed = urlparse(url)
    scheme = parsed.scheme
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "file":
        path = Path(unquote(parsed.path)) if parsed.path else VAR_DIR / "outbox"
        return {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend", "EMAIL_FILE_PATH": str(path)}
    if scheme.startswith("smtp"):
        query = parse_qs(parsed.query)
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parsed.hostname or "localhost",
            "EMAIL_PORT": parsed.port or (465 if scheme == "smtp+ssl" else 587 if scheme == "smtp+tls" else 25),
            "EMAIL_HOST_USER": unquote(parsed.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
            "EMAIL_USE_TLS": scheme == "smtp+tls",
            "EMAIL_USE_SSL": scheme == "smtp+ssl",
            "EMAIL_TIMEOUT": int(query.get("timeout", ["10"])[0]),
        }
    raise ValueError(f"KITH_EMAIL_URL: unsupported scheme {scheme!r} (use file://, console:, smtp://)")


globals().update(_email_settings(os.environ.get("KITH_EMAIL_URL", f"file://{VAR_DIR / 'outbox'}")))
DEFAULT_FROM_EMAIL = os.environ.get("KITH_FROM_EMAIL", formataddr((SITE_NAME, "no-reply@kith.localhost")))
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- I18N, static, media ---------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
# English only: no catalogues to translate from, so Django's no-op translation (cheaper on every
# template variable) instead of the per-request language machinery.
USE_I18N = False
USE_TZ = True
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("KITH_STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]  # site-wide assets: kith/static/kith/kith.css
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("KITH_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "kith.core.storage.KithStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024

# --- Security (production: KITH_DEBUG=0) -----------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Reverse proxies whose X-Forwarded-For / -Proto / X-Request-ID Kith believes (addresses or
# networks, comma-separated; kith/core/proxy.py): nginx on the same machine is "127.0.0.1,::1".
# The headers are removed from every other request, so the client address that per-address
# limits count and the https a Secure cookie needs can't be claimed by a client.
KITH_TRUSTED_PROXIES = env_list("KITH_TRUSTED_PROXIES", "")
# Plain http (a private network, no TLS anywhere) is an explicit choice: cookies without Secure,
# no redirect to https, no HSTS. `kith check --deploy` says so.
KITH_INSECURE_HTTP = env_bool("KITH_INSECURE_HTTP", False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("KITH_SSL_REDIRECT", not KITH_INSECURE_HTTP)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = not KITH_INSECURE_HTTP
    CSRF_COOKIE_SECURE = not KITH_INSECURE_HTTP
    SECURE_HSTS_SECONDS = int(os.environ.get("KITH_HSTS_SECONDS", 0 if KITH_INSECURE_HTTP else 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
# This process's name in the X-Kith-Instance response header (which instance answered).
KITH_INSTANCE = os.environ.get("KITH_INSTANCE", "")
# /readyz fails when more tasks than this wait in Celery's queue, even with workers up.
KITH_READY_MAX_BACKLOG = int(os.environ.get("KITH_READY_MAX_BACKLOG", 10_000))

# Logs: one JSON object a line with the request id in production (KITH_LOG_FORMAT=json|text),
# a request line a request on logger kith.request (kith/core/logs.py).
KITH_LOG_FORMAT = os.environ.get("KITH_LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "kith.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "kith.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if KITH_LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("KITH_LOG_LEVEL", "WARNING")},
    "loggers": {
        "kith.request": {"level": os.environ.get("KITH_REQUEST_LOG_LEVEL", "WARNING" if DEBUG or TESTING else "INFO")},
        # The embedded default's in-process broker (memory://) has no host, and kombu warns
        # "No hostname was supplied" every time a task is sent: noise, not news.
        **({"kombu.connection": {"level": "ERROR"}} if CELERY_BROKER_URL == "memory://" else {}),
    },
}

# --- Kith's own limits -------------------------------------------------------------
KITH_PROFILE_PHOTO_MAX_BYTES = 5 * 1024 * 1024
KITH_PROFILE_PHOTO_SIZE = 400
KITH_API_TOKENS_PER_MEMBER = 20

# Connections (issue 3): every limit a refusal can name.
KITH_INVITATIONS_PER_WINDOW = int(os.environ.get("KITH_INVITATIONS_PER_WINDOW", 100))
KITH_INVITATIONS_WINDOW_DAYS = int(os.environ.get("KITH_INVITATIONS_WINDOW_DAYS", 7))
KITH_PENDING_INVITATIONS_MAX = int(os.environ.get("KITH_PENDING_INVITATIONS_MAX", 500))
KITH_REINVITE_COOLDOWN_DAYS = int(os.environ.get("KITH_REINVITE_COOLDOWN_DAYS", 21))
KITH_IGNORED_KEPT_DAYS = int(os.environ.get("KITH_IGNORED_KEPT_DAYS", 30))
KITH_INVITATION_EXPIRY_MONTHS = int(os.environ.get("KITH_INVITATION_EXPIRY_MONTHS", 6))
KITH_STANDING_WINDOW_DAYS = int(os.environ.get("KITH_STANDING_WINDOW_DAYS", 30))
KITH_STANDING_MIN_DECLINED = int(os.environ.get("KITH_STANDING_MIN_DECLINED", 5))
KITH_STANDING_MIN_SHARE = float(os.environ.get("KITH_STANDING_MIN_SHARE", 0.2))
KITH_STANDING_RESTRICTION_DAYS = int(os.environ.get("KITH_STANDING_RESTRICTION_DAYS", 14))
KITH_MAX_CONNECTIONS = int(os.environ.get("KITH_MAX_CONNECTIONS", 30000))
CELERY_BEAT_SCHEDULE["network-fit-pymk-weights"] = {
    "task": "kith.network.tasks.fit_pymk_weights",
    "schedule": 24 * 60 * 60,
}
# The connection graph's shared snapshot (kith.graph.adapter, kith.graph.snapshot): the CSR in
# files every process maps read-only, rebuilt from the database by a beat task; each process
# keeps only its overlay of newer events. On by default in production.
KITH_GRAPH_SNAPSHOTS = env_bool("KITH_GRAPH_SNAPSHOTS", not DEBUG and not TESTING)
KITH_GRAPH_SNAPSHOT_DIR = os.environ.get("KITH_GRAPH_SNAPSHOT_DIR", str(VAR_DIR / "graph"))
CELERY_BEAT_SCHEDULE["network-rebuild-graph-snapshot"] = {
    "task": "kith.network.tasks.rebuild_graph_snapshot",
    "schedule": int(os.environ.get("KITH_GRAPH_REBUILD_SECONDS", 15 * 60)),
}
# Who matches a target market comes from an in-memory index each process rebuilds in the
# background this often (kith/network/market_index.py); off in tests, which edit profiles and
# expect the next answer to know.
KITH_MARKET_INDEX = env_bool("KITH_MARKET_INDEX", not TESTING)
KITH_MARKET_INDEX_SECONDS = int(os.environ.get("KITH_MARKET_INDEX_SECONDS", 300))
# How long a member's People You May Know keep their profile side (who shares a company, a
# school, a city or a target market with them) before it is looked up again; graph changes near
# the member, their own answers and their own profile edits apply at once. Off in tests (as the
# market index), which edit one member's profile and expect another's next answer to know.
KITH_SUGGESTION_CACHE_SECONDS = int(os.environ.get("KITH_SUGGESTION_CACHE_SECONDS", 0 if TESTING else 600))
# Where the fitted People You May Know weights live (kith.graph.adapter.score_weights).
KITH_PYMK_WEIGHTS_FILE = os.environ.get("KITH_PYMK_WEIGHTS_FILE", str(VAR_DIR / "pymk_weights.json"))
CELERY_BEAT_SCHEDULE["network-expire-invitations"] = {
    "task": "kith.network.tasks.expire_invitations",
    "schedule": 60 * 60,
}

# Messaging (kith/messaging): limits, and the sweep that emails unread messages.
KITH_MESSAGE_MAX_CHARS = int(os.environ.get("KITH_MESSAGE_MAX_CHARS", 8000))
KITH_MESSAGE_REQUESTS_PER_DAY = int(os.environ.get("KITH_MESSAGE_REQUESTS_PER_DAY", 20))
KITH_MESSAGES_PER_MINUTE = int(os.environ.get("KITH_MESSAGES_PER_MINUTE", 30))
KITH_MESSAGE_GROUP_MAX_MEMBERS = int(os.environ.get("KITH_MESSAGE_GROUP_MAX_MEMBERS", 10))
KITH_MESSAGE_UNREAD_EMAIL_AFTER = int(os.environ.get("KITH_MESSAGE_UNREAD_EMAIL_AFTER", 600))  # seconds
CELERY_BEAT_SCHEDULE["messaging-unread-email"] = {
    "task": "kith.messaging.tasks.email_unread_messages",
    "schedule": 60.0,
}

# Limits that hold (issue 11): counted by kith.core.ratelimit, shared by every process.
# Failed password sign-ins (web log-in, re-authentication and POST /api/v1/tokens share the
# budgets): per email address, and per client address against spraying many accounts.
KITH_SIGNIN_FAILURES_PER_EMAIL = int(os.environ.get("KITH_SIGNIN_FAILURES_PER_EMAIL", 10))
KITH_SIGNIN_FAILURES_PER_ADDRESS = int(os.environ.get("KITH_SIGNIN_FAILURES_PER_ADDRESS", 30))
KITH_SIGNIN_FAILURES_WINDOW = int(os.environ.get("KITH_SIGNIN_FAILURES_WINDOW", 15 * 60))  # seconds
KITH_SIGNUPS_PER_ADDRESS = int(os.environ.get("KITH_SIGNUPS_PER_ADDRESS", 20))
KITH_SIGNUPS_WINDOW = int(os.environ.get("KITH_SIGNUPS_WINDOW", 60 * 60))  # seconds
# Invitations with a typed email address, matched or not, per sender per day: a wrong address
# is answered like a right one, and this budget keeps guessing addresses slow.
KITH_TYPED_EMAIL_INVITATIONS_PER_DAY = int(os.environ.get("KITH_TYPED_EMAIL_INVITATIONS_PER_DAY", 20))
CELERY_BEAT_SCHEDULE["core-purge-rate-counters"] = {
    "task": "kith.core.tasks.purge_rate_counters",
    "schedule": 60 * 60,
}

# Introductions (kith/introductions, issue 18): limits, silence, the weekly market digest.
KITH_INTRODUCTIONS_PER_WEEK = int(os.environ.get("KITH_INTRODUCTIONS_PER_WEEK", 20))
KITH_INTRODUCTIONS_PENDING_PER_INTRODUCER = int(os.environ.get("KITH_INTRODUCTIONS_PENDING_PER_INTRODUCER", 10))
KITH_INTRODUCTION_SILENT_DAYS = int(os.environ.get("KITH_INTRODUCTION_SILENT_DAYS", 14))
CELERY_BEAT_SCHEDULE["introductions-not-forwarded"] = {
    "task": "kith.introductions.tasks.mark_not_forwarded",
    "schedule": 60 * 60,
}
CELERY_BEAT_SCHEDULE["introductions-market-digest"] = {
    "task": "kith.introductions.tasks.send_market_digests",
    "schedule": 60 * 60,
}

# Portability (kith/portability): LinkedIn import limits, data exports, account deletion.
KITH_IMPORT_MAX_BYTES = int(os.environ.get("KITH_IMPORT_MAX_BYTES", 50 * 1024 * 1024))
KITH_IMPORT_MAX_FILES = int(os.environ.get("KITH_IMPORT_MAX_FILES", 100))
KITH_IMPORT_MAX_UNCOMPRESSED = int(os.environ.get("KITH_IMPORT_MAX_UNCOMPRESSED", 200 * 1024 * 1024))
KITH_IMPORT_MAX_RATIO = int(os.environ.get("KITH_IMPORT_MAX_RATIO", 100))
# Exports are served only to their member, from outside the media root, for this long.
KITH_EXPORTS_ROOT = Path(os.environ.get("KITH_EXPORTS_ROOT", VAR_DIR / "exports"))
KITH_EXPORT_HOURS = int(os.environ.get("KITH_EXPORT_HOURS", 72))
KITH_DELETION_GRACE_DAYS = int(os.environ.get("KITH_DELETION_GRACE_DAYS", 14))
KITH_EXPORTS_PER_DAY = int(os.environ.get("KITH_EXPORTS_PER_DAY", 3))
CELERY_BEAT_SCHEDULE["portability-match-new-members"] = {"task": "kith.portability.tasks.match_new_members", "schedule": 60 * 60}

# Groups (kith/groups): limits counted by kith.core.ratelimit, image sizes.
KITH_GROUPS_CREATED_PER_DAY = int(os.environ.get("KITH_GROUPS_CREATED_PER_DAY", 5))
KITH_GROUPS_JOINED_PER_DAY = int(os.environ.get("KITH_GROUPS_JOINED_PER_DAY", 20))
KITH_GROUP_INVITATIONS_PER_DAY = int(os.environ.get("KITH_GROUP_INVITATIONS_PER_DAY", 50))
KITH_GROUP_POSTS_PER_HOUR = int(os.environ.get("KITH_GROUP_POSTS_PER_HOUR", 10))  # a member's, in one group
# Pending posts nobody answers go back to their authors as "not reviewed" after this many days.
KITH_GROUP_PENDING_DAYS = int(os.environ.get("KITH_GROUP_PENDING_DAYS", 30))
# Cross-group hold: posts rejected or removed as spam in this many groups within the window hold
# the member's new posts for approval in every group for KITH_GROUP_HOLD_DAYS.
KITH_GROUP_HOLD_GROUPS = int(os.environ.get("KITH_GROUP_HOLD_GROUPS", 2))
KITH_GROUP_HOLD_WINDOW_DAYS = int(os.environ.get("KITH_GROUP_HOLD_WINDOW_DAYS", 30))
KITH_GROUP_HOLD_DAYS = int(os.environ.get("KITH_GROUP_HOLD_DAYS", 14))
CELERY_BEAT_SCHEDULE["groups-return-unreviewed"] = {"task": "kith.groups.tasks.return_unreviewed", "schedule": 60 * 60}
# Groups whose member-list roster (ids and roles, kith.groups.roster) each process keeps in memory.
KITH_GROUP_ROSTERS = int(os.environ.get("KITH_GROUP_ROSTERS", 256))
KITH_GROUP_LOGO_SIZE = 200
KITH_GROUP_COVER_SIZE = (1200, 300)
CELERY_BEAT_SCHEDULE["portability-expire-exports"] = {"task": "kith.portability.tasks.expire_exports", "schedule": 60 * 60}
CELERY_BEAT_SCHEDULE["portability-erase-due-accounts"] = {"task": "kith.portability.tasks.erase_due_accounts", "schedule": 60 * 60}
# --- Posts and the feed (kith.posts) -------------------------------------------------
KITH_POSTS_PER_HOUR = int(os.environ.get("KITH_POSTS_PER_HOUR", 20))
KITH_COMMENTS_PER_MINUTE = int(os.environ.get("KITH_COMMENTS_PER_MINUTE", 10))
KITH_POST_MENTIONS_MAX = int(os.environ.get("KITH_POST_MENTIONS_MAX", 20))
KITH_POST_IMAGE_MAX_BYTES = 8 * 1024 * 1024
KITH_POST_IMAGE_SIZE = 1600  # the longer side, in pixels
KITH_FEED_PAGE_SIZE = 10  # posts a feed page renders; the next page loads as the reader reaches the end
KITH_FEED_NEWCOMER_BELOW = int(os.environ.get("KITH_FEED_NEWCOMER_BELOW", 10))  # follows under this: community posts top up the feed


# --- Moderation: trust levels and automatic holds (kith/moderation/trust.py, kith/moderation/holds.py) ---
# New: the first KITH_TRUST_NEW_DAYS days, ended early by KITH_TRUST_NEW_UNTIL_CONNECTIONS connections.
KITH_TRUST_NEW_DAYS = int(os.environ.get("KITH_TRUST_NEW_DAYS", 7))
KITH_TRUST_NEW_UNTIL_CONNECTIONS = int(os.environ.get("KITH_TRUST_NEW_UNTIL_CONNECTIONS", 5))
# Trusted: older than this, with this many sent invitations accepted, accepted ≥ ratio × declined.
KITH_TRUST_TRUSTED_DAYS = int(os.environ.get("KITH_TRUST_TRUSTED_DAYS", 90))
KITH_TRUST_TRUSTED_MIN_ACCEPTED = int(os.environ.get("KITH_TRUST_TRUSTED_MIN_ACCEPTED", 20))
KITH_TRUST_TRUSTED_RATIO = float(os.environ.get("KITH_TRUST_TRUSTED_RATIO", 10))
# New members' lower limits.
KITH_NEW_INVITATIONS_PER_WINDOW = int(os.environ.get("KITH_NEW_INVITATIONS_PER_WINDOW", 25))
KITH_NEW_MESSAGE_REQUESTS_PER_DAY = int(os.environ.get("KITH_NEW_MESSAGE_REQUESTS_PER_DAY", 5))
KITH_NEW_LINKS_PER_DAY = int(os.environ.get("KITH_NEW_LINKS_PER_DAY", 0))  # links in messages to non-connections, posts
KITH_NEW_HELD_GROUP_POSTS = int(os.environ.get("KITH_NEW_HELD_GROUP_POSTS", 3))  # a new member's first group posts wait
# Automatic holds: each rule fires at its threshold (see kith/moderation/holds.py).
KITH_HOLD_WINDOW_DAYS = int(os.environ.get("KITH_HOLD_WINDOW_DAYS", 14))
KITH_HOLD_STRANGERS_PER_DAY = int(os.environ.get("KITH_HOLD_STRANGERS_PER_DAY", 25))
KITH_HOLD_STRANGERS_PER_WINDOW = int(os.environ.get("KITH_HOLD_STRANGERS_PER_WINDOW", 60))
KITH_HOLD_MIN_ANSWERED = int(os.environ.get("KITH_HOLD_MIN_ANSWERED", 8))
KITH_HOLD_DECLINED_SHARE = float(os.environ.get("KITH_HOLD_DECLINED_SHARE", 0.3))
KITH_HOLD_DUPLICATE_NOTES = int(os.environ.get("KITH_HOLD_DUPLICATE_NOTES", 5))
KITH_HOLD_DUPLICATE_SIMILARITY = float(os.environ.get("KITH_HOLD_DUPLICATE_SIMILARITY", 0.6))
KITH_HOLD_LINKS_TO_STRANGERS = int(os.environ.get("KITH_HOLD_LINKS_TO_STRANGERS", 3))
KITH_HOLD_DISTINCT_REPORTERS = int(os.environ.get("KITH_HOLD_DISTINCT_REPORTERS", 3))
KITH_HOLD_REPORTS_WINDOW_DAYS = int(os.environ.get("KITH_HOLD_REPORTS_WINDOW_DAYS", 30))
