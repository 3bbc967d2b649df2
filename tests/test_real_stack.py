"""Proof on PostgreSQL + Redis: a real Celery worker takes tasks from Redis.

These run in the second pass of .ci/run (DATABASE_URL and REDIS_URL set); embedded, tasks run
in-process and tests/test_members.py covers the same flows.
"""

import time

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
