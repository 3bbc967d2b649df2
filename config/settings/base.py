"""Settings shared by every environment, read from the environment with django-environ.

With nothing set, Waypoint runs embedded: SQLite in ./data and Celery tasks in-process.
With DATABASE_URL and REDIS_URL it uses PostgreSQL, Redis as cache and broker, and real workers.
Every variable read here is listed in the README.
"""

import hashlib
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from kombu import Exchange, Queue

from config.proxies import trusted_proxies

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = BASE_DIR / "data"

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
# The demo and scale data (devtools: seed_demo, seed_scale); False in production.
DEMO_DATA_ALLOWED = True
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    # Google, Microsoft and any OpenID Connect provider; each configured by SSO_* below (the
    # pages of one that is not are not routed: accounts/urls.py).
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.microsoft",
    "allauth.mfa",
    "allauth.usersessions",
    "accounts",
    "districts",
    "rubrics",
    "competencies",
    "planning",
    "measures",
    "schools",
    "dashboards",
    "calendars",
    "trash",
    "meetings",
    "notifications",
    "evidence",
    "history",
    "library",
    "reports",
    "api",
    "devtools",
]

MIDDLEWARE = [
    # /health/live and /health/ready, answered before anything else (config/health.py).
    "config.health.ProbeMiddleware",
    "config.observability.RequestContextMiddleware",
    # Each request's time and its time in the database, by view, for /metrics.
    "config.metrics.MetricsMiddleware",
    # Answers under /api/: errors as JSON (the 404 of a path no route matches too), and
    # Cache-Control: private, no-store on every one (api/middleware.py).
    "api.middleware.ApiAnswersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.generations.VersionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a signed-in person unless its view says login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # django-allauth's sign-in flows (its sessions are recorded at sign-in: no middleware).
    "allauth.account.middleware.AccountMiddleware",
    # Staff, coaches and facilitators set up two-step sign-in before anything else.
    "accounts.middleware.TwoStepRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "districts.middleware.RefusedAccessLogMiddleware",
    # Axes last, as its documentation asks: it turns lockouts into the lockout response.
    "axes.middleware.AxesMiddleware",
    # Starts the scheduled work in the web process on the embedded default (config.schedule).
    "config.schedule.EmbeddedScheduleMiddleware",
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
                "districts.context_processors.navigation",
                "notifications.context_processors.unread",
                "config.context_processors.header",
            ],
        },
    },
]

# Database: SQLite in ./data unless DATABASE_URL says otherwise. Persistent connections
# with health checks, because opening a PostgreSQL connection per request costs ~8x throughput.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
# The queries every first view runs (config.compiled) as prepared statements of each
# PostgreSQL connection: planned once a connection, not on every run. Off behind a pooler
# that shares server connections between transactions (PgBouncer's transaction mode).
DATABASE_PREPARED_STATEMENTS = env.bool("DATABASE_PREPARED_STATEMENTS", default=True)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
EMBEDDED = not REDIS_URL


def _redis_database(url: str, number: int) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{number}"))


def _next_database(url: str) -> str:
    current = urlsplit(url).path.strip("/") or "0"
    return _redis_database(url, int(current) + 1 if current.isdigit() else 1)


# Cache and broker are apart, each configured on its own: the broker (Celery's queue and
# results) at REDIS_URL unless CELERY_BROKER_URL says otherwise; the cache at CACHE_URL, by
# default the Redis database after REDIS_URL's (redis://host:6379/1 → /2). The cache may be
# flushed, evicted or down without losing a queued job, and the queue may fill without
# evicting the cache.
BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CACHE_URL = env("CACHE_URL", default=_next_database(REDIS_URL) if REDIS_URL else "")
# Each cache call waits at most this long for Redis; after a failure the cache is left alone
# this many seconds (pages are made from the database meanwhile).
CACHE_TIMEOUT_SECONDS = env.float("CACHE_TIMEOUT_SECONDS", default=1.0)
CACHE_RETRY_SECONDS = env.float("CACHE_RETRY_SECONDS", default=5.0)


def _release() -> str:
    """What is running: WAYPOINT_RELEASE if the deploy sets it, else a digest of the code and
    templates, so that a new release never reads parts of pages kept by the previous one."""
    digest = hashlib.sha256()
    for folder in sorted(p for p in BASE_DIR.iterdir() if p.is_dir()):
        if folder.name.startswith(".") or folder.name in {
            "data",
            "staticfiles",
            "tests",
            "node_modules",
        }:
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix in {".py", ".html", ".json"} and "node_modules" not in path.parts:
                digest.update(str(path.relative_to(BASE_DIR)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


RELEASE = env("WAYPOINT_RELEASE", default="") or _release()

if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": f"waypoint:{RELEASE}",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 10000},
            "KEY_PREFIX": f"waypoint:{RELEASE}",
        }
    }
# Parts of pages kept rendered ({% kept %}, districts/templatetags/kept.py) under the
# generations they depend on: a new generation makes a new key, so this only bounds how long
# a part nobody asks for any more stays in the cache.
KEPT_TIMEOUT = env.int("KEPT_TIMEOUT", default=6 * 60 * 60)
# For measuring only (make bench with and without a part): parts made every time, never
# read from or written to the cache, by name ("header", "rate", "navigation": kept()).
KEPT_OFF = frozenset(env.list("WAYPOINT_KEPT_OFF", default=[]))

# PDF documents (reports app): time limits of one rendering, how long a job may wait for a
# worker before it is called failed, and how long a part (a laid-out district section) unused
# is kept for the next document.
# One task of a PDF (its HTML, one district's section, the join) takes seconds: a packet of
# 60 districts about 5 s in all on two workers (make bench-pdf).
REPORT_TIME_LIMIT = env.int("REPORT_TIME_LIMIT", default=90)
REPORT_SOFT_TIME_LIMIT = REPORT_TIME_LIMIT - 20
REPORT_QUEUE_TIMEOUT = env.int("REPORT_QUEUE_TIMEOUT", default=1800)
# A queued job that no worker took is sent again after this many seconds (the broker lost
# its message, say in a restart), up to three times; then it fails with Try again.
REPORT_RESEND_AFTER = env.int("REPORT_RESEND_AFTER", default=120)
REPORT_PART_KEEP_DAYS = env.int("REPORT_PART_KEEP_DAYS", default=30)
# While the first task reads the districts and makes their HTML, the other workers start on
# the first few sections (reports.tasks.report_render); about what a worker lays out in that
# time.
REPORT_EARLY_SECTIONS = env.int("REPORT_EARLY_SECTIONS", default=4)
# The worker running a job beats every quarter of this; a running job silent this long lost
# its worker (killed, out of memory), and the sweep (every 15 s) hands it to another.
REPORT_STALL_AFTER = env.int("REPORT_STALL_AFTER", default=20)
# Exports over many districts (reports.exports): up to this many districts one is streamed
# in the request; over it, a worker makes it as a job. Its task may run EXPORT_TIME_LIMIT
# seconds (an XLSX of every rating of the country is some 400,000 rows, about a minute and
# a half of openpyxl): past the visibility timeout the broker hands its task to a second
# worker, which finds the job beating and leaves it (reports.services.job_claim).
EXPORT_IN_REQUEST_UP_TO = env.int("EXPORT_IN_REQUEST_UP_TO", default=500)
EXPORT_TIME_LIMIT = env.int("EXPORT_TIME_LIMIT", default=900)

# Celery: a real broker when REDIS_URL is set, otherwise tasks run in-process when called.
# (memory://localhost/: with no host named, kombu warns that it reverts to localhost)
CELERY_BROKER_URL = BROKER_URL or "memory://localhost/"
# No result backend: no task's result is read (a PDF's state is its ReportJob row), and with
# one, every task sent from a request first subscribed to its result, which with Redis down
# retried for 20 seconds and then failed the request.
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = EMBEDDED
# With no beat process (the embedded default), the process that serves `make run` runs the
# schedule itself: `make run` sets WAYPOINT_EMBEDDED_SCHEDULE=1 for its runserver only, and
# config.schedule starts it in no other process (never in gunicorn, Celery, a management
# command or the tests). The production settings refuse it: there, one Celery beat runs it.
EMBEDDED_SCHEDULE = env.bool("WAYPOINT_EMBEDDED_SCHEDULE", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = REPORT_TIME_LIMIT  # no task may outlast the visibility timeout
CELERY_TASK_SOFT_TIME_LIMIT = REPORT_SOFT_TIME_LIMIT
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Asking for a PDF with the broker down must answer at once: at most two tries of a second.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# Two queues, so that mail never waits behind PDFs nor PDFs behind a slow mail server: the
# outbox's tasks go to "mail", everything else (PDFs, reminders, sweeps) to "celery" (the
# default). Each worker consumes the queues its command names (-Q; docs/operations.md).
CELERY_TASK_DEFAULT_QUEUE = "celery"
MAIL_QUEUE = "mail"
# A worker started without -Q consumes both (make worker; a deployment that forgot -Q). Each
# queue is bound by its own name (Celery would bind both by the default key; it publishes a
# routed task straight to its queue either way, tests/test_real_stack.py).
CELERY_TASK_DEFAULT_EXCHANGE = CELERY_TASK_DEFAULT_ROUTING_KEY = CELERY_TASK_DEFAULT_QUEUE
CELERY_TASK_QUEUES = [
    Queue(name, Exchange(CELERY_TASK_DEFAULT_EXCHANGE, type="direct"), routing_key=name)
    for name in (CELERY_TASK_DEFAULT_QUEUE, MAIL_QUEUE)
]
CELERY_TASK_ROUTES = {
    "notifications.tasks.delivery_send": {"queue": MAIL_QUEUE},
    "notifications.tasks.deliveries_send": {"queue": MAIL_QUEUE},
    "notifications.tasks.deliveries_sweep": {"queue": MAIL_QUEUE},
    "accounts.tasks.email_send": {"queue": MAIL_QUEUE},
}


def _at(task: str, **when) -> dict:
    """A beat entry: the task at a crontab time, on the server's clock (CELERY_TIMEZONE)."""
    return {"task": task, "schedule": crontab(**when)}


CELERY_BEAT_SCHEDULE = {
    # Often: a job whose worker stopped is handed to another within REPORT_STALL_AFTER + 15 s.
    "reports-sweep": {"task": "reports.tasks.reports_sweep", "schedule": 15.0},
    "deliveries-sweep": {"task": "notifications.tasks.deliveries_sweep", "schedule": 60.0},
    # Each morning, on the server's clock (TIME_ZONE): the reminders of action steps, of
    # rounds being rated and of meetings coming up.
    "steps-remind": _at("planning.tasks.steps_remind_daily", hour=7, minute=0),
    "overdue-summaries": _at(
        "planning.tasks.overdue_summaries_weekly", hour=7, minute=15, day_of_week=1
    ),
    "data-due": _at("measures.tasks.data_due_remind_daily", hour=7, minute=12),
    "off-track-summaries": _at(
        "measures.tasks.off_track_summaries_weekly", hour=7, minute=16, day_of_week=1
    ),
    "coach-digests": _at("dashboards.tasks.coach_digests_weekly", hour=7, minute=20, day_of_week=1),
    "rounds-remind": _at("rubrics.tasks.rounds_remind_daily", hour=7, minute=5),
    "meetings-remind": _at("meetings.tasks.meetings_remind_daily", hour=7, minute=10),
    # Then the digests of what was chosen for one (daily, and on Mondays weekly).
    "digests": _at("notifications.tasks.digests_daily", hour=7, minute=30),
    # At night: districts past their time in the trash (trash.services.trash_purge).
    "trash-purge": _at("trash.tasks.trash_purge_nightly", hour=3, minute=20),
    # At night: evidence files nothing references any more (evidence.services.orphans_sweep).
    "evidence-orphans": _at("evidence.tasks.evidence_orphans_sweep", hour=3, minute=40),
    # And the PDF parts no document used for REPORT_PART_KEEP_DAYS (reports.storage).
    "reports-parts-sweep": _at("reports.tasks.reports_parts_sweep", hour=3, minute=50),
}
# A task whose worker died (killed, out of memory) stays unacknowledged in Redis; after this
# many seconds another worker takes it over. Longer than the longest task (a PDF), so that a
# task still running is never handed out twice.
# 100 s by default: a packet whose worker was killed finishes on another within two minutes.
TASK_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=REPORT_TIME_LIMIT + 10)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": TASK_VISIBILITY_TIMEOUT,
    # Workers look for such tasks every 10 s. Kombu's default looks only every tenth time
    # (every 100 s), which once took a killed worker's packet 194 s instead of 102.
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
    "socket_timeout": 2,
    "socket_connect_timeout": 1,
}


AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboards:landing"  # where each person's job is
LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a day

# Who may say, in X-Forwarded-For, which address a request comes from (config/proxies.py):
# nobody (the default), a count of proxies in front of the app, or their address ranges.
# Every limit and log by address reads the client's address from it: the sign-in lockout,
# allauth's limits and sessions (accounts.adapters), the board-snapshot limit, the API's
# throttles (api/throttling.py) and the security log. Checked here, so a typo stops the start.
TRUSTED_PROXIES = env("TRUSTED_PROXIES", default="")
trusted_proxies(TRUSTED_PROXIES)

# Sign-in throttling: after 5 failures for one address and account, a 15-minute cool-off.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The sign-in form (django-allauth's) posts the email address in the "login" field.
AXES_USERNAME_FORM_FIELD = "login"
# One account, one count: `Viewer@…` and `viewer@…` are the same person's failures.
AXES_USERNAME_CALLABLE = "accounts.services.sign_in_name"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The address counted is the client's, as the trusted proxies give it (TRUSTED_PROXIES).
AXES_CLIENT_IP_CALLABLE = "config.proxies.client_ip"

INVITATION_MAX_AGE = timedelta(days=env.int("INVITATION_MAX_AGE_DAYS", default=7))

# Sign-in (django-allauth; docs/configuration.md#sign-in): by email and password, or with an
# OpenID Connect provider (Google, Microsoft, any other by its issuer). Nobody signs up with a
# password on their own (people join by invitation, or by their district's verified email
# domain); an identity signs in to an account that exists only once linked to it: by its
# owner, signed in, with the password or second step again, or at its first sign-in when
# SSO_SIGN_IN_DOMAINS lets its provider vouch for a verified domain of the account's district
# (accounts.adapters).
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"  # emails come from invitations or verified providers
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = True  # as before: the session lasts SESSION_COOKIE_AGE
ACCOUNT_FORMS = {"login": "accounts.forms.SignInForm"}
ACCOUNT_PREVENT_ENUMERATION = True
# django-axes counts password failures (AXES_* below); allauth's count of failures also
# guards the second step (an authenticator app's code): 5 per account in 15 minutes.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/900s/key"}
# A sensitive change asks for the password (or the second step) again; never a code by email.
ACCOUNT_REAUTHENTICATION_METHODS = ("password", "mfa")
SOCIALACCOUNT_AUTO_SIGNUP = True
# allauth would sign in to the account of any email a provider vouches for; Waypoint decides
# which account an identity may join itself (accounts.adapters.SocialAccountAdapter).
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
# Linking (or unlinking) an identity while signed in asks for the password or second step
# again: a borrowed session cannot add a way in.
SOCIALACCOUNT_REAUTHENTICATION_REQUIRED = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_REQUIRED = True
SOCIALACCOUNT_QUERY_EMAIL = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False  # a button posts, so that no link signs anyone in
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_PROVIDERS = {}
# The email domains each provider (by the id its accounts carry: google, microsoft, the
# SSO_OIDC_ID) may vouch for when it signs in to an account that already exists; the domain
# must also be a verified domain of one of the account's districts (accounts.adapters).
SSO_SIGN_IN_DOMAINS = {}
_sso_origins = []


def _sso_domains(name: str) -> list[str]:
    return [d.strip().lower().lstrip("@") for d in env.list(name, default=[]) if d.strip()]


def _sso_provider(provider: str, prefix: str, origin: str, *, key="", app=None, **options) -> None:
    """Turn on one sign-in provider: its app (the client id and secret from the environment's
    <prefix>_CLIENT_ID and <prefix>_CLIENT_SECRET), PKCE, the origin the sign-in form may post
    to, and the email domains it vouches for (<prefix>_DOMAINS), under `key` (its accounts' id)
    or the provider's name."""
    SOCIALACCOUNT_PROVIDERS[provider] = {
        "APPS": [
            {
                **(app or {}),
                "client_id": env(f"{prefix}_CLIENT_ID"),
                "secret": env(f"{prefix}_CLIENT_SECRET", default=""),
            }
        ],
        **options,
        "OAUTH_PKCE_ENABLED": True,
    }
    _sso_origins.append(origin)
    SSO_SIGN_IN_DOMAINS[key or provider] = _sso_domains(f"{prefix}_DOMAINS")


if env("SSO_GOOGLE_CLIENT_ID", default=""):
    _sso_provider(
        "google", "SSO_GOOGLE", "https://accounts.google.com", SCOPE=["openid", "profile", "email"]
    )
if env("SSO_MICROSOFT_CLIENT_ID", default=""):
    # "organizations": any school's Microsoft 365 (Entra ID); a tenant's id to take only one.
    _sso_provider(
        "microsoft",
        "SSO_MICROSOFT",
        "https://login.microsoftonline.com",
        app={"settings": {"tenant": env("SSO_MICROSOFT_TENANT", default="organizations")}},
    )
if env("SSO_OIDC_SERVER_URL", default=""):
    # Any other OpenID Connect provider (Clever, ClassLink, a state's identity service),
    # found by its issuer's discovery document.
    _sso_oidc_id = env("SSO_OIDC_ID", default="district")
    _sso_provider(
        "openid_connect",
        "SSO_OIDC",
        env.url("SSO_OIDC_SERVER_URL")._replace(path="", query="").geturl(),
        key=_sso_oidc_id,
        app={
            "provider_id": _sso_oidc_id,
            "name": env("SSO_OIDC_NAME", default="your district’s account"),
            "settings": {
                "server_url": env("SSO_OIDC_SERVER_URL"),
                "oauth_pkce_enabled": True,
            },
        },
    )

# Joining a district by its verified email domain (districts.joining): a domain is verified by
# Waypoint's staff, or by a DNS TXT record the district adds, looked up here unless this
# deployment may not make DNS lookups (DOMAIN_DNS_LOOKUPS=false: staff verify every domain).
DOMAIN_DNS_LOOKUPS = env.bool("DOMAIN_DNS_LOOKUPS", default=True)
DOMAIN_DNS_NAMESERVERS = [s for s in env.list("DOMAIN_DNS_NAMESERVERS", default=[]) if s]
DOMAIN_DNS_TIMEOUT = env.float("DOMAIN_DNS_TIMEOUT", default=3.0)

# Two-step sign-in (django-allauth's MFA: an authenticator app's codes, and recovery codes),
# for everyone who wants it; required of staff, coaches and facilitators unless this says
# otherwise (accounts.middleware.TwoStepRequiredMiddleware).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Waypoint"
MFA_RECOVERY_CODE_COUNT = 10
# A code of the 30 seconds before (or after) is taken too: a phone's clock drifts and typing
# takes time, and RFC 6238 (5.2) advises one step of leeway. Each code still signs in once.
MFA_TOTP_TOLERANCE = 1
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
# Setting up the app right after signing in (as those who must are asked to) needs no second
# password: someone who signs in with their district's account has none to give.
MFA_REAUTHENTICATION_REQUIRED = False
TWO_STEP_REQUIRED_FOR = [
    role
    for role in env.list("TWO_STEP_REQUIRED_FOR", default=["staff", "coaches", "facilitators"])
    if role
]
# Active sessions: each person sees theirs (browser, address, when signed in) and ends any.
# Recorded at sign-in only: tracking each request's activity would write on every page.
USERSESSIONS_TRACK_ACTIVITY = False

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
if EMBEDDED and not env("EMAIL_URL", default=""):
    # The embedded default has no mail server: each email to a file of its own in
    # data/emails/, with one line on the console saying where (config.email).
    EMAIL_BACKEND = "config.email.FileEmailBackend"
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(DATA_DIR / "emails"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Waypoint <waypoint@localhost>")
# The address people reach the app at, for the links in emails (sent by workers, which have
# no request to take it from).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Every wait on the mail server (connecting, each answer) ends after this many seconds: a
# server that accepts the connection and never answers holds a sender this long, not minutes.
EMAIL_TIMEOUT = env.float("EMAIL_TIMEOUT", default=10.0)
# The outbox (notifications.services.deliveries_send): the mail provider's limit, in emails a
# minute for all the workers together (0: no limit); each minute the sweep starts this many
# senders (set it to the mail worker processes: replicas x concurrency), each sending batches
# of EMAIL_BATCH_SIZE over one connection for up to EMAIL_SENDER_SECONDS.
EMAIL_RATE_PER_MINUTE = env.int("EMAIL_RATE_PER_MINUTE", default=3000)
EMAIL_SENDERS = env.int("EMAIL_SENDERS", default=4)
EMAIL_BATCH_SIZE = env.int("EMAIL_BATCH_SIZE", default=100)
EMAIL_SENDER_SECONDS = env.int("EMAIL_SENDER_SECONDS", default=50)

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", default="America/New_York")
CELERY_TIMEZONE = TIME_ZONE  # the schedule's clock (CELERY_BEAT_SCHEDULE's crontabs)
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = env("MEDIA_ROOT", default=str(DATA_DIR / "media"))
# Where `manage.py backup` writes its archives (docs/operations.md, Backups): copy them off
# the machine.
BACKUP_DIR = Path(env("BACKUP_DIR", default=str(DATA_DIR / "backups")))

# Evidence files (the evidence app): in the media folder by default (MEDIA_ROOT/evidence/,
# shared by the web and the workers, and never served from a public URL: only by an
# access-checked view), or in any S3-compatible bucket when EVIDENCE_S3_BUCKET is set
# (django-storages; credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the
# machine's role). docs/configuration.md.
# What the workers make (documents, their parts and page-number stamps: the reports app)
# goes to STORAGES["reports"]: the media folder by default (MEDIA_ROOT/reports/, each file
# written whole and renamed into place), the same bucket under reports/ when it is set. A
# download from the bucket is a redirect to a link signed for REPORT_LINK_SECONDS, handed
# out after the access check (docs/operations.md, "Where files are kept").
EVIDENCE_S3_BUCKET = env("EVIDENCE_S3_BUCKET", default="")
REPORT_LINK_SECONDS = env.int("REPORT_LINK_SECONDS", default=60)
if EVIDENCE_S3_BUCKET:
    _bucket = {
        "bucket_name": EVIDENCE_S3_BUCKET,
        "endpoint_url": env("EVIDENCE_S3_ENDPOINT_URL", default=None),
        "region_name": env("EVIDENCE_S3_REGION", default=None),
        "default_acl": "private",
        "querystring_auth": True,
        "signature_version": "s3v4",  # links signed as every S3-compatible store takes them
    }
    STORAGES["evidence"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_bucket, "file_overwrite": False},
    }
    STORAGES["reports"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        # A job made again, or a part two workers made at once, is written under the same
        # name (a PUT replaces an object whole).
        "OPTIONS": {**_bucket, "file_overwrite": True, "querystring_expire": REPORT_LINK_SECONDS},
    }
else:
    STORAGES["evidence"] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    STORAGES["reports"] = {"BACKEND": "districts.stored.AtomicFileSystemStorage"}
# A deleted district stays in the trash this many days (staff may restore it whole), then the
# nightly purge removes its rows and files (trash.services).
DISTRICT_TRASH_DAYS = env.int("DISTRICT_TRASH_DAYS", default=30)
# A measure is on track when no further behind the line from its baseline to its next target
# than this share of the distance between them (at risk up to twice that): docs/features.md.
MEASURE_TOLERANCE = env.float("MEASURE_TOLERANCE", default=0.10)

EVIDENCE_MAX_FILE_MB = env.int("EVIDENCE_MAX_FILE_MB", default=25)
EVIDENCE_DISTRICT_QUOTA_MB = env.int("EVIDENCE_DISTRICT_QUOTA_MB", default=2048)

# Sessions are read from the cache and written to both (the database stays the record): one
# query less on every page; with the cache down they are read from the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy: scripts and styles only from our own origin, never inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        # A sign-in button posts, then is sent on to the identity provider.
        "form-action": ["'self'", *_sso_origins],
        "frame-ancestors": ["'none'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    # DRF's own, counting the client's address as TRUSTED_PROXIES gives it (DRF's NUM_PROXIES
    # would believe any X-Forwarded-For).
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonRateThrottle",
        "api.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", default="60/minute"),
        "user": env("API_THROTTLE_USER", default="1200/minute"),
    },
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "api.base.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    # OPTIONS is not part of the API: it answers 405 like any method a route does not take.
    "DEFAULT_METADATA_CLASS": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Waypoint API",
    "DESCRIPTION": "Districts' self-assessments, competencies and plans. Authenticate with a "
    "personal token (Authorization: Bearer …) created on the API tokens page of the app.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "AudienceEnum": "districts.models.Audience",
        "StrandEnum": "planning.models.Strand",
        "FrequencyEnum": "notifications.models.Frequency",
        "GradeEnum": "schools.models.GRADES",
    },
}

LOG_LEVEL = env("LOG_LEVEL", default="INFO")
# text: a line a record, for people (make run); json: one JSON object a line, for a log
# collector (docs/operations.md#logs). The same ids either way.
LOG_FORMAT = env("LOG_FORMAT", default="text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "config.observability.RequestContextFilter"}},
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s "
            "request=%(request_id)s user=%(user_id)s district=%(district_id)s %(message)s"
        },
        "json": {
            "()": "config.observability.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(request_id)s %(user_id)s %(district_id)s %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "waypoint.security": {"level": "INFO"},
        "django.security.DisallowedHost": {"level": "ERROR"},
        # Each step of each PDF and each font subset: noise at INFO, wherever it runs.
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
if EMBEDDED:
    # Tasks run in the web process there: a line for each task that succeeded says nothing.
    LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}

# Prometheus (config/metrics.py): /metrics answers only a bearer of this token (unset: 404);
# a worker serves its measures on this port when set (only the operators' network should
# reach either). Several processes share theirs through PROMETHEUS_MULTIPROC_DIR.
METRICS_TOKEN = env("METRICS_TOKEN", default="")
METRICS_WORKER_PORT = env.int("METRICS_WORKER_PORT", default=0)
METRICS_WORKER_ADDRESS = env("METRICS_WORKER_ADDRESS", default="0.0.0.0")  # noqa: S104

# Errors to Sentry when a DSN is set (sentry-sdk): the web app's and the workers', tagged with
# the release; no personal data is sent.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    from config.observability import sentry_init

    sentry_init(
        SENTRY_DSN,
        release=RELEASE,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        traces=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
