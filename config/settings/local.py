"""Local development (`make run`): the embedded default and a throwaway secret key. Debug is
off unless asked for (DJANGO_DEBUG=1), so that `make run` shows Waypoint's own error pages as
a deployment does; static files are served from the apps' folders without collectstatic."""

from .base import *

DEBUG = env.bool("DJANGO_DEBUG", default=False)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
SECRET_KEY = SECRET_KEY or "local-development-only-not-secret-0123456789abcdefghijklmnop"
