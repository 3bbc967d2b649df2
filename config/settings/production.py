"""Production: secrets and hosts must come from the environment; HTTPS everywhere."""

from django.core.exceptions import ImproperlyConfigured

from .base import *

DEBUG = False
# seed_demo and seed_scale refuse to run: their people's passwords are in the README.
DEMO_DATA_ALLOWED = False
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to a random value of 50+ chars.")
# One Celery beat per deployment runs the schedule (docker-compose.yml's `beat`, the Kubernetes
# beat Deployment): an embedded one beside it would send every reminder and sweep again.
if EMBEDDED_SCHEDULE:
    raise ImproperlyConfigured(
        "WAYPOINT_EMBEDDED_SCHEDULE is for `make run` only: in production one Celery beat "
        "process runs the schedule (docs/operations.md). Remove the variable."
    )

STORAGES["staticfiles"] = {
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# /health/ is probed by the load balancer, and /metrics scraped by Prometheus, over plain
# HTTP inside the network. (/health/live and /health/ready are answered before
# SecurityMiddleware: config.health.ProbeMiddleware.)
SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^metrics$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
