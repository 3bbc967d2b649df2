"""/health/ for load balancers and operators: within two seconds, whatever is down or frozen.

The cache and the broker are checked in threads of their own, with a budget of a second and a
half; their clients time out after a second. The answer is 200
while the database answers (the app works without the cache and without the broker: pages
are made uncached, PDFs wait in the queue) and 503 when it does not. JSON with
`Accept: application/json`, else plain text, one line a check:

    {"status": "ok" | "degraded" | "down",
     "checks": {"database": "ok", "cache": "ok", "broker": "ok"},
     "queue": {"queued": 0, "oldest_queued_seconds": null}}
"""

import time
from concurrent.futures import ThreadPoolExecutor, wait

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
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
