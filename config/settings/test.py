"""Tests: the same stack as configured by the environment, with fast hashing and mail kept."""

from .base import *

SECRET_KEY = "test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105
DEBUG = False
# Argon2 is deliberately slow; tests that need it override this (see tests/test_accounts.py).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Connections opened by a live-server or Celery worker thread must not outlive the test
# database, which is dropped at the end of the run.
DATABASES["default"]["CONN_MAX_AGE"] = 0
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
LOGGING["root"]["level"] = "WARNING"
# The live server of the browser tests serves static files straight from static/ and the apps.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
