"""The scheduled work: on the embedded default, Celery beat's embedded service in a thread of
the process that serves `make run`, and in no other process; elsewhere one beat, and a
second one started by mistake sends nothing twice."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import MiddlewareNotUsed
from django.db import connection, connections
from django.utils import timezone

from config import schedule
from config.celery_app import app
from notifications.models import Delivery, Frequency, Kind, Notice, Preference

ROOT = Path(__file__).resolve().parent.parent
STARTED = "The schedule runs in this process"


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


@pytest.mark.parametrize(
    "asked, argv, starts",
    [
        (True, ["manage.py", "runserver", "127.0.0.1:8000"], True),
        (False, ["manage.py", "runserver", "127.0.0.1:8000"], False),
        (True, ["manage.py", "shell"], False),
        (True, ["gunicorn", "config.wsgi"], False),
        (True, ["celery", "-A", "config", "worker"], False),
        (True, ["pytest"], False),
    ],
)
def test_only_the_runserver_of_make_run_starts_the_schedule(
    settings, monkeypatch, asked, argv, starts
):
    started = []
    monkeypatch.setattr(schedule, "start", started.append)
    monkeypatch.setattr(sys, "argv", argv)
    settings.EMBEDDED_SCHEDULE = asked
    with pytest.raises(MiddlewareNotUsed):  # and then costs nothing per request
        schedule.EmbeddedScheduleMiddleware(lambda request: None)
    assert len(started) == (1 if starts else 0)


def embedded_environment(tmp_path: Path) -> dict[str, str]:
    """`make run`'s environment (the variable asked for), with a database and a data folder
    of the test's own: the schedule's state file goes to DATA_DIR."""
    (tmp_path / "schedule_settings.py").write_text(
        "from pathlib import Path\n"
        "from config.settings.local import *\n"
        f"DATA_DIR = Path({str(tmp_path)!r})\n"
    )
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CACHE_", "CELERY_"))
    }
    environment.update(
        PYTHONPATH=os.pathsep.join([str(tmp_path), str(ROOT)]),
        DJANGO_SETTINGS_MODULE="schedule_settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        WAYPOINT_EMBEDDED_SCHEDULE="1",
        LOG_LEVEL="INFO",
    )
    return environment


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_make_runs_runserver_runs_the_schedule_once_with_its_autoreloader(tmp_path):
    """As `make run` starts it: the autoreloader's watching process and its serving child;
    only the child runs the schedule, once."""
    server = subprocess.Popen(  # noqa: S603 — our own manage.py with fixed arguments
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{free_port()}"],
        cwd=ROOT,
        env=embedded_environment(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: the child is stopped with it
    )
    lines = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(STARTED in line for line in lines):
            line = server.stderr.readline()
            if not line:
                break
            lines.append(line)
        time.sleep(2)  # time for a second schedule to show, if one were started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        _, rest = server.communicate(timeout=30)
    output = "".join(lines) + rest
    assert output.count(STARTED) == 1, output


def test_a_management_command_never_runs_the_schedule_even_when_asked(tmp_path):
    """`manage.py shell` (or any command) with the variable set, loading the app's handler as a
    request would: no schedule starts."""
    script = (
        "from django.test import Client\n"
        "import threading\n"
        "assert Client().get('/health/live').status_code == 200\n"
        "print(sorted(t.name for t in threading.enumerate()))\n"
    )
    ran = subprocess.run(  # noqa: S603 — our own manage.py with fixed arguments
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env=embedded_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "['MainThread']"
    assert STARTED not in ran.stderr


def test_the_production_settings_refuse_the_embedded_schedule():
    from tests.process_helpers import run_manage_in_production

    ran = run_manage_in_production("check", WAYPOINT_EMBEDDED_SCHEDULE="1")
    assert ran.returncode != 0
    assert "WAYPOINT_EMBEDDED_SCHEDULE is for `make run` only" in ran.stderr


def run_at_once(passes: int, work) -> None:
    """`work` in that many threads started together (each with its own database connection),
    as the same tasks sent by two beats run on two workers."""
    barrier = threading.Barrier(passes)
    errors = []

    def one_pass():
        try:
            barrier.wait(timeout=30)
            work()
        except BaseException as error:  # re-raised below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one_pass) for _ in range(passes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if errors:
        raise errors[0]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two passes at once need a database that takes writers at once: PostgreSQL (the "
    "second pass of .ci/run). Embedded, one schedule runs, in make run's process",
)
@pytest.mark.django_db(transaction=True)
def test_a_second_beat_started_by_mistake_sends_nothing_twice(cast):
    """Two beats send every scheduled task twice; both copies run at once on the workers. Each
    reminder is still told once, each digest made once, and each email sent once: notices are
    unique per person and event, and an email is claimed before it is sent."""
    from planning.models import ActionPlan, ActionStep

    today = timezone.localdate()
    plan = ActionPlan.objects.create(district=cast.riverside, goal="Common scoring criteria")
    for description, coordinator, due in [
        ("Draft the scoring criteria", cast.member, today + timedelta(days=3)),
        ("Share the draft with the board", cast.lead, today + timedelta(days=1)),
        ("Collect the teams' feedback", cast.lead, today - timedelta(days=4)),
    ]:
        ActionStep.objects.create(
            district=cast.riverside,
            plan=plan,
            description=description,
            coordinator=coordinator,
            due_date=due,
        )
    # a comment the member chose to get in the day's digest
    Preference.objects.create(user=cast.member, kind=Kind.COMMENT, frequency=Frequency.DAILY)
    Notice.objects.create(
        recipient=cast.member, kind=Kind.COMMENT, key="comment:1", title="A question", url="/"
    )
    Notice.objects.update(created_at=timezone.now() - timedelta(hours=2))

    app.loader.import_default_modules()  # every app's tasks, as a worker registers them
    every_task = [app.tasks[entry["task"]] for entry in app.conf.beat_schedule.values()]
    sweep = app.tasks["notifications.tasks.deliveries_sweep"]
    run_at_once(2, lambda: [task.apply(throw=True) for task in every_task])
    run_at_once(2, lambda: sweep.apply(throw=True))  # and the next minute's sweep, twice

    sent = [(message.to[0], message.subject) for message in mail.outbox]
    emailed = Notice.objects.filter(delivery__isnull=False).select_related("recipient")
    assert sorted(sent) == sorted((n.recipient.email, n.title) for n in emailed), sent
    assert len(sent) == len(set(sent)) >= 4  # three steps and the digest, each once
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}
    assert Notice.objects.filter(kind=Kind.DIGEST).count() == 1
    assert (cast.member.email, "Your Waypoint digest: 1 notification") in sent
