"""Proof on PostgreSQL + Redis: a real Celery worker takes tasks from Redis; behind a real
nginx in front of gunicorn, each client is counted at its own address.

These run in the second pass of .ci/run (DATABASE_URL and REDIS_URL set); embedded, tasks run
in-process and tests/test_members.py covers the same flows.
"""

import time
from datetime import timedelta
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
    assert app.conf.result_backend is None  # nothing sent from a request waits on Redis twice
    assert not app.conf.task_always_eager


def test_a_task_goes_through_redis_to_a_worker(worker):
    email_send.delay(to="someone@example.org", subject="Round trip", body="Hello")
    assert wait_for(lambda: [m.subject for m in mail.outbox] == ["Round trip"])


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


def test_an_export_over_the_limit_is_written_by_a_real_worker_through_redis(
    cast, client_for, framework, worker, settings
):
    """Over EXPORT_IN_REQUEST_UP_TO districts, staff's export goes by name through Redis to
    the worker (export_make), which writes it and keeps it; the download is that file."""
    import csv
    import io

    from reports.models import ReportJob
    from tests.rubric_helpers import submitted_round

    settings.EXPORT_IN_REQUEST_UP_TO = 2  # the cast has three districts
    submitted_round(cast.riverside, cast.lead, framework, title="Fall", sharing="cohort")
    client = client_for("staff")
    url = reverse("dashboards:coach_export", kwargs={"kind": "ratings", "fmt": "csv"})
    assert client.post(url).status_code == 302
    job = ReportJob.objects.get(kind="export")
    status_url = reverse("reports:job_status", kwargs={"job": job.code})
    assert wait_for(lambda: client.get(status_url).json()["status"] in ("done", "failed"), 60)
    job.refresh_from_db()
    assert (job.status, job.error, job.attempts) == ("done", "", 1)
    download = client.get(reverse("reports:job_download", kwargs={"job": job.code}))
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 1 + 15 and rows[1][:3] == ["Riverside School District", "ME", "Fall"]


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

    def start(*, pool="solo", visibility="2", queues="", **environment: str):
        worker_env = {**env, **environment}  # visibility None: the deployment's default
        if visibility:
            worker_env["CELERY_VISIBILITY_TIMEOUT"] = visibility
        process = subprocess.Popen(  # noqa: S603 (the project's own worker)
            [
                *(sys.executable, "-m", "celery", "-A", "config", "worker", "-P", pool),
                *(("-c", "1") if pool == "prefork" else ()),
                *(("-Q", queues) if queues else ()),
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


def _until_done(job, *, within: float, sweep_every: float) -> list[str]:
    """Run the sweep as Celery beat does (reports.tasks.reports_sweep) until the job is done
    or failed; the stages the job page showed meanwhile."""
    from reports.models import ReportJob
    from reports.services import jobs_sweep

    stages, deadline, swept = [], time.monotonic() + within, 0.0
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not stages or stages[-1] != job.stage:
            stages.append(job.stage)
        if job.status in (ReportJob.Status.DONE, ReportJob.Status.FAILED):
            break
        if time.monotonic() - swept >= sweep_every:
            jobs_sweep()
            swept = time.monotonic()
        time.sleep(0.2)
    return stages


def test_a_worker_killed_mid_packet_leaves_the_job_to_another_worker(
    cast, framework, worker_processes, settings
):
    """The worker running the packet stops beating when killed; the sweep hands the job to
    the next worker, which makes only what was missing, and the job page says so."""
    import signal

    from reports.models import ReportJob
    from reports.services import report_request
    from tests.report_helpers import packet_meeting, pdf_reader

    settings.REPORT_STALL_AFTER = 4  # the workers are told too
    meeting = packet_meeting(cast, framework)
    _packet_districts(cast, framework, 12)  # enough districts that the packet takes seconds
    first = worker_processes(REPORT_STALL_AFTER="4")
    job, _ = report_request(kind="packet", meeting=meeting, acting_user=cast.facilitator)
    assert wait_for(  # past 5 %: the sections are handed out, and the first are made
        lambda: ReportJob.objects.filter(pk=job.pk, status="running", progress__gt=5).exists(),
        60,
    ), "the first worker did not start the job"
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=20)
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("running", 1), "killed before it finished"

    worker_processes(REPORT_STALL_AFTER="4")
    stages = _until_done(job, within=90, sweep_every=2)
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == ("done", 2, "")
    assert any(stage.startswith("A part is being made again") for stage in stages), stages
    assert len(pdf_reader(job).pages) == job.page_count >= 14


def test_at_the_default_timeouts_a_killed_workers_packet_finishes_within_two_minutes(
    cast, framework, worker_processes
):
    """The same with the settings of a deployment (a beat every 5 s, taken over after 20 s
    of silence by the sweep every 15 s) and a prefork worker running beside the one killed,
    as in production: the packet is done well within 2 minutes of the kill (it took 194 s
    when the job waited for the broker to hand the dead worker's tasks out again)."""
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
    stages = _until_done(job, within=120, sweep_every=15)
    job.refresh_from_db()
    assert (job.status, job.error) == ("done", ""), "not done within 2 minutes of the kill"
    assert any(stage.startswith("A part is being made again") for stage in stages), stages
    print(f"packet done {time.monotonic() - killed_at:.0f} s after its worker was killed")


# ---------------------------------------------------------------- a mail server that hangs


def test_a_task_goes_to_its_own_queue_only(db, worker_processes):
    """With both queues bound (as the workers bind them when they start), a PDF's task waits
    in the default queue alone and a mail task in the mail queue alone: a mail worker never
    takes PDF work, nor a task twice. (No worker is started: the fixture only says that
    tasks go through Redis here.)"""
    import redis

    from notifications.tasks import deliveries_sweep
    from reports.tasks import reports_sweep

    with app.connection_for_write() as broker:
        for queue in app.amqp.queues.values():
            queue(broker.default_channel).declare()
    reports_sweep.delay()
    deliveries_sweep.delay()
    deliveries_sweep.delay()
    client = redis.Redis.from_url(app.conf.broker_url)
    assert (client.llen("celery"), client.llen("mail")) == (1, 2)
    app.control.purge()


@pytest.fixture
def silent_smtp():
    """A mail server that accepts every connection and never says a word (not even its
    greeting), as a hung one does; its port."""
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    held, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:  # the accept's timeout: look at `stop` again
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(timeout=5)
    for connection_ in held:
        connection_.close()
    server.close()


def test_a_mail_server_that_never_answers_holds_a_sender_only_email_timeout_and_no_pdf(
    cast, framework, worker_processes, silent_smtp, settings
):
    """The sweep gives up on the silent server after EMAIL_TIMEOUT and the email stays queued
    for its next try; on the stack, the mail worker meets the same server while the PDF
    worker, on its own queue, makes a packet."""
    from django.utils import timezone

    from notifications import services, tasks
    from notifications.models import Delivery, Kind, Notice
    from reports.models import ReportJob
    from reports.services import report_request
    from tests.report_helpers import packet_meeting

    notice = Notice.objects.create(
        recipient=cast.lead, kind=Kind.COMMENT, key="silent", title="Waiting", url="/"
    )
    delivery = Delivery.objects.create(notice=notice, next_attempt_at=timezone.now())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", silent_smtp, 2
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    started = time.monotonic()
    assert services.deliveries_sweep() == {"revived": 0, "sent": 0, "failed": 1}
    assert time.monotonic() - started < 2 + 2  # the timeout, and some slack for the machine
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert "timed out" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now() + timedelta(minutes=1)  # retried later

    # The stack: a worker per queue, as compose and Kubernetes run them (local settings: they
    # read EMAIL_URL, which the tests' settings replace with the test outbox).
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    stack = {
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "EMAIL_URL": f"smtp://127.0.0.1:{silent_smtp}",
        "EMAIL_TIMEOUT": "2",
        "EMAIL_SENDERS": "2",
    }
    worker_processes(queues="mail", **stack)
    worker_processes(queues="celery", **stack)
    tasks.deliveries_sweep.delay()
    job, _ = report_request(
        kind="packet", meeting=packet_meeting(cast, framework), acting_user=cast.facilitator
    )
    assert wait_for(lambda: Delivery.objects.filter(pk=delivery.pk, attempts=2).exists(), 60), (
        "the mail worker did not try the email"
    )
    delivery.refresh_from_db()
    assert delivery.status == "pending" and "timed out" in delivery.last_error
    assert wait_for(
        lambda: ReportJob.objects.filter(pk=job.pk, status__in=["done", "failed"]).exists(), 90
    )
    job.refresh_from_db()
    assert (job.status, job.error) == ("done", "")


# ---------------------------------------------------------------- what an operator watches


def test_metrics_read_the_queue_from_redis_and_a_worker_serves_its_own(
    db, settings, worker_processes
):
    """No worker yet: the task waits in Redis, and /metrics shows it and its age. Then a
    worker with METRICS_WORKER_PORT takes it and counts it on its own port."""
    import urllib.request

    from django.test import Client
    from prometheus_client.parser import text_string_to_metric_families

    from reports.tasks import reports_sweep

    settings.METRICS_TOKEN = "a-token-for-the-real-stack-0123456789"

    def samples(text: str) -> dict:
        return {
            (sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text)
            for sample in family.samples
        }

    def scrape() -> dict:
        response = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {settings.METRICS_TOKEN}")
        return samples(response.content.decode())

    from notifications.tasks import deliveries_sweep

    reports_sweep.delay()
    deliveries_sweep.delay()  # on the mail queue: counted apart
    time.sleep(2)
    waiting = scrape()
    assert waiting[("waypoint_queue_length", ())] == 1
    assert waiting[("waypoint_mail_queue_length", ())] == 1
    assert 2 <= waiting[("waypoint_queue_oldest_seconds", ())] < 60
    assert waiting[("waypoint_scrape_source_up", (("source", "broker"),))] == 1

    port = _free_port()
    worker_processes(METRICS_WORKER_PORT=str(port), METRICS_WORKER_ADDRESS="127.0.0.1")
    swept = (
        "waypoint_task_seconds_count",
        (("outcome", "succeeded"), ("task", reports_sweep.name)),
    )

    def counted() -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2) as answer:
                return samples(answer.read().decode()).get(swept) == 1
        except OSError:
            return False

    assert wait_for(counted, 60), "the worker did not count the task on its port"
    assert scrape()[("waypoint_queue_length", ())] == 0


# ---------------------------------------------------------------- the broker stopped


@pytest.fixture
def own_broker(tmp_path):
    """A Redis server of the test's own, on a free port, as the broker the test stops and
    starts again (the machine's Redis is left alone)."""
    import shutil
    import subprocess

    server = shutil.which("redis-server") or shutil.which("redis-server", path="/usr/bin")
    if server is None:
        pytest.skip("needs redis-server (apt-get install redis-server)")

    class Broker:
        port = _free_port()
        url = f"redis://127.0.0.1:{port}/0"
        process = None

        def start(self):
            self.process = subprocess.Popen(  # noqa: S603 (Debian's redis-server)
                [
                    *(server, "--port", str(self.port), "--bind", "127.0.0.1"),
                    *("--save", "", "--appendonly", "no", "--dir", str(tmp_path)),
                ],
                stdout=subprocess.DEVNULL,
            )
            assert wait_for(lambda: _redis_answers(self.port), 10), "redis-server did not start"

        def stop(self):
            self.process.terminate()
            self.process.wait(timeout=20)
            self.process = None

    broker = Broker()
    broker.start()
    yield broker
    if broker.process is not None:
        broker.stop()


def _redis_answers(port: int) -> bool:
    import redis

    try:
        return redis.Redis(port=port, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


def test_with_the_broker_stopped_a_pdf_and_a_password_reset_answer_at_once(
    cast, framework, app_server, own_broker, worker_processes
):
    """Through gunicorn, with the broker's Redis stopped: asking for a packet and for a
    password reset answer within two seconds (they answered 500 after 19.7 s, when sending
    a task first subscribed to its result in Redis); the packet waits, saying why, and is
    made once the broker is back and the sweep has run."""
    import subprocess
    import sys
    from urllib.parse import urlencode

    from reports.models import ReportJob
    from reports.services import BROKER_DOWN_STAGE
    from tests.factories import PASSWORD
    from tests.report_helpers import packet_meeting

    meeting = packet_meeting(cast, framework)
    # One process, which has sent a task before (as a server in use has: the broker's
    # client is loaded on first use).
    port, env = app_server(workers=1, CELERY_BROKER_URL=own_broker.url)
    facilitator, stranger = (Browser(port, at) for at in _loopback_addresses(2))
    assert facilitator.sign_in(cast.facilitator.email, PASSWORD) == 302
    stranger.request("GET", reverse("password_reset"))  # the CSRF cookie

    def timed_post(browser, path, **form):
        form["csrfmiddlewaretoken"] = browser.cookies["csrftoken"]
        started = time.monotonic()
        response = browser.request("POST", path, body=urlencode(form))
        return response, time.monotonic() - started

    assert timed_post(stranger, reverse("password_reset"), email=cast.lead.email)[0].status == 302
    own_broker.stop()

    packet = reverse("reports:packet_request", kwargs={"meeting": meeting.code})
    response, took = timed_post(facilitator, packet)
    assert (response.status, took < 2) == (302, True), (response.status, took)
    job = ReportJob.objects.get()
    assert (job.status, job.stage) == ("queued", BROKER_DOWN_STAGE)
    page = facilitator.request("GET", response.headers["Location"]).body.decode()
    assert "cannot be reached right now" in page

    response, took = timed_post(stranger, reverse("password_reset"), email=cast.member.email)
    assert (response.status, took < 2) == (302, True), (response.status, took)

    own_broker.start()
    worker_processes(CELERY_BROKER_URL=own_broker.url)
    ReportJob.objects.filter(pk=job.pk).update(created_at=job.created_at - timedelta(minutes=1))
    sweep = "import django; django.setup(); from reports.services import jobs_sweep; jobs_sweep()"
    subprocess.run([sys.executable, "-c", sweep], env=env, check=True, timeout=60)  # noqa: S603
    assert wait_for(
        lambda: ReportJob.objects.filter(pk=job.pk, status__in=["done", "failed"]).exists(), 60
    ), "the packet was not made once the broker was back"
    job.refresh_from_db()
    assert (job.status, job.sends, job.error) == ("done", 1, "")


# ---------------------------------------------------------------- behind a real nginx

# The configuration docs/configuration.md gives ("Behind a proxy"), in a folder of its own;
# with several app servers, nginx takes them in turn.
NGINX_CONF = """
daemon off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    upstream app {{ {servers} }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://app;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Request-ID $request_id;
        }}
    }}
}}
"""


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _end(processes) -> None:
    """Stop each server process (SIGTERM), killing one that has not ended 20 s later."""
    import signal
    import subprocess

    for process in processes:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


def _answers(port: int, path: str) -> bool:
    import http.client

    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        connection.request("GET", path)
        return connection.getresponse().status < 500
    except OSError:
        return False


@pytest.fixture
def app_server(settings, transactional_db):
    """Start gunicorn serving the app on the test database, with the environment given, on a
    free loopback port; yields a function that answers its port and environment. Ended at
    the end of the test."""
    import os
    import subprocess
    import sys

    from django.db import connection as db

    started = []

    def start(workers: int = 2, **environment: str) -> tuple[int, dict]:
        database = db.settings_dict
        port = _free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:"
            f"{database['PORT']}/{database['NAME']}",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            **environment,
        }
        gunicorn = [
            *(str(Path(sys.executable).parent / "gunicorn"), "config.wsgi"),
            *("--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--no-control-socket"),
        ]
        started.append(
            subprocess.Popen(gunicorn, env=env, cwd=settings.BASE_DIR)  # noqa: S603 (the app)
        )
        assert wait_for(lambda: _answers(port, "/health/"), 90), "gunicorn did not answer"
        return port, env

    yield start
    _end(started)


@pytest.fixture
def behind_nginx(app_server):
    """gunicorn (app_server) and Debian's nginx in front of it (unprivileged, on a free
    loopback port, its files in a folder of its own), with the environment given; yields
    nginx's port. Both are ended at the end of the test."""
    import os
    import shutil
    import subprocess
    import tempfile

    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if nginx is None:
        pytest.skip("needs Debian's nginx (`make test` installs it: apt-get install nginx)")
    started, folder = [], tempfile.mkdtemp(prefix="waypoint-nginx-")
    os.chmod(folder, 0o755)  # noqa: S103 (as root, nginx's workers run as nobody)

    def start(*, instances: list[dict] | None = None, **environment: str) -> int:
        """nginx's port; with `instances`, one gunicorn (of one process) for each, with the
        environment and that instance's own, their ports in start.upstreams."""
        if instances is None:
            start.upstreams = [app_server(**environment)[0]]
        else:
            start.upstreams = [
                app_server(workers=1, **{**environment, **own})[0] for own in instances
            ]
        port = _free_port()
        conf = Path(folder) / "nginx.conf"
        servers = " ".join(f"server 127.0.0.1:{upstream};" for upstream in start.upstreams)
        conf.write_text(NGINX_CONF.format(dir=folder, port=port, servers=servers))
        started.append(
            subprocess.Popen(  # noqa: S603 (Debian's nginx, our own configuration)
                [nginx, "-e", f"{folder}/error.log", "-p", folder, "-c", str(conf)]
            )
        )
        assert wait_for(lambda: _answers(port, "/health/"), 30), (
            "nginx did not answer: "
            + (Path(folder) / "error.log").read_text(errors="replace")[-2000:]
        )
        return port

    yield start
    _end(started)
    shutil.rmtree(folder, ignore_errors=True)


class Browser:
    """A client at one loopback address (Linux answers on all of 127.0.0.0/8), so that nginx
    sees each as a peer of its own; it keeps the cookies it is given."""

    def __init__(self, port: int, address: str):
        self.port, self.address, self.cookies = port, address, {}

    def request(self, method: str, path: str, *, body: str = "", headers: dict | None = None):
        import http.client

        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=20, source_address=(self.address, 0)
        )
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        sent = {**({"Cookie": cookie} if cookie else {}), **(headers or {})}
        if body:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body or None, headers=sent)
        response = connection.getresponse()
        response.body = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, value = header.split(";")[0].partition("=")
            self.cookies[name.strip()] = value
        connection.close()
        return response

    def sign_in(self, email: str, password: str) -> int:
        from urllib.parse import urlencode

        login = reverse("login")
        self.request("GET", login)  # the CSRF cookie
        form = {"login": email, "password": password}
        form["csrfmiddlewaretoken"] = self.cookies["csrftoken"]
        return self.request("POST", login, body=urlencode(form)).status


def _loopback_addresses(count: int) -> list[str]:
    """Addresses no earlier run used, so that no count in Redis from one applies to this."""
    import random

    picked = set()
    while len(picked) < count:
        picked.add("127." + ".".join(str(random.randint(1, 254)) for _ in range(3)))
    return sorted(picked)


def test_behind_nginx_two_people_are_locked_out_apart(behind_nginx, settings):
    """The attacker's failed sign-ins lock the account for the attacker's address only: its
    owner, at another address behind the same nginx, still signs in (before, both were
    nginx's 127.0.0.1, and anyone could lock anyone out)."""
    from axes.models import AccessAttempt

    from accounts.models import SecurityEvent
    from tests.factories import PASSWORD, UserFactory

    owner = UserFactory(email="owner@example.org")
    port = behind_nginx(TRUSTED_PROXIES="127.0.0.1/32")
    attacker_at, owner_at = _loopback_addresses(2)
    attacker, browser = Browser(port, attacker_at), Browser(port, owner_at)
    limit = settings.AXES_FAILURE_LIMIT
    tries = [attacker.sign_in(owner.email, "wrong-password") for _ in range(limit)]
    assert tries == [200] * (limit - 1) + [429]  # the last failure locks out
    assert attacker.sign_in(owner.email, PASSWORD) == 429
    assert browser.sign_in(owner.email, PASSWORD) == 302
    assert attacker.sign_in(owner.email, PASSWORD) == 429  # and the attacker is still locked out
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {attacker_at}
    signed_in = SecurityEvent.objects.get(kind=SecurityEvent.Kind.LOGIN, user=owner)
    assert signed_in.ip_address == owner_at


def test_behind_nginx_a_client_changing_x_forwarded_for_is_still_throttled(behind_nginx):
    """nginx appends the peer's address to whatever the client wrote; the app takes the one
    nginx wrote, so a new X-Forwarded-For on each request is the same client. Another client
    behind the same nginx has a budget of its own."""
    port = behind_nginx(TRUSTED_PROXIES="1", API_THROTTLE_ANON="3/minute")
    changing_at, other_at = _loopback_addresses(2)
    changing, other = Browser(port, changing_at), Browser(port, other_at)
    path = "/api/v1/districts/"
    statuses = [
        changing.request("GET", path, headers={"X-Forwarded-For": f"198.51.100.{n}"}).status
        for n in range(5)
    ]
    assert statuses == [401, 401, 401, 429, 429]
    assert other.request("GET", path).status == 401


# ---------------------------------------------------------------- many hosts, simulated on one


def _worker_tasks(port: int) -> dict[str, float] | None:
    """The tasks a worker ran and succeeded at, by name, from its own /metrics (None while it
    does not answer yet)."""
    import urllib.request

    from prometheus_client.parser import text_string_to_metric_families

    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2) as answer:
            text = answer.read().decode()
    except OSError:
        return None
    return {
        sample.labels["task"]: sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "waypoint_task_seconds_count"
        and sample.labels.get("outcome") == "succeeded"
    }


def _media_files(folders: dict[str, Path]) -> dict[str, list[str]]:
    return {
        name: sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
        for name, folder in folders.items()
    }


def test_two_web_hosts_and_two_workers_with_no_shared_disk_are_one_deployment(
    cast, framework, behind_nginx, worker_processes, settings, tmp_path
):
    """Two gunicorn instances behind nginx and two Celery workers, each with a media folder
    of its own (no disk shared), on the S3-compatible server the evidence tests use: a
    packet of 15 districts is made by both workers and downloads through either web
    instance by a signed link; asked again, every section comes back from the bucket; the
    session, the lockout and the throttle are the deployment's, whichever instance
    answers."""
    import io
    import json
    import urllib.request
    from urllib.parse import urlencode

    from pypdf import PdfReader

    from reports.models import ReportJob
    from tests.buckets import serving_bucket
    from tests.factories import PASSWORD, UserFactory
    from tests.report_helpers import packet_meeting, pdf_bytes

    meeting = packet_meeting(cast, framework)
    _packet_districts(cast, framework, 13)
    assert meeting.cohort.districts.count() == 15
    disks = {name: tmp_path / name for name in ("web-1", "web-2", "worker-1", "worker-2")}
    for folder in disks.values():
        folder.mkdir()
    with serving_bucket(settings) as bucket:
        shared = bucket.environment()
        metrics_ports = [_free_port(), _free_port()]
        for n, metrics_port in enumerate(metrics_ports, start=1):
            worker_processes(
                visibility=None,
                MEDIA_ROOT=str(disks[f"worker-{n}"]),
                METRICS_WORKER_PORT=str(metrics_port),
                METRICS_WORKER_ADDRESS="127.0.0.1",
                **shared,
            )
        port = behind_nginx(
            TRUSTED_PROXIES="127.0.0.1/32",
            API_THROTTLE_ANON="3/minute",
            instances=[{"MEDIA_ROOT": str(disks[f"web-{n}"]), **shared} for n in (1, 2)],
        )
        web = behind_nginx.upstreams
        assert wait_for(lambda: all(_worker_tasks(p) is not None for p in metrics_ports), 90)

        facilitator_at, attacker_at, anonymous_at = _loopback_addresses(3)
        facilitator = Browser(port, facilitator_at)
        assert facilitator.sign_in(cast.facilitator.email, PASSWORD) == 302
        # The session is the deployment's: each instance knows the person.
        for instance in web:
            direct = Browser(instance, facilitator_at)
            direct.cookies = dict(facilitator.cookies)
            page = direct.request(
                "GET", reverse("meetings:meeting", kwargs={"meeting": meeting.code})
            )
            assert page.status == 200 and meeting.title.encode() in page.body

        def ask() -> ReportJob:
            form = urlencode({"csrfmiddlewaretoken": facilitator.cookies["csrftoken"]})
            path = reverse("reports:packet_request", kwargs={"meeting": meeting.code})
            response = facilitator.request("POST", path, body=form)
            assert response.status == 302, response.body[:500]
            job = ReportJob.objects.get(code=response.headers["Location"].split("/")[-2])
            status = reverse("reports:job_status", kwargs={"job": job.code})

            def ended() -> bool:
                answer = facilitator.request("GET", status)
                return json.loads(answer.body)["status"] in ("done", "failed")

            assert wait_for(ended, 240), "the packet was not made"
            job.refresh_from_db()
            assert (job.status, job.error) == ("done", "")
            return job

        job = ask()
        assert job.sections_reused == 0 and job.page_count >= 16
        packet_tasks = ("reports.tasks.report_render", "reports.tasks.report_section")

        def counted() -> list[dict]:  # a task is counted once it returned, after "done"
            return [_worker_tasks(p) or {} for p in metrics_ports]

        assert wait_for(lambda: sum(t.get(packet_tasks[0], 0) for t in counted()) == 1, 30), (
            counted()
        )
        # Both workers made the packet: one ran it (and joined the parts), the other helped.
        assert [sum(t.get(name, 0) for name in packet_tasks) >= 1 for t in counted()] == [
            True,
            True,
        ], counted()
        assert sum(k.startswith("reports/parts/") for k in bucket.objects()) >= 16
        assert f"reports/{job.code}.pdf" in bucket.objects()
        assert _media_files(disks) == {name: [] for name in disks}  # nothing on any disk

        # Through either instance (and nginx): the access check, then a link to the bucket.
        made = pdf_bytes(job)
        assert len(PdfReader(io.BytesIO(made)).pages) == job.page_count
        for instance in [*web, port]:
            browser = Browser(instance, facilitator_at)
            browser.cookies = dict(facilitator.cookies)
            answer = browser.request(
                "GET", reverse("reports:job_download", kwargs={"job": job.code})
            )
            assert answer.status == 302 and answer.headers["Cache-Control"] == "private, no-store"
            link = answer.headers["Location"]
            assert link.startswith(bucket.endpoint) and "X-Amz-Signature=" in link
            with urllib.request.urlopen(link, timeout=20) as pdf:  # noqa: S310 (the test's)
                assert pdf.read() == made
        stranger = Browser(web[0], anonymous_at)
        answer = stranger.request("GET", reverse("reports:job_download", kwargs={"job": job.code}))
        assert answer.status == 302 and answer.headers["Location"].startswith(reverse("login"))

        # Asked again, whichever worker takes it finds every section in the bucket.
        again = ask()
        assert again.sections_reused == 15

        # The lockout counts failures from both instances as one.
        owner = UserFactory(email="owner@example.org")
        attacker = Browser(port, attacker_at)
        limit = settings.AXES_FAILURE_LIMIT
        tries = [attacker.sign_in(owner.email, "wrong-password") for _ in range(limit)]
        assert tries == [200] * (limit - 1) + [429]
        assert [Browser(i, attacker_at).sign_in(owner.email, PASSWORD) for i in web] == [429, 429]

        # The throttle too (it counts in the shared cache): nginx sends each request to the
        # next instance, and the fourth is refused whichever answers.
        anonymous = Browser(port, anonymous_at)
        statuses = [anonymous.request("GET", "/api/v1/districts/").status for _ in range(4)]
        assert statuses == [401, 401, 401, 429]
        assert [
            Browser(i, anonymous_at).request("GET", "/api/v1/districts/").status for i in web
        ] == [
            429,
            429,
        ]


@pytest.fixture
def scratch_database():
    """A new, empty PostgreSQL database beside the test database (named after DATABASE_URL's,
    with `_restore`), dropped before and after; yields its URL."""
    import os
    import subprocess

    from django.db import connection as db

    base = os.environ["DATABASE_URL"].rsplit("/", 1)
    name = f"{base[1].split('?')[0]}_restore"
    admin = {**os.environ, "PGHOST": db.settings_dict["HOST"] or "127.0.0.1"}
    admin |= {"PGPORT": str(db.settings_dict["PORT"] or 5432)}
    admin |= {"PGUSER": db.settings_dict["USER"], "PGDATABASE": "postgres"}
    if db.settings_dict["PASSWORD"]:
        admin["PGPASSWORD"] = db.settings_dict["PASSWORD"]

    def psql(sql: str) -> None:
        subprocess.run(["psql", "-qc", sql], env=admin, check=True)  # noqa: S603, S607

    psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{name}"')
    yield f"{base[0]}/{name}"
    psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_demo_backed_up_restores_into_a_new_database_and_serves_its_files(
    app_server, scratch_database, settings, tmp_path
):
    """`manage.py seed_demo`, a facilitators' packet made; `manage.py backup`; the restore into
    a new, empty database and an empty media folder (what is left after losing both), by
    `manage.py restore` in a process of its own; then gunicorn on the restored database
    serves the evidence file and the packet to people signing in with their passwords."""
    import os
    import subprocess
    import sys

    from django.core.management import call_command
    from django.test import Client

    from accounts.models import User
    from devtools.management.commands.seed_demo import DEMO_PASSWORD
    from districts.models import Membership, Role
    from evidence.models import Attachment
    from meetings.models import Meeting
    from reports.models import ReportJob

    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    facilitator = Client()
    facilitator.force_login(User.objects.get(email="facilitator@example.org"))
    meeting = Meeting.objects.order_by("first_date").first()
    # made in this process (tasks_in_process), as the packet test above has a worker make it
    facilitator.post(reverse("reports:packet_request", kwargs={"meeting": meeting.code}))
    job = ReportJob.objects.get()
    assert job.status == "done", job.error
    packet = Path(job.file.path).read_bytes()
    attachment = Attachment.objects.filter(district__isnull=False).exclude(file="").first()
    evidence = attachment.file.read()
    reader = Membership.objects.filter(district=attachment.district, role=Role.LEAD).first().user

    call_command("backup", output_dir=str(tmp_path / "backups"), stdout=open(os.devnull, "w"))  # noqa: SIM115
    (archive,) = (tmp_path / "backups").glob("waypoint-backup-*.tar")

    restored_media = tmp_path / "restored-media"
    restored_media.mkdir()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": scratch_database,
        "MEDIA_ROOT": str(restored_media),
    }
    done = subprocess.run(  # noqa: S603 (the app's own command)
        [sys.executable, "manage.py", "restore", str(archive)],
        env=environment,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Checked: every table has the rows the backup counted" in done.stdout

    port, _ = app_server(DATABASE_URL=scratch_database, MEDIA_ROOT=str(restored_media))
    lead = Browser(port, "127.0.0.1")
    assert lead.sign_in(reader.email, DEMO_PASSWORD) == 302
    download = reverse(
        "evidence:download",
        kwargs={"district": attachment.district.code, "attachment": attachment.code},
    )
    response = lead.request("GET", download)
    assert response.status == 200 and response.body == evidence
    planner = Browser(port, "127.0.0.1")
    assert planner.sign_in("facilitator@example.org", DEMO_PASSWORD) == 302
    response = planner.request("GET", reverse("reports:job_download", kwargs={"job": job.code}))
    assert response.status == 200 and response.body == packet
