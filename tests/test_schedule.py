"""The scheduled work on the embedded default: Celery beat's embedded service in a thread of
the web process runs the same schedule, with no other process."""

import time

import pytest
from django.core import mail
from django.core.exceptions import MiddlewareNotUsed
from django.utils import timezone

from config import schedule
from config.celery_app import app
from notifications.models import Delivery, Kind, Notice


@pytest.mark.django_db(transaction=True)
def test_the_schedule_runs_in_a_thread_and_sends_what_is_due(cast, tmp_path):
    notice = Notice.objects.create(
        recipient=cast.lead, kind=Kind.COMMENT, key="k", title="Waiting to be sent", url="/"
    )
    Delivery.objects.create(notice=notice, next_attempt_at=timezone.now())
    sweep = {"task": "notifications.tasks.deliveries_sweep", "schedule": 0.2}
    kept, app.conf.beat_schedule = app.conf.beat_schedule, {"deliveries-sweep": sweep}
    service = schedule.start(str(tmp_path / "beat"), max_interval=0.2)
    try:
        assert schedule.start(str(tmp_path / "beat")) is service  # once per process
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if Delivery.objects.get(notice=notice).status == Delivery.Status.SENT:
                break
            time.sleep(0.1)
    finally:
        schedule.stop()
        app.conf.beat_schedule = kept
    assert Delivery.objects.get(notice=notice).status == Delivery.Status.SENT
    assert [m.subject for m in mail.outbox] == ["Waiting to be sent"]


@pytest.mark.parametrize("embedded", [True, False])
def test_the_web_process_starts_the_schedule_only_on_the_embedded_default(
    settings, monkeypatch, embedded
):
    started = []
    monkeypatch.setattr(schedule, "start", started.append)
    settings.EMBEDDED_SCHEDULE = embedded
    with pytest.raises(MiddlewareNotUsed):  # and then costs nothing per request
        schedule.EmbeddedScheduleMiddleware(lambda request: None)
    assert len(started) == (1 if embedded else 0)


def test_the_schedule_has_the_sweeps():
    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {
        "reports.tasks.reports_sweep",
        "notifications.tasks.deliveries_sweep",
        "planning.tasks.steps_remind_daily",
        "rubrics.tasks.rounds_remind_daily",
        "meetings.tasks.meetings_remind_daily",
        "notifications.tasks.digests_daily",
        "planning.tasks.overdue_summaries_weekly",
        "dashboards.tasks.coach_digests_weekly",
        "evidence.tasks.evidence_orphans_sweep",
    } <= tasks
    from config.celery_app import app as celery

    assert "evidence.tasks.evidence_orphans_sweep" in celery.tasks  # found by autodiscovery
