"""The scheduled work (settings.CELERY_BEAT_SCHEDULE) on the embedded default, where no beat
process runs: Celery beat's own embedded service, in a thread of the web process, with the
same schedule. Tasks run eagerly there (CELERY_TASK_ALWAYS_EAGER), so each runs in that
thread, which closes its database connections after each one.

With PostgreSQL and Redis, a beat process does this instead (`make run` starts the worker
with `--beat`; docker-compose has a `beat` service) and this is never started."""

import logging
import threading

from celery.signals import task_postrun
from django.core.exceptions import MiddlewareNotUsed
from django.db import connections

logger = logging.getLogger("waypoint.schedule")

THREAD_NAME = "Beat"  # celery.beat's embedded thread
_lock = threading.Lock()
_service = None


def start(schedule_filename: str, max_interval: float = 30):
    """Start the schedule once per process; returns the running service (a thread)."""
    global _service
    with _lock:
        if _service is None:
            from celery.beat import EmbeddedService

            from config.celery_app import app

            # Register every app's tasks (their autodiscovery, as a worker does at start):
            # beat sends a task it does not know to the broker, where nothing would run it.
            app.loader.import_default_modules()
            _service = EmbeddedService(
                app, thread=True, schedule_filename=schedule_filename, max_interval=max_interval
            )
            _service.start()
            logger.info("The schedule runs in this process (%s)", sorted(app.conf.beat_schedule))
        return _service


def stop() -> None:
    global _service
    with _lock:
        if _service is not None:
            _service.stop()
            _service = None


@task_postrun.connect
def _close_connections(**kwargs) -> None:
    if threading.current_thread().name == THREAD_NAME:
        connections.close_all()


class EmbeddedScheduleMiddleware:
    """Loaded once, when the web process builds its handler: starts the schedule if the
    settings ask for it (EMBEDDED_SCHEDULE), then steps out of every request."""

    def __init__(self, get_response):
        from django.conf import settings

        if settings.EMBEDDED_SCHEDULE:
            start(str(settings.DATA_DIR / "celerybeat-embedded"))
        raise MiddlewareNotUsed
