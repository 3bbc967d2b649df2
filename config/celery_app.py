"""The one Celery app. Settings come from Django's, under the CELERY_ prefix."""

import gc
import logging
import os

from celery import Celery
from celery.signals import worker_process_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("waypoint")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect  # each child of the prefork pool, after the fork
@worker_ready.connect  # the solo pool's one process
def settle_heap(**kwargs) -> None:
    """Load what every rendering uses, then move everything made so far out of the garbage
    collector's sight (gc.freeze): WeasyPrint makes some hundred thousand objects for each
    part, and without this each of its full collections also walked the worker's whole
    start-up heap (Django, WeasyPrint, fonts), about a sixth of a part's time
    (docs/performance.md)."""
    from reports import render

    try:
        render.warm_up()
    except Exception:  # the worker's other tasks (mail, reminders) still run; a PDF reports it
        logging.getLogger("waypoint.reports").exception("WeasyPrint could not lay out a line")
    gc.collect()
    gc.freeze()
