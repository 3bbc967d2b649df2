"""Local development: the embedded default, debug on, a throwaway secret key."""

from .base import *

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = SECRET_KEY or "local-development-only-not-secret-0123456789abcdefghijklmnop"
