"""The notices' emails against a real SMTP server (aiosmtpd, on a loopback port, started
here): what arrives, to whom, with both parts and the unsubscribe headers."""

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

    async def handle_DATA(self, server, session, envelope):
        self.received.append(envelope)
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
