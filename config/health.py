"""/health/ for load balancers and operators: within two seconds, whatever is down or frozen.

The cache and the broker are checked in threads of their own, with a budget of a second and a
half; their clients time out after a second. The answer is 200
while the database answers (the app works without the cache and without the broker: pages
are made uncached, PDFs wait in the queue) and 503 when it does not. JSON with
`Accept: application/json`, else plain text, one line a check:

    {"status": "ok" | "degraded" | "down",
     "checks": {"database": "ok", "cache": "ok", "broker": "ok"},
     "queue": {"queued": 0, "oldest_queued_seconds": null}}

The probes, for what starts, stops and routes to the process (Docker's HEALTHCHECK, the
compose health checks, Kubernetes), are answered by ProbeMiddleware below, before any other
middleware: `/health/live` (the process answers) and `/health/ready` (it can take traffic).
"""

import time
from concurrent.futures import ThreadPoolExecutor, wait

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

BUDGET_SECONDS = 1.5
_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="health")


def _database() -> dict:
    from reports.selectors import queue_state

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    state = queue_state()
    return {
        "database": "ok",
        "queue": {
            "queued": state["counts"]["queued"],
            "oldest_queued_seconds": state["oldest_queued_seconds"],
        },
    }


def _cache() -> dict:
    from config.cache import cache_is_degraded

    key = f"health:{time.monotonic_ns()}"
    cache.set(key, "ok", 10)
    if cache.get(key) != "ok" or cache_is_degraded():
        return {"cache": "degraded: unreachable, pages are made without it"}
    cache.delete(key)
    return {"cache": "ok"}


def _broker() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"broker": "ok (tasks run in-process)"}
    from config.celery_app import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=0, timeout=1)
    except Exception:
        return {"broker": "degraded: unreachable, PDFs wait in the queue until it is back"}
    return {"broker": "ok"}


@never_cache
@require_safe
def health(request):
    # The cache and the broker in threads, with a budget; the database here (the app's one
    # dependency: when it is frozen, so is every page).
    futures = {
        name: _pool.submit(check) for name, check in (("cache", _cache), ("broker", _broker))
    }
    try:
        database = _database()
    except Exception as error:
        database = {"database": f"down: {type(error).__name__}"}
    wait(futures.values(), timeout=BUDGET_SECONDS)
    body = {"status": "ok", "checks": {}, "queue": database.pop("queue", None)}
    body["checks"].update(database)
    for name, future in futures.items():
        if not future.done():
            result = {name: "degraded: no answer within a second and a half"}
        elif future.exception() is not None:
            result = {name: f"down: {type(future.exception()).__name__}"}
        else:
            result = future.result()
        body["queue"] = result.pop("queue", body["queue"])
        body["checks"].update(result)
    if not body["checks"]["database"].startswith("ok"):
        body["status"] = "down"
    elif any(not value.startswith("ok") for value in body["checks"].values()):
        body["status"] = "degraded"
    status = 503 if body["status"] == "down" else 200
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(body, status=status)
    lines = [f"status: {body['status']}"]
    lines += [f"{name}: {value}" for name, value in body["checks"].items()]
    if body["queue"]:
        lines.append(
            f"queue: {body['queue']['queued']} queued, oldest "
            f"{body['queue']['oldest_queued_seconds'] or 0} s"
        )
    return HttpResponse("\n".join(lines) + "\n", status=status, content_type="text/plain")


# ---------------------------------------------------------------- the probes

# Whether every migration is applied is asked of the database at most this often per process
# (building the migration graph takes some tens of milliseconds; the probe comes every few
# seconds).
MIGRATIONS_CHECK_SECONDS = 10.0
_migrations_checked: tuple[float, int] | None = None  # (when, how many were not applied)


def _unapplied_migrations() -> int:
    global _migrations_checked
    checked = _migrations_checked
    if checked is not None and time.monotonic() - checked[0] < MIGRATIONS_CHECK_SECONDS:
        return checked[1]
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    count = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    _migrations_checked = (time.monotonic(), count)
    return count


def _probe_answer(request, ok: bool, lines: dict[str, str]) -> HttpResponse:
    status = 200 if ok else 503
    if "application/json" in request.headers.get("Accept", ""):
        body = {"status": "ok" if ok else "not ready", "checks": lines}
        response = JsonResponse(body, status=status)
    else:
        text = "".join(f"{name}: {value}\n" for name, value in lines.items())
        response = HttpResponse(text, status=status, content_type="text/plain")
    response["Cache-Control"] = "no-store"
    response["Content-Length"] = len(response.content)
    # Not ready is an answer, not an error: Django would log each one at ERROR (and Sentry
    # would take it for an event), every few seconds while a migration or an outage lasts.
    response._has_been_logged = True
    return response


def live(request) -> HttpResponse:
    """The process answers: nothing else is asked (no database, cache, session or person),
    so a database outage never makes the orchestrator restart healthy processes."""
    return _probe_answer(request, True, {"process": "ok"})


def ready(request) -> HttpResponse:
    """The process can take traffic: the database answers and no migration of this release
    is left unapplied (a new release waits for the migrate step; docs/operations.md). The
    cache and the broker are not asked: without them pages still work (/health/ says how)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        unapplied = _unapplied_migrations()
    except DatabaseError as error:
        return _probe_answer(request, False, {"database": f"down: {type(error).__name__}"})
    if unapplied:
        return _probe_answer(
            request,
            False,
            {"database": "ok", "migrations": f"{unapplied} not applied: run the migrate step"},
        )
    return _probe_answer(request, True, {"database": "ok", "migrations": "ok"})


PROBES = {"/health/live": live, "/health/ready": ready}


class ProbeMiddleware:
    """First of the middleware: answers the probes itself, so that they cost no session,
    person, request id or page machinery, whatever the Host header says (a kubelet or
    Docker asks by the container's address, which DJANGO_ALLOWED_HOSTS need not list), and
    never redirected to HTTPS (the probes come over plain HTTP inside the network). They
    answer GET and HEAD, without signing in; their answer says nothing about anyone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info)
        if probe is None:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return probe(request)
