"""Proof on PostgreSQL + Redis: a real Celery worker takes tasks from Redis.

These run in the second pass of .ci/run (DATABASE_URL and REDIS_URL set); embedded, tasks run
in-process and tests/test_members.py covers the same flows.
"""

import time
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import connection
from django.urls import reverse

from accounts.tasks import email_send
from config.celery_app import app
from tests.conftest import real_stack

pytestmark = [real_stack, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker():
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
        yield


def wait_for(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_the_stack_is_postgresql_and_redis(worker):
    assert connection.vendor == "postgresql"
    assert app.conf.broker_url.startswith("redis://")
    assert app.conf.result_backend.startswith("redis://")
    assert not app.conf.task_always_eager


def test_a_task_goes_through_redis_to_a_worker_and_its_result_comes_back(worker):
    result = email_send.delay(to="someone@example.org", subject="Round trip", body="Hello")
    assert result.get(timeout=20) is None
    assert result.state == "SUCCESS"
    assert [m.subject for m in mail.outbox] == ["Round trip"]


def test_an_invitation_email_is_delivered_by_the_worker(cast, client_for, worker):
    response = client_for("lead").post(
        reverse("districts:member_invite", kwargs={"district": cast.riverside.code}),
        {"email": "worker@example.org", "role": "member"},
    )
    assert response.status_code == 302
    assert wait_for(lambda: len(mail.outbox) == 1), "the worker did not send the invitation"
    assert mail.outbox[0].to == ["worker@example.org"]
    assert "/invitations/" in mail.outbox[0].body


def test_a_packet_is_rendered_by_a_real_worker_through_redis(cast, client_for, framework, worker):
    """The facilitator asks on the web; the job goes through Redis to the worker, which lays
    the packet out with WeasyPrint; the PDF read back has what the packet should."""
    from reports.models import ReportJob
    from tests.report_helpers import packet_meeting, pdf_reader, pdf_text

    meeting = packet_meeting(cast, framework)
    client = client_for("facilitator")
    response = client.post(reverse("reports:packet_request", kwargs={"meeting": meeting.code}))
    assert response.status_code == 302
    job = ReportJob.objects.get()
    status_url = reverse("reports:job_status", kwargs={"job": job.code})
    assert wait_for(lambda: client.get(status_url).json()["status"] in ("done", "failed"), 60)
    job.refresh_from_db()
    assert (job.status, job.error) == ("done", "")
    text = pdf_text(job)
    for expected in (
        "Meeting 3",
        "Riverside School District",
        "Hillcrest Regional School Unit",
        "Conceptual Framework and Core Principles",
        "Reporting on Student Progress",
        "How do we norm teacher scores?",
    ):
        assert expected in text
    reader = pdf_reader(job)
    # The front (cover, contents, outcomes, agenda, norms) and at least a page per district.
    assert len(reader.pages) == job.page_count >= 4
    download = client.get(reverse("reports:job_download", kwargs={"job": job.code}))
    assert b"".join(download.streaming_content) == Path(job.file.path).read_bytes()


@pytest.fixture
def worker_processes(settings):
    """Start Celery workers as processes of their own, on the test database, by default with a
    short visibility timeout (how long Redis keeps a dead worker's task before handing it out
    again); every one still running is ended at the end of the test."""
    import os
    import signal
    import subprocess
    import sys

    from django.db import connection as db

    database = db.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
        f"{database['NAME']}",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    started = []

    def start(*, pool="solo", visibility="2"):
        worker_env = dict(env)  # visibility None: the deployment's default
        if visibility:
            worker_env["CELERY_VISIBILITY_TIMEOUT"] = visibility
        process = subprocess.Popen(  # noqa: S603 (the project's own worker)
            [
                *(sys.executable, "-m", "celery", "-A", "config", "worker", "-P", pool),
                *(("-c", "1") if pool == "prefork" else ()),
                *("--loglevel=WARNING", "--without-gossip", "--without-mingle"),
            ],
            env=worker_env,
            cwd=settings.BASE_DIR,
        )
        started.append(process)
        return process

    app.control.purge()
    yield start
    for process in started:
        process.send_signal(signal.SIGQUIT)  # a cold shutdown ends a prefork worker's pool too
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


def _packet_districts(cast, framework, count):
    from districts.models import District
    from tests.factories import MembershipFactory
    from tests.rubric_helpers import submitted_round

    for i in range(count):
        district = District.objects.create(name=f"Packet District {i:02d}", state="ME")
        lead = MembershipFactory(district=district, role="lead").user
        submitted_round(district, lead, framework, title="Spring", sharing="cohort")
        cast.cohort.districts.add(district)


def test_a_worker_killed_mid_packet_leaves_the_job_to_another_worker(
    cast, framework, worker_processes
):
    """acks_late: the section tasks of a worker that dies are handed to the next worker,
    which makes them; the join then finishes the packet. The job is never left running."""
    import signal

    from reports.models import ReportJob
    from reports.services import report_request
    from tests.report_helpers import packet_meeting, pdf_reader

    meeting = packet_meeting(cast, framework)
    _packet_districts(cast, framework, 12)  # enough districts that the packet takes seconds
    first = worker_processes()
    job, _ = report_request(kind="packet", meeting=meeting, acting_user=cast.facilitator)
    assert wait_for(  # past 5 %: the chord is sent, and the first sections are made
        lambda: ReportJob.objects.filter(pk=job.pk, status="running", progress__gt=5).exists(),
        60,
    ), "the first worker did not start the job"
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=20)
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("running", 1), "killed before it finished"

    # A solo worker restores unacknowledged tasks when it starts (a prefork worker also every
    # 10 seconds): start the next one once the visibility timeout has passed.
    time.sleep(3)
    worker_processes()
    assert wait_for(
        lambda: ReportJob.objects.filter(pk=job.pk, status__in=["done", "failed"]).exists(), 90
    ), "no worker took the job over"
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == ("done", 1, "")
    assert len(pdf_reader(job).pages) == job.page_count >= 14


def test_at_the_default_timeouts_a_killed_workers_packet_finishes_within_two_minutes(
    cast, framework, worker_processes
):
    """The same with the settings of a deployment (visibility timeout REPORT_TIME_LIMIT + 10
    seconds) and a prefork worker running beside the one killed, as in production: the
    packet is done less than 2 minutes after the kill."""
    import signal

    from reports.models import ReportJob
    from reports.services import report_request
    from tests.report_helpers import packet_meeting

    meeting = packet_meeting(cast, framework)
    _packet_districts(cast, framework, 12)
    first = worker_processes(visibility=None)
    job, _ = report_request(kind="packet", meeting=meeting, acting_user=cast.facilitator)
    assert wait_for(
        lambda: ReportJob.objects.filter(pk=job.pk, status="running", progress__gt=5).exists(),
        60,
    ), "the first worker did not start the job"
    worker_processes(pool="prefork", visibility=None)
    first.send_signal(signal.SIGKILL)
    killed_at = time.monotonic()
    first.wait(timeout=20)
    assert wait_for(
        lambda: ReportJob.objects.filter(pk=job.pk, status__in=["done", "failed"]).exists(), 120
    ), "the packet was not done within 2 minutes of the kill"
    job.refresh_from_db()
    assert (job.status, job.error) == ("done", "")
    print(f"packet done {time.monotonic() - killed_at:.0f} s after its worker was killed")
