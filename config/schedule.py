"""The scheduled work (settings.CELERY_BEAT_SCHEDULE) on the embedded default, where no beat
process runs: Celery beat's own embedded service, in a thread of the process that serves
`make run`, with the same schedule. Tasks run eagerly there (CELERY_TASK_ALWAYS_EAGER), so
each runs in that thread, which closes its database connections after each one.

It starts in that one process only: `make run` sets WAYPOINT_EMBEDDED_SCHEDULE=1 for its
runserver (settings.EMBEDDED_SCHEDULE), and the runserver's serving process is the one that
starts it (with the autoreloader, its child; the watching parent never loads the app). A
management command, a gunicorn worker, a Celery process or the tests never do, even with the
variable set: two schedules at once would run each task twice (and SQLite would answer
"database is locked"). The production settings refuse the variable.

With PostgreSQL and Redis, one beat process does this instead (`make run` starts the worker
with `--beat`; docker-compose.yml and deploy/kubernetes/ have one `beat`)."""

import logging
import sys
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


def serving_runserver() -> bool:
    """Whether this process is `manage.py runserver` serving (the autoreloader runs its child
    with the same arguments)."""
    return sys.argv[1:2] == ["runserver"]


class EmbeddedScheduleMiddleware:
    """Loaded once, when a process builds its handler: starts the schedule if the settings
    ask for it (EMBEDDED_SCHEDULE) and this process is the runserver serving `make run`, then
    steps out of every request."""

    def __init__(self, get_response):
        from django.conf import settings

        if settings.EMBEDDED_SCHEDULE and serving_runserver():
            start(str(settings.DATA_DIR / "celerybeat-embedded"))
        raise MiddlewareNotUsed
