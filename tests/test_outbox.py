"""The outbox at the size of a Monday: senders that claim batches (never the same email
twice, on PostgreSQL with SKIP LOCKED), one connection to the mail server per sender, the
provider's rate kept by every sender together, and the mail tasks on a queue of their own."""

import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.utils import timezone

from config.celery_app import app
from notifications import rate, services
from notifications.models import Delivery, Kind, Notice
from tests.test_schedule import run_at_once


class RecordingBackend(EmailBackend):
    """Django's test outbox, also recording each connection opened and each email's thread
    and time; a few milliseconds a message, as a real server takes."""

    opened = []  # one entry per connection opened
    sends = []  # (thread name, time.time(), subject)

    def open(self):
        if getattr(self, "_open", False):
            return False
        self._open = True
        RecordingBackend.opened.append(threading.current_thread().name)
        return True

    def close(self):
        self._open = False

    def send_messages(self, messages):
        for message in messages:
            time.sleep(0.003)
            RecordingBackend.sends.append(
                (threading.current_thread().name, time.time(), message.subject)
            )
        return super().send_messages(messages)


@pytest.fixture
def recording(settings):
    settings.EMAIL_BACKEND = "tests.test_outbox.RecordingBackend"
    settings.EMAIL_RATE_PER_MINUTE = 0
    RecordingBackend.opened, RecordingBackend.sends = [], []
    mail.outbox = []
    return RecordingBackend


def waiting_emails(cast, count: int) -> list[Notice]:
    """`count` notices of the cast's team, each with its email due in the outbox."""
    team = [cast.lead, cast.member, cast.viewer]
    notices = Notice.objects.bulk_create(
        [
            Notice(
                recipient=team[i % len(team)],
                kind=Kind.STEP_DUE,
                key=f"outbox-test:{i}",
                title=f"Email {i}",
                url="/",
                district=cast.riverside,
            )
            for i in range(count)
        ]
    )
    notices = list(Notice.objects.filter(key__startswith="outbox-test:"))
    now = timezone.now()
    Delivery.objects.bulk_create([Delivery(notice=n, next_attempt_at=now) for n in notices])
    return notices


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="senders at once need a database that takes writers at once and SKIP LOCKED: "
    "PostgreSQL (the second pass of .ci/run); embedded, one sender runs",
)
@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_never_send_an_email_twice(cast, recording):
    waiting_emails(cast, 60)
    outcomes = []
    run_at_once(2, lambda: outcomes.append(services.deliveries_send(batch_size=5)))
    subjects = [subject for _, _, subject in recording.sends]
    assert sorted(subjects) == sorted(f"Email {i}" for i in range(60))  # each once
    by_thread = {name for name, _, _ in recording.sends}
    assert len(by_thread) == 2  # both sent: claimed apart, not one after the other
    assert sorted(o["sent"] for o in outcomes) != [0, 60]
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}


def test_a_sender_sends_its_batches_over_one_connection(cast, recording):
    waiting_emails(cast, 12)
    assert services.deliveries_send(batch_size=5) == {"sent": 12, "failed": 0}
    assert len(recording.opened) == 1 and len(recording.sends) == 12


def test_a_server_that_fails_stops_the_sender_and_the_rest_waits_untried(
    cast, recording, monkeypatch
):
    waiting_emails(cast, 8)

    def down(self, messages):
        raise TimeoutError("timed out")

    monkeypatch.setattr(RecordingBackend, "send_messages", down)
    assert services.deliveries_send(batch_size=5) == {"sent": 0, "failed": 1}
    tried = Delivery.objects.get(attempts=1)
    assert tried.status == Delivery.Status.PENDING and "timed out" in tried.last_error
    rest = Delivery.objects.exclude(pk=tried.pk)
    assert {(d.status, d.attempts) for d in rest} == {(Delivery.Status.PENDING, 0)}
    # the four of its batch wait as long as the one tried; the next batch was never claimed
    assert sum(d.next_attempt_at == tried.next_attempt_at for d in rest) == 4
    assert tried.next_attempt_at > timezone.now() + timedelta(minutes=1)


def test_the_rate_holds_for_one_sender(cast, recording, settings):
    settings.EMAIL_RATE_PER_MINUTE = 240  # windows of a second, 4 emails each
    waiting_emails(cast, 9)
    started = time.monotonic()
    assert services.deliveries_send()["sent"] == 9
    assert time.monotonic() - started >= 1.0  # three windows at least: 4, 4, 1
    times = sorted(t for _, t, _ in recording.sends)
    assert all(later - times[i] >= 0.9 for i, later in enumerate(times[8:]))


def test_the_rate_is_shared_by_senders_in_other_threads(settings):
    """Two senders together keep one limit: their windows are counted in the shared cache."""
    settings.EMAIL_RATE_PER_MINUTE = 600  # windows of a second, 10 emails each
    assert rate.window(600) == (10, 1.0)
    assert rate.window(200) == (4, 1.2) and rate.window(30) == (1, 2.0)
    allowed = []

    def sender():
        for _ in range(15):
            assert rate.wait()
            allowed.append(time.time())

    threads = [threading.Thread(target=sender) for _ in range(2)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(allowed) == 30
    assert time.monotonic() - started >= 1.0  # 30 emails need three windows of 10
    per_window = {}
    for moment in allowed:
        per_window[int(moment)] = per_window.get(int(moment), 0) + 1
    assert max(per_window.values()) <= 10


def test_a_sender_leaves_what_the_rate_does_not_allow_before_its_deadline(
    cast, recording, settings
):
    settings.EMAIL_RATE_PER_MINUTE = 120  # 2 a second
    waiting_emails(cast, 10)
    outcome = services.deliveries_send(seconds=1.5)
    assert 2 <= outcome["sent"] <= 4
    assert Delivery.objects.filter(status=Delivery.Status.PENDING, attempts=0).count() == (
        10 - outcome["sent"]
    )
    assert not Delivery.objects.filter(status=Delivery.Status.SENDING).exists()


def test_the_mail_tasks_have_a_queue_of_their_own():
    app.loader.import_default_modules()
    routes = {
        name: app.amqp.router.route({}, name)["queue"]
        for name in [
            "notifications.tasks.delivery_send",
            "notifications.tasks.deliveries_send",
            "notifications.tasks.deliveries_sweep",
            "accounts.tasks.email_send",
            "reports.tasks.report_render",
            "reports.tasks.reports_sweep",
            "planning.tasks.steps_remind_daily",
        ]
    }
    queue = {name: route.name for name, route in routes.items()}
    # each queue bound by its own name
    assert {name: route.routing_key for name, route in routes.items()} == queue
    assert {name for name, q in queue.items() if q == "mail"} == {
        "notifications.tasks.delivery_send",
        "notifications.tasks.deliveries_send",
        "notifications.tasks.deliveries_sweep",
        "accounts.tasks.email_send",
    }
    assert {q for q in queue.values() if q != "mail"} == {"celery"}


def test_the_workers_sweep_starts_as_many_senders_as_set_when_any_email_is_due(
    cast, recording, settings, monkeypatch
):
    from notifications import tasks

    started = []
    monkeypatch.setattr(
        tasks.deliveries_send, "apply_async", lambda **options: started.append(options)
    )
    settings.CELERY_TASK_ALWAYS_EAGER, settings.EMAIL_SENDERS = False, 3
    assert tasks.deliveries_sweep() == {"revived": 0, "senders": 0}  # none due
    waiting_emails(cast, 3)
    assert tasks.deliveries_sweep() == {"revived": 0, "senders": 3}
    assert started == [{"expires": tasks.SENDER_EXPIRES}] * 3
    settings.CELERY_TASK_ALWAYS_EAGER = True  # in-process: one sender, run here
    monkeypatch.undo()
    assert tasks.deliveries_sweep() == {"revived": 0, "senders": 1}
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 3


def test_a_mail_worker_does_not_load_weasyprint_and_a_pdf_worker_does():
    from config.celery_app import lays_out_pdfs

    queues = app.amqp.queues
    assert lays_out_pdfs()  # started without -Q: every queue
    try:
        queues.select(["mail"])  # what `celery worker -Q mail` does
        assert not lays_out_pdfs()
        queues.select(["celery", "mail"])
        assert lays_out_pdfs()
    finally:
        queues._consume_from = None  # (Celery has no public way back)
