"""The production stack, measured on this machine: production settings over plain HTTP on
the loopback address, with the benchmark's floor view. Used by `make bench` only."""

from .production import *

ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
ROOT_URLCONF = "devtools.urls"
# Throttling would measure the throttle; the bench measures the pages.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
LOGGING["root"]["level"] = "WARNING"
# The bench signs a hundred people in through the sign-in form each run: not security events.
LOGGING["loggers"]["waypoint.security"]["level"] = "WARNING"
# The bench's databases are its own and thrown away: it seeds them (seed_scale) on first use,
# and signs in as the scale data's people, whose password the README publishes.
DEMO_DATA_ALLOWED = True
