"""gunicorn's settings for the image (the Dockerfile's CMD, docker-compose.yml's web service,
the Kubernetes web Deployment): `gunicorn -c config/gunicorn.py config.wsgi`.

Threads as well as processes: a probe (/health/live, /health/ready) or a short page is
answered by a free thread while the worker's other threads render pages, instead of waiting
in the queue behind them (docs/operations.md, "Probes"). Each thread keeps its own database
connection: WEB_CONCURRENCY × WEB_THREADS of them per container."""

import os

bind = "0.0.0.0:8000"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("WEB_THREADS", "4"))
worker_class = "gthread"
# The workers' heartbeat files in memory: on a container's overlay file system a slow disk
# can hold them up long enough for gunicorn to kill a healthy worker.
SHARED_MEMORY = "/dev/shm"  # noqa: S108 — memory, for gunicorn's heartbeats only
worker_tmp_dir = SHARED_MEMORY if os.path.isdir(SHARED_MEMORY) else None
# On SIGTERM (a deploy, a scale-down) requests in flight get this long to finish: within
# Kubernetes' 30 seconds before it kills the container.
graceful_timeout = 25


# With PROMETHEUS_MULTIPROC_DIR (docs/operations.md, "Metrics"), the workers' measures are
# files there: made empty when gunicorn starts, and a dead worker's gauges let go.
def on_starting(server) -> None:
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        os.makedirs(folder, exist_ok=True)
        for name in os.listdir(folder):
            os.remove(os.path.join(folder, name))


def child_exit(server, worker) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
