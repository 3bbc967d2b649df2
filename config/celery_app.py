"""The one Celery app. Settings come from Django's, under the CELERY_ prefix."""

import gc
import logging
import os

from celery import Celery
from celery.signals import (
    before_task_publish,
    setup_logging,
    task_failure,
    task_postrun,
    task_prerun,
    worker_process_init,
    worker_ready,
)

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

    if lays_out_pdfs():
        try:
            render.warm_up()
        except Exception:  # the worker's other tasks (mail, reminders) still run
            logging.getLogger("waypoint.reports").exception("WeasyPrint could not lay out a line")
    gc.collect()
    gc.freeze()


def lays_out_pdfs() -> bool:
    """Whether this worker takes PDF work: it consumes the default queue (every queue when
    started without -Q). A mail worker (-Q mail) never loads WeasyPrint: 44 MB a process."""
    chosen = app.amqp.queues.consume_from
    return not chosen or app.conf.task_default_queue in chosen


@setup_logging.connect
def keep_django_logging(**kwargs) -> None:
    """The workers log as the web app does (LOGGING: LOG_FORMAT, LOG_LEVEL, the ids on each
    line) instead of Celery's own format; connected, Celery leaves logging alone."""
    import logging.config

    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)


def _connect_observers() -> None:
    """Each task's lines carry its id as their request id; its time and failures go to
    /metrics (config.metrics)."""
    from config import metrics
    from config.observability import task_context_end, task_context_start

    before_task_publish.connect(metrics.task_sent, weak=False)
    task_prerun.connect(task_context_start, weak=False)
    task_prerun.connect(metrics.task_started, weak=False)
    task_postrun.connect(metrics.task_ended, weak=False)
    task_postrun.connect(task_context_end, weak=False)
    task_failure.connect(metrics.task_failed, weak=False)
    worker_ready.connect(metrics.serve_worker_metrics, weak=False)


_connect_observers()
