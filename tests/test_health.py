"""/health/ and a stack that degrades instead of failing: with the cache down or frozen,
pages are made uncached and saves still save; with the broker down, PDFs wait in the queue."""

import socket
import threading
import time
from unittest import mock

import pytest
from django.test import Client

from config import cache as resilient


def health(**headers):
    started = time.perf_counter()
    response = Client().get("/health/", HTTP_ACCEPT="application/json", **headers)
    return response, time.perf_counter() - started


def test_health_reports_database_cache_broker_and_queue_without_signing_in(db):
    response, _ = health()
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker"}
    assert all(value.startswith("ok") for value in body["checks"].values())
    assert body["queue"] == {"queued": 0, "oldest_queued_seconds": None}
    text = Client().get("/health/")
    assert text["Content-Type"].startswith("text/plain") and "status: ok" in text.content.decode()


def test_health_counts_the_queue_and_the_age_of_its_oldest_job(cast):
    from datetime import timedelta

    from django.utils import timezone

    from reports.models import ReportJob

    job = ReportJob.objects.create(kind="district", subject="x", requested_by=cast.lead)
    ReportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=4))
    queue = health()[0].json()["queue"]
    assert queue["queued"] == 1 and 235 <= queue["oldest_queued_seconds"] <= 250


def test_health_says_the_broker_is_degraded_and_stays_up(db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with mock.patch("config.celery_app.app.connection_for_write", side_effect=OSError("down")):
        response, seconds = health()
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["broker"].startswith("degraded: unreachable")
    assert seconds < 2


@pytest.fixture
def frozen_redis():
    """A port that accepts connections and never answers (a frozen Redis)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    server.close()


def closed_port() -> str:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"redis://127.0.0.1:{port}/0"


def redis_cache_at(settings, url):
    settings.CACHES = {"default": {"BACKEND": "config.cache.RedisCache", "LOCATION": url}}
    resilient._failed_at = 0.0


@pytest.mark.parametrize("kind", ["down", "frozen"])
def test_with_the_cache_down_or_frozen_pages_render_and_saves_save(
    kind, cast, client_for, draft_round, settings, frozen_redis
):
    from django.urls import reverse

    from rubrics.models import Rating
    from tests.rubric_helpers import dimensions_of, level, save

    redis_cache_at(settings, closed_port() if kind == "down" else frozen_redis)
    member = client_for("member")
    started = time.perf_counter()
    home = member.get(cast.riverside.get_absolute_url())
    rate_url = reverse(
        "rubrics:rate", kwargs={"district": cast.riverside.code, "round_code": draft_round.code}
    )
    rating_page = member.get(rate_url)
    dimension = dimensions_of(draft_round.framework)[0]
    saved = save(
        member,
        draft_round,
        dimension,
        version=0,
        level=level(draft_round.framework, 2),
        evidence="Saved without a cache",
    )
    seconds = time.perf_counter() - started
    assert home.status_code == 200 and rating_page.status_code == 200
    assert saved.status_code == 200, saved.content
    assert Rating.objects.get(dimension=dimension).evidence == "Saved without a cache"
    assert "Saved without a cache" in member.get(rate_url).content.decode()
    # one call waits for the timeout (a second); the rest skip the cache for a while
    assert seconds < 3
    response, seconds = health()
    assert response.status_code == 200 and seconds < 2
    assert response.json()["checks"]["cache"].startswith("degraded")


def test_the_cache_is_tried_again_after_a_while(db, settings):
    from django.core.cache import cache

    redis_cache_at(settings, closed_port())
    settings.CACHE_RETRY_SECONDS = 0.2
    assert cache.get("k", "default") == "default"
    assert resilient.cache_is_degraded()
    time.sleep(0.3)
    assert not resilient.cache_is_degraded()


def test_the_parts_of_djangos_redis_cache_the_client_builds_on_are_still_there():
    """config.cache subclasses Django's Redis cache (docs/operations.md says why, not
    django-redis) and leans on three of its private names: an upgrade of Django that moves
    them fails here, not in production."""
    import inspect

    from django.core.cache.backends import redis as django_redis

    client = django_redis.RedisCacheClient
    assert inspect.signature(client._get_connection_pool).parameters.keys() == {"self", "write"}
    assert "self._client = self._lib.Redis" in inspect.getsource(client.__init__)
    assert "self._class = RedisCacheClient" in inspect.getsource(django_redis.RedisCache.__init__)
    assert "self._class(" in inspect.getsource(django_redis.RedisCache._cache.func)


def test_forget_kept_makes_a_raw_sql_change_show(cast, client_for):
    """Raw SQL moves no version: the page stays as kept until forget_kept is run."""
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection

    client = client_for("lead")
    url = cast.riverside.get_absolute_url()
    assert "Riverside School District" in client.get(url).content.decode()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE districts_district SET name = %s WHERE id = %s",
            ["Riverside Renamed By SQL", cast.riverside.pk],
        )
    stale = client.get(url).content.decode()
    # the title comes from this request's access query; the heading from the kept part
    assert "<title>Riverside Renamed By SQL" in stale
    assert "<h1>Riverside School District" in stale
    out = StringIO()
    call_command("forget_kept", stdout=out)
    assert "Nothing kept before is read again" in out.getvalue()
    assert "<h1>Riverside Renamed By SQL" in client.get(url).content.decode()


def test_log_lines_carry_the_request_person_and_district_ids_never_their_text(cast, client_for):
    import io
    import logging

    from django.conf import settings

    from config.observability import RequestContextFilter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(settings.LOGGING["formatters"]["plain"]["format"]))
    handler.addFilter(RequestContextFilter())
    logger = logging.getLogger("waypoint.security")
    logger.addHandler(handler)
    try:
        response = client_for("viewer").post(
            f"/d/{cast.riverside.code}/members/invite/", HTTP_X_REQUEST_ID="req-0123456789"
        )
    finally:
        logger.removeHandler(handler)
    assert response["X-Request-ID"] == "req-0123456789"
    line = stream.getvalue()
    assert f"request=req-0123456789 user={cast.viewer.pk} district={cast.riverside.pk}" in line
    assert cast.viewer.email not in line and cast.riverside.name not in line
    fresh = Client().get("/health/", HTTP_X_REQUEST_ID="<script>")
    assert fresh["X-Request-ID"] != "<script>" and len(fresh["X-Request-ID"]) == 32


def test_an_invitation_asked_for_with_the_broker_down_is_saved_and_the_page_answers(
    cast, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from accounts.tasks import email_send
    from districts.models import Invitation

    def unreachable(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(email_send, "delay", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("lead").post(
            f"/d/{cast.riverside.code}/members/invite/",
            {"email": "newcomer@example.org", "role": "member"},
        )
    assert response.status_code == 302
    assert Invitation.objects.filter(email="newcomer@example.org").exists()


# ---------------------------------------------------------------- the probes


@pytest.fixture
def probes():
    """The migration check is kept a few seconds per process: each test starts without it."""
    from config import health as module

    module._migrations_checked = None
    yield module
    module._migrations_checked = None


def test_live_answers_without_database_session_or_a_known_host(probes, settings, db):
    """The kubelet and Docker ask by the container's address over plain HTTP; the answer
    costs no query and sets no cookie, with the production settings' host list and redirect."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["waypoint.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    with CaptureQueriesContext(connection) as queries:
        response = Client().get("/health/live", HTTP_HOST="10.42.0.7:8000")
    assert response.status_code == 200, response.content
    assert response.content == b"process: ok\n"
    assert len(queries) == 0
    assert not response.cookies and "Vary" not in response
    assert response["Cache-Control"] == "no-store"
    # the pages themselves still refuse the unknown host, and redirect to HTTPS
    refused = Client(raise_request_exception=False).get("/", HTTP_HOST="10.42.0.7:8000")
    assert refused.status_code == 400
    page = Client().get("/accounts/login/", HTTP_HOST="waypoint.example.org")
    assert page.status_code == 301 and page["Location"].startswith("https://")


def test_ready_when_the_database_answers_and_every_migration_is_applied(probes, db):
    response = Client().get("/health/ready", HTTP_HOST="10.42.0.7:8000")
    assert response.status_code == 200
    assert response.content.decode() == "database: ok\nmigrations: ok\n"
    body = Client().get("/health/ready", HTTP_ACCEPT="application/json").json()
    assert body == {"status": "ok", "checks": {"database": "ok", "migrations": "ok"}}


def test_not_ready_while_a_migration_of_this_release_is_not_applied(
    probes, db, monkeypatch, caplog
):
    """A new release's processes take no traffic before the migrate step has run; the check
    of the migrations is kept a few seconds, then asked again. Not ready is an answer, not
    an error logged every few seconds."""
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder
    from django.test.utils import CaptureQueriesContext

    recorded = MigrationRecorder.Migration.objects.filter(app="notifications").latest("id")
    recorded.delete()
    response = Client().get("/health/ready")
    assert response.status_code == 503
    assert "migrations: 1 not applied: run the migrate step" in response.content.decode()
    assert not [r for r in caplog.records if r.name == "django.request"]
    MigrationRecorder.Migration.objects.create(app=recorded.app, name=recorded.name)
    with CaptureQueriesContext(connection) as queries:
        assert Client().get("/health/ready").status_code == 503  # kept: SELECT 1 only
    assert len(queries) == 1
    monkeypatch.setattr(probes, "MIGRATIONS_CHECK_SECONDS", 0.0)
    assert Client().get("/health/ready").status_code == 200


def test_not_ready_when_the_database_is_down_and_alive_all_the_same(probes, db):
    from django.db import OperationalError, connection

    down = OperationalError("could not connect to server: Connection refused")
    with mock.patch.object(connection, "cursor", side_effect=down):
        ready = Client().get("/health/ready", HTTP_ACCEPT="application/json")
        live = Client().get("/health/live")
    assert ready.status_code == 503
    assert ready.json() == {
        "status": "not ready",
        "checks": {"database": "down: OperationalError"},
    }
    assert live.status_code == 200


def test_the_probes_answer_get_and_head_only(probes, db):
    assert Client().head("/health/live").status_code == 200
    assert Client().head("/health/ready").status_code == 200
    assert Client().post("/health/live").status_code == 405
    assert Client().post("/health/ready").status_code == 405
