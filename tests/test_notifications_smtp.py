"""The notices' emails against a real SMTP server (aiosmtpd, on a loopback port, started
here): what arrives, to whom, with both parts and the unsubscribe headers, and what
becomes of an address the server refuses."""

import email
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller

from notifications.models import Notice
from rubrics.services import comment_add


class Inbox:
    def __init__(self):
        self.received = []
        self.sessions = []  # each SMTP connection that sent a message
        self.refusals = {}  # address: the server's answer to RCPT TO

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refusals:
            return self.refusals[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append(envelope)
        if not any(session is seen for seen in self.sessions):
            self.sessions.append(session)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    with socket.socket() as probe:  # a free loopback port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield inbox
    controller.stop()


def test_a_comments_emails_arrive_with_both_parts_and_the_unsubscribe_headers(
    cast, submitted_round, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment_add(
            round_=submitted_round, body="What did the walkthrough show?", acting_user=cast.coach
        )
    team = sorted([cast.lead.email, cast.member.email, cast.viewer.email])
    assert sorted(rcpt for e in smtp_server.received for rcpt in e.rcpt_tos) == team
    envelope = next(e for e in smtp_server.received if e.rcpt_tos == [cast.lead.email])
    message = email.message_from_bytes(envelope.original_content, policy=policy.default)
    assert message["To"] == cast.lead.email
    assert message["Subject"] == f"{cast.coach.full_name} commented: Spring 2026"
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "What did the walkthrough show?" in text and "Open it in Waypoint: http" in text
    assert "<h1" in html and "What did the walkthrough show?" in html
    notice = Notice.objects.get(recipient=cast.lead)
    assert f"/notifications/{notice.code}/" in html  # the link opens (and reads) the notice
    unsubscribe = str(message["List-Unsubscribe"]).strip()  # a long header is folded
    assert unsubscribe.startswith("<http") and "/notifications/unsubscribe/" in unsubscribe
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert notice.delivery.status == "sent"


def test_an_address_the_server_refuses_for_good_fails_at_once_and_one_for_now_is_retried(
    cast, submitted_round, smtp_server, django_capture_on_commit_callbacks
):
    from notifications.models import Delivery

    smtp_server.refusals = {
        cast.lead.email: "550 5.1.1 No such mailbox here",
        cast.member.email: "451 4.3.0 Mailbox busy, try later",
    }
    with django_capture_on_commit_callbacks(execute=True):
        comment_add(round_=submitted_round, body="Which tool?", acting_user=cast.coach)
    lead = Delivery.objects.get(notice__recipient=cast.lead, notice__kind="comment")
    member = Delivery.objects.get(notice__recipient=cast.member, notice__kind="comment")
    viewer = Delivery.objects.get(notice__recipient=cast.viewer, notice__kind="comment")
    assert (lead.status, lead.attempts) == ("failed", 1)
    assert lead.last_error == (
        "The mail server refused the address for good: 550 5.1.1 No such mailbox here"
    )
    assert (member.status, member.attempts) == ("pending", 1)
    assert "451" in member.last_error
    assert viewer.status == "sent"
    assert [e.rcpt_tos for e in smtp_server.received] == [[cast.viewer.email]]


def test_a_sweep_sends_its_emails_over_one_connection_with_the_sites_message_ids(
    cast, submitted_round, smtp_server, settings
):
    from notifications.models import Delivery
    from notifications.services import deliveries_sweep

    settings.SITE_URL = "https://waypoint.example.org:8443"
    for body in ("Which tool?", "Which rubric?"):
        comment_add(round_=submitted_round, body=body, acting_user=cast.coach)  # waiting
    waiting = Delivery.objects.count()  # the round's (opened, submitted) and 2 x 3 comments
    assert waiting >= 7 and deliveries_sweep()["sent"] == waiting
    assert len(smtp_server.received) == waiting and len(smtp_server.sessions) == 1
    ids = set()
    for envelope in smtp_server.received:
        message = email.message_from_bytes(envelope.original_content, policy=policy.default)
        ids.add(message["Message-ID"])
        assert message["Message-ID"].endswith("@waypoint.example.org>")
    assert len(ids) == waiting
