"""What Prometheus scrapes (prometheus-client; docs/operations.md#metrics-and-alerts).

Measured where they happen: each request's time and its time in the database, by view
(MetricsMiddleware); each Celery task's time and failures (signals, in the workers); each PDF
job's time from asked to done or failed (reports.services). Read at scrape time, from where
they live: the broker's queue (its length, the oldest message's age, the tasks workers hold),
the PDF jobs waiting, and the email outbox. Each costs a few commands or indexed counts.

`GET /metrics` answers only with `Authorization: Bearer <METRICS_TOKEN>`; with no token set
it is a 404, as if it did not exist. A worker serves its own measures on METRICS_WORKER_PORT.
With several processes (gunicorn's workers, Celery's prefork pool), PROMETHEUS_MULTIPROC_DIR
names a folder they share (emptied before they start): prometheus-client adds theirs up.
"""

import hmac
import json
import logging
import os
import time
from contextlib import ExitStack

from django.conf import settings
from django.db import connections
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

# Several processes share their measures as files in this folder (made if missing: a
# container's memory folder starts empty).
if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)

logger = logging.getLogger("waypoint.metrics")

# Pages answer in tens of milliseconds; a PDF takes seconds to minutes.
FAST = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
SLOW = (0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800)
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

REQUEST_SECONDS = Histogram(
    "waypoint_request_seconds",
    "Time to answer a request, by view (its URL name), method and status class.",
    ["view", "method", "status"],
    buckets=FAST,
)
REQUEST_DATABASE_SECONDS = Histogram(
    "waypoint_request_database_seconds",
    "Time a request spent in database queries, by view.",
    ["view"],
    buckets=FAST,
)
TASK_SECONDS = Histogram(
    "waypoint_task_seconds",
    "Time a Celery task ran, by task and outcome (succeeded, failed, retried).",
    ["task", "outcome"],
    buckets=(*FAST[:-1], *SLOW[3:]),
)
TASK_FAILURES = Counter(
    "waypoint_task_failures", "Celery tasks that raised (before any retry), by task.", ["task"]
)
REPORT_JOB_SECONDS = Histogram(
    "waypoint_report_job_seconds",
    "Time from asking for a document to its being done or failed, by kind and outcome.",
    ["kind", "outcome"],
    buckets=SLOW,
)


class MetricsMiddleware:
    """Times each request and its database queries (every database's), labelled with the
    view's URL name ("unmatched" when no URL matched: no path becomes a label)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        in_database = [0.0]

        def timed(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                in_database[0] += time.perf_counter() - started

        started = time.perf_counter()
        with ExitStack() as stack:
            for alias in connections:
                stack.enter_context(connections[alias].execute_wrapper(timed))
            response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match else "unmatched"
        method = request.method if request.method in METHODS else "other"
        status = f"{response.status_code // 100}xx"
        REQUEST_SECONDS.labels(view, method, status).observe(time.perf_counter() - started)
        REQUEST_DATABASE_SECONDS.labels(view).observe(in_database[0])
        return response


def report_job_ended(job, outcome: str) -> None:
    """Called as a job is done or failed (reports.services)."""
    if job.created_at:
        waited = time.time() - job.created_at.timestamp()
        REPORT_JOB_SECONDS.labels(job.kind, outcome).observe(max(waited, 0.0))


# ---------------------------------------------------------------- read at scrape time


def _broker_client():
    """The broker's Redis, with short timeouts (None when the broker is not Redis)."""
    import redis

    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return None
    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)


def _by_status(name: str, documentation: str, counts: dict) -> GaugeMetricFamily:
    """A gauge with one sample per status (`counts`: status to count)."""
    family = GaugeMetricFamily(name, documentation, labels=["status"])
    for status, count in counts.items():
        family.add_metric([status], count)
    return family


class StateCollector:
    """Gauges read when Prometheus scrapes; a source that does not answer is left out and
    says so in waypoint_scrape_source_up."""

    def collect(self):
        up = GaugeMetricFamily(
            "waypoint_scrape_source_up",
            "Whether a source of these gauges answered this scrape (1) or not (0).",
            labels=["source"],
        )
        for name, read in (
            ("broker", self._broker),
            ("report_jobs", self._report_jobs),
            ("outbox", self._outbox),
        ):
            try:
                families = list(read())
            except Exception as error:  # a scrape never fails for one source
                logger.warning("Metrics: %s did not answer: %s", name, error)
                up.add_metric([name], 0)
                continue
            up.add_metric([name], 1)
            yield from families
        yield up

    def _broker(self):
        client = _broker_client()
        if client is None:
            return
        from config.celery_app import app

        queue = app.conf.task_default_queue
        with client:
            pipe = client.pipeline(transaction=False)
            pipe.llen(queue).lindex(queue, -1).hlen("unacked").llen(settings.MAIL_QUEUE)
            length, oldest, held, mail = pipe.execute()
        age = 0.0
        if oldest:  # kombu pushes on the left and workers take from the right
            sent_at = json.loads(oldest).get("headers", {}).get("waypoint_sent_at")
            age = max(time.time() - float(sent_at), 0.0) if sent_at else 0.0
        yield GaugeMetricFamily(
            "waypoint_queue_length", "Tasks waiting in the broker's queue.", value=length
        )
        yield GaugeMetricFamily(
            "waypoint_queue_oldest_seconds",
            "Age of the oldest task waiting in the broker's queue (0 when none waits).",
            value=age,
        )
        yield GaugeMetricFamily(
            "waypoint_queue_held", "Tasks handed to workers and not yet acknowledged.", value=held
        )
        yield GaugeMetricFamily(
            "waypoint_mail_queue_length",
            "Tasks waiting in the mail queue (the outbox's sweeps and senders).",
            value=mail,
        )

    def _report_jobs(self):
        from reports.selectors import queue_state

        state = queue_state()
        yield _by_status(
            "waypoint_report_jobs", "PDF and archive jobs not finished, by status.", state["counts"]
        )
        yield GaugeMetricFamily(
            "waypoint_report_oldest_queued_seconds",
            "Age of the oldest job no worker has started (0 when none).",
            value=state["oldest_queued_seconds"] or 0,
        )

    def _outbox(self):
        from notifications.selectors import outbox_state

        state = outbox_state()
        yield _by_status(
            "waypoint_outbox_emails",
            "Emails of the outbox not sent, by status (pending, sending, failed).",
            state["counts"],
        )
        yield GaugeMetricFamily(
            "waypoint_outbox_retrying",
            "Emails waiting to be sent again after a failed attempt.",
            value=state["retrying"],
        )
        yield GaugeMetricFamily(
            "waypoint_outbox_oldest_pending_seconds",
            "Age of the oldest email due and not sent (0 when none).",
            value=state["oldest_due_seconds"] or 0,
        )


def exposition() -> bytes:
    """This process's measures (or, with PROMETHEUS_MULTIPROC_DIR, every process's), then
    the gauges read now."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        measured = CollectorRegistry()
        multiprocess.MultiProcessCollector(measured)
    else:
        measured = REGISTRY
    state = CollectorRegistry()
    state.register(StateCollector())
    return generate_latest(measured) + generate_latest(state)


@never_cache
def metrics(request):
    """Closed unless METRICS_TOKEN is set, then only to a bearer of it; a Prometheus server
    on the operators' network scrapes it (docs/operations.md)."""
    token = settings.METRICS_TOKEN
    if not token:
        raise Http404("No such page.")
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        response = HttpResponse("A bearer token is needed.\n", status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)


# ---------------------------------------------------------------- in the workers


_started: dict[str, float] = {}


def task_sent(headers: dict | None = None, **kwargs) -> None:
    """before_task_publish: the time sent, so a scrape can tell the oldest waiting task's age."""
    if headers is not None:
        headers["waypoint_sent_at"] = time.time()


def task_started(task_id: str, **kwargs) -> None:
    _started[task_id] = time.perf_counter()


def task_ended(task_id: str, task, state: str | None = None, **kwargs) -> None:
    started = _started.pop(task_id, None)
    if started is not None:
        outcome = {"SUCCESS": "succeeded", "RETRY": "retried"}.get(state or "", "failed")
        TASK_SECONDS.labels(task.name, outcome).observe(time.perf_counter() - started)


def task_failed(sender=None, **kwargs) -> None:
    TASK_FAILURES.labels(getattr(sender, "name", "unknown")).inc()


def serve_worker_metrics(**kwargs) -> None:
    """worker_ready: the worker's measures on METRICS_WORKER_PORT (its tasks, its PDF jobs),
    when set; only the operators' network should reach it."""
    port = settings.METRICS_WORKER_PORT
    if not port:
        return
    from prometheus_client import start_http_server

    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    start_http_server(port, addr=settings.METRICS_WORKER_ADDRESS, registry=registry)
