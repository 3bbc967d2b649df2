"""What an operator watches: /metrics for Prometheus (closed but to a bearer of its token) and
logs as JSON, one object a line, with the same ids as the text lines."""

import json
import logging
import os
from io import StringIO

import pytest
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

from reports.models import ReportJob
from tests.process_helpers import run_python

TOKEN = "a-metrics-token-for-the-tests-0123456789"


def scrape(**headers) -> dict:
    """The samples of one scrape, by name and labels."""
    response = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}", **headers)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/plain; version=")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def sample(samples: dict, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.fixture
def opened(settings):
    settings.METRICS_TOKEN = TOKEN


def test_metrics_are_a_404_without_a_token_and_closed_to_a_wrong_one(db, settings):
    assert Client().get("/metrics").status_code == 404
    settings.METRICS_TOKEN = TOKEN
    assert Client().get("/metrics").status_code == 401
    wrong = Client().get("/metrics", HTTP_AUTHORIZATION="Bearer not-the-token")
    assert (wrong.status_code, wrong["WWW-Authenticate"]) == (401, 'Bearer realm="metrics"')
    assert Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200


def test_each_request_is_timed_by_view_with_its_database_time(cast, client_for, opened):
    before = scrape()
    client = client_for("lead")
    assert client.get(cast.riverside.get_absolute_url()).status_code == 200
    assert client.get("/no/such/page/").status_code == 404
    after = scrape()
    home = {"view": "dashboards:district", "method": "GET", "status": "2xx"}
    assert sample(after, "waypoint_request_seconds_count", **home) == (
        sample(before, "waypoint_request_seconds_count", **home) + 1
    )
    view = {"view": "dashboards:district"}
    spent = sample(after, "waypoint_request_database_seconds_sum", **view) - sample(
        before, "waypoint_request_database_seconds_sum", **view
    )
    assert 0 < spent < 5  # the page read the database, and the time was counted
    unmatched = {"view": "unmatched", "method": "GET", "status": "4xx"}
    assert sample(after, "waypoint_request_seconds_count", **unmatched) >= 1
    assert not any("/no/such/page/" in str(labels) for _, labels in after)  # no path as label


def test_tasks_are_timed_and_their_failures_counted(db, opened, monkeypatch):
    from reports import tasks

    name = "reports.tasks.reports_sweep"
    before = scrape()
    tasks.reports_sweep.delay()

    def broken():
        raise RuntimeError("the sweep broke")

    monkeypatch.setattr(tasks, "jobs_sweep", broken)
    assert isinstance(tasks.reports_sweep.apply(throw=False).result, RuntimeError)  # a worker's way
    after = scrape()
    for outcome in ("succeeded", "failed"):
        labels = {"task": name, "outcome": outcome}
        assert sample(after, "waypoint_task_seconds_count", **labels) == (
            sample(before, "waypoint_task_seconds_count", **labels) + 1
        )
    assert sample(after, "waypoint_task_failures_total", task=name) == (
        sample(before, "waypoint_task_failures_total", task=name) + 1
    )


def test_the_queue_the_pdf_jobs_and_the_outbox_are_read_at_scrape_time(cast, opened):
    from datetime import timedelta

    from django.utils import timezone

    from notifications.models import Delivery, Notice

    job = ReportJob.objects.create(
        kind="district", subject="district:x", district=cast.riverside, requested_by=cast.lead
    )
    ReportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=7))
    long_ago = timezone.now() - timedelta(minutes=9)
    for n, (status, attempts) in enumerate([("pending", 0), ("pending", 2), ("failed", 6)]):
        notice = Notice.objects.create(recipient=cast.lead, kind="comment", title="t", key=f"k{n}")
        Delivery.objects.create(
            notice=notice, status=status, attempts=attempts, next_attempt_at=long_ago
        )
    samples = scrape()
    assert sample(samples, "waypoint_report_jobs", status="queued") == 1
    assert 7 * 60 <= sample(samples, "waypoint_report_oldest_queued_seconds") < 8 * 60
    assert sample(samples, "waypoint_outbox_emails", status="pending") == 2
    assert sample(samples, "waypoint_outbox_emails", status="failed") == 1
    assert sample(samples, "waypoint_outbox_retrying") == 1
    assert 9 * 60 <= sample(samples, "waypoint_outbox_oldest_pending_seconds") < 10 * 60
    for source in ("broker", "report_jobs", "outbox"):
        assert sample(samples, "waypoint_scrape_source_up", source=source) == 1


def test_a_pdf_jobs_time_is_measured_when_it_ends(
    cast, client_for, framework, opened, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from tests.report_helpers import packet_meeting

    meeting = packet_meeting(cast, framework)
    before = scrape()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("facilitator").post(
            reverse("reports:packet_request", kwargs={"meeting": meeting.code})
        )
    assert response.status_code == 302
    after = scrape()
    done = {"kind": "packet", "outcome": "done"}
    assert sample(after, "waypoint_report_job_seconds_count", **done) == (
        sample(before, "waypoint_report_job_seconds_count", **done) + 1
    )


def test_a_source_that_does_not_answer_is_left_out_and_said_so(db, opened, monkeypatch):
    from reports import selectors

    def down():
        raise ConnectionError("no")

    monkeypatch.setattr(selectors, "queue_state", down)
    samples = scrape()
    assert sample(samples, "waypoint_scrape_source_up", source="report_jobs") == 0
    assert sample(samples, "waypoint_scrape_source_up", source="outbox") == 1


# ---------------------------------------------------------------- logs as JSON


def test_json_log_lines_carry_the_request_person_and_district_ids_never_their_text(
    cast, client_for, settings
):
    from django.utils.module_loading import import_string

    from config.observability import RequestContextFilter

    options = dict(settings.LOGGING["formatters"]["json"])
    formatter = import_string(options.pop("()"))(**options)
    stream = StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    handler.addFilter(RequestContextFilter())
    client = client_for("viewer")
    logger = logging.getLogger("waypoint.security")
    logger.addHandler(handler)
    try:
        client.post(
            f"/d/{cast.riverside.code}/members/invite/?email={cast.viewer.email}",
            HTTP_X_REQUEST_ID="req-0123456789",
        )
    finally:
        logger.removeHandler(handler)
    lines = stream.getvalue().splitlines()
    assert lines
    for line in lines:
        record = json.loads(line)
        assert list(record)[:3] == ["time", "level", "logger"]
        assert (record["request_id"], record["user_id"], record["district_id"]) == (
            "req-0123456789",
            str(cast.viewer.pk),
            str(cast.riverside.pk),
        )
        assert cast.viewer.email not in line and cast.riverside.name not in line


def test_log_format_json_makes_every_line_of_the_process_a_json_object():
    """Set in the environment, as a deployment does; a traceback stays inside its object."""
    program = (
        "import django, logging; django.setup(); log = logging.getLogger('waypoint.x');"
        "log.warning('hello %s', 'there', extra={'request': 'GET /?email=a@example.org'})\n"
        "try:\n    1 / 0\nexcept ZeroDivisionError:\n    log.exception('it broke')"
    )
    ran = run_python(program, LOG_FORMAT="json", DJANGO_SETTINGS_MODULE="config.settings.local")
    assert ran.returncode == 0, ran.stderr
    records = [json.loads(line) for line in ran.stderr.splitlines() if line.strip()]
    mine = [r for r in records if r["logger"] == "waypoint.x"]
    assert [(r["level"], r["message"]) for r in mine] == [
        ("WARNING", "hello there"),
        ("ERROR", "it broke"),
    ]
    assert "ZeroDivisionError" in mine[1]["exc_info"]
    assert "email" not in ran.stderr  # what a library attaches to a record stays out
    refused = run_python(
        "import django; django.setup()",
        LOG_FORMAT="xml",
        DJANGO_SETTINGS_MODULE="config.settings.local",
    )
    assert refused.returncode != 0
    assert "LOG_FORMAT must be text or json, not 'xml'." in refused.stderr


def test_several_processes_share_their_measures_through_a_folder(tmp_path):
    """PROMETHEUS_MULTIPROC_DIR as deployed (docker-compose.yml, the Kubernetes ConfigMap): the
    folder is made if missing, a process's measures are files there, and gunicorn's start
    empties it of a previous run's."""
    import importlib.util
    from pathlib import Path

    folder = tmp_path / "metrics"
    script = (
        "import django; django.setup()\n"
        "from config import metrics\n"
        "metrics.REQUEST_SECONDS.labels('home', 'GET', '200').observe(0.25)\n"
        "print(b'view=\"home\"' in metrics.exposition())\n"
    )
    ran = run_python(
        script,
        DJANGO_SETTINGS_MODULE="config.settings.test",
        PROMETHEUS_MULTIPROC_DIR=str(folder),
    )
    assert ran.stdout.strip().splitlines()[-1:] == ["True"], ran.stderr
    assert any(folder.glob("*.db"))

    spec = importlib.util.spec_from_file_location(
        "gunicorn_settings", Path(__file__).resolve().parent.parent / "config" / "gunicorn.py"
    )
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)

    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)
    try:
        hooks.on_starting(None)
    finally:
        del os.environ["PROMETHEUS_MULTIPROC_DIR"]
    assert list(folder.iterdir()) == []
