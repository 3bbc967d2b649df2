"""The demo and scale data make people who sign in with passwords the README publishes: a
database of the production settings never gets them."""

import functools

from django.conf import settings
from django.core.management.base import CommandError


def refused_in_production(handle):
    """A command's handle() that stops, before it touches the database, under settings that
    do not allow demo data (config.settings.production)."""

    @functools.wraps(handle)
    def guarded(command, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            name = type(command).__module__.rsplit(".", 1)[-1]
            raise CommandError(
                f"{name} refuses to run under the production settings (config.settings."
                "production, where DEMO_DATA_ALLOWED is False): it makes people who sign in "
                "with a password that is published in the README. Run it on a development "
                "database, with DJANGO_SETTINGS_MODULE=config.settings.local."
            )
        return handle(command, *args, **options)

    return guarded
