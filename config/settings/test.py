"""Tests: the same stack as configured by the environment, with fast hashing and mail kept."""

import os
import tempfile

from .base import *
from .base import _redis_database

SECRET_KEY = "test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105
DEBUG = False
# Argon2 is deliberately slow; tests that need it override this (see tests/test_accounts.py).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The cast's staff, coach and facilitator sign in without an authenticator app; the tests of
# two-step sign-in require it as a deployment does (tests/test_sign_in_sso.py).
TWO_STEP_REQUIRED_FOR = []
# No DNS lookup leaves the machine: the tests of a domain's DNS record start their own DNS
# server (tests/test_domains.py).
DOMAIN_DNS_LOOKUPS = False
# Tests run the scheduled tasks themselves (tests/test_schedule.py starts the schedule).
EMBEDDED_SCHEDULE = False
# Connections opened by a live-server or Celery worker thread must not outlive the test
# database, which is dropped at the end of the run.
DATABASES["default"]["CONN_MAX_AGE"] = 0
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
LOGGING["root"]["level"] = "WARNING"
# The live server of the browser tests serves static files straight from static/ and the apps.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Generated PDFs of a test run go to a folder of their own, not to ./data/media.
# A worker process started by a test is told the folder through MEDIA_ROOT.
MEDIA_ROOT = env("MEDIA_ROOT", default="") or tempfile.mkdtemp(prefix="waypoint-test-media-")

# Parallel test workers (pytest-xdist) must not share a Redis cache: one worker's
# cache.clear() (a FLUSHDB) would wipe another's throttle history mid-test. Each worker gets
# a database of its own, counted from 8 so the app's and the benchmark's databases are left alone.
if REDIS_URL:
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "gw-1").removeprefix("gw")
    _cache_db = 8 + int(_worker) + 1
    CACHES["default"]["LOCATION"] = _redis_database(REDIS_URL, _cache_db)
