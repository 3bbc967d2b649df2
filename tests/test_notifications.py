"""Notices: who is told of a comment and of a ready PDF (and who is not), sent once, the
outbox's retries, the notifications page, the email choices and the one-click unsubscribe."""

from datetime import timedelta

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from notifications import services
from notifications.models import Delivery, Frequency, Kind, Notice, Preference, UnsubscribeLink
from rubrics.services import comment_add


def comment(round_, author, body="Which standards are cross-curricular?", reply_to=None):
    return comment_add(round_=round_, body=body, acting_user=author, reply_to=reply_to)


def told(kind=Kind.COMMENT) -> set[str]:
    return set(Notice.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def test_a_coachs_comment_is_told_to_the_team_and_emailed_once(
    cast, submitted_round, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment(submitted_round, cast.coach)
    team = {cast.lead.email, cast.member.email, cast.viewer.email}
    assert told() == team  # not the coach who wrote it, the facilitator or the outsider
    assert sorted(m.to[0] for m in mail.outbox) == sorted(team)
    message = mail.outbox[0]
    assert message.subject.startswith(f"{cast.coach.full_name} commented: Spring 2026")
    assert "Which standards are cross-curricular?" in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html" and "<h1" in html and 'style="' in html  # its CSS inlined
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/notifications/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    # the same event again (a retry) tells nobody twice
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            kind=Kind.COMMENT,
            recipients=[cast.lead],
            key=f"comment:{Notice.objects.first().key.split(':')[1]}",
            title="again",
            url="/",
        )
    assert Notice.objects.filter(recipient=cast.lead).count() == 1
    assert len(mail.outbox) == 3


def test_a_reply_from_the_team_is_told_to_the_coaches_and_the_thread(
    cast, submitted_round, django_capture_on_commit_callbacks
):
    first = comment(submitted_round, cast.coach)
    Notice.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        comment(submitted_round, cast.member, "The walkthrough tool.", reply_to=first)
    assert told() == {cast.coach.email}
    notice = Notice.objects.get()
    assert notice.title.startswith(f"{cast.member.full_name} replied")
    assert notice.district == cast.riverside


def test_a_person_removed_from_the_district_is_told_nothing_more_and_sees_none_of_it(
    cast, client_for, submitted_round
):
    comment(submitted_round, cast.coach)
    client = client_for("member")
    page = client.get(reverse("notifications:list")).content.decode()
    assert "commented" in page and '<span class="count">' in page  # the count is kept
    cast.member_membership.delete()
    comment(submitted_round, cast.coach, "A second thought.")
    assert Notice.objects.filter(recipient=cast.member, kind=Kind.COMMENT).count() == 1
    page = client.get(reverse("notifications:list")).content.decode()
    assert "commented" not in page and "No notifications yet" in page
    assert '<span class="count">' not in page  # the kept count follows what the page shows
    notice = Notice.objects.get(recipient=cast.member, kind=Kind.COMMENT)
    assert client.get(reverse("notifications:open", args=[notice.code])).status_code == 404


def test_a_ready_pdf_is_told_to_who_asked_in_the_app_and_by_email_if_they_choose(
    cast, client_for, django_capture_on_commit_callbacks
):
    from reports.services import report_request

    with django_capture_on_commit_callbacks(execute=True):
        job, _ = report_request(kind="district", district=cast.riverside, acting_user=cast.lead)
    job.refresh_from_db()
    assert job.status == "done"
    notice = Notice.objects.get(kind=Kind.REPORT_READY)
    assert notice.recipient == cast.lead and notice.title.startswith("Your PDF is ready")
    assert not Delivery.objects.exists()  # the default: the page only
    Preference.objects.create(user=cast.lead, kind=Kind.REPORT_READY, frequency="at_once")
    with django_capture_on_commit_callbacks(execute=True):
        report_request(kind="district", district=cast.riverside, acting_user=cast.lead)
    assert [m.to for m in mail.outbox] == [[cast.lead.email]]


def test_the_page_counts_unread_and_opening_a_notice_reads_it(cast, client_for, submitted_round):
    comment(submitted_round, cast.coach)
    client = client_for("lead")
    home = client.get(reverse("notifications:preferences")).content.decode()
    assert '<span class="count">1<span class="visually-hidden"> unread</span>' in home
    notice = Notice.objects.get(recipient=cast.lead)
    response = client.get(reverse("notifications:open", args=[notice.code]))
    assert response.status_code == 302
    assert response.url.endswith(f"/self-assessment/{submitted_round.code}/#comments")
    notice.refresh_from_db()
    assert notice.read_at is not None
    page = client.get(reverse("notifications:list")).content.decode()
    assert 'class="count"' not in page and "Mark all as read" not in page
    # another person's notice is as missing
    other = client_for("member")
    assert other.get(reverse("notifications:open", args=[notice.code])).status_code == 404


def test_mark_all_as_read(cast, client_for, submitted_round):
    comment(submitted_round, cast.coach)
    comment(submitted_round, cast.coach, "And another.")
    client = client_for("lead")
    response = client.post(reverse("notifications:read_all"), follow=True)
    assert "2 notifications marked as read." in response.content.decode()
    assert not Notice.objects.filter(recipient=cast.lead, read_at=None).exists()


def test_email_choices_are_saved_and_a_bad_choice_is_refused(cast, client_for):
    client = client_for("member")
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert Kind.COMMENT.label.replace("’", "&#x27;") in page or "Comments and replies" in page
    bad = client.post(reverse("notifications:preferences"), {"comment": "hourly"})
    assert bad.status_code == 400 and not Preference.objects.exists()
    choices = dict.fromkeys(Kind.values, "at_once") | {"comment": "off"}
    good = client.post(reverse("notifications:preferences"), choices)
    assert good.status_code == 302
    assert services.frequencies([cast.member], Kind.COMMENT) == {cast.member.pk: "off"}


def test_the_one_click_unsubscribe_works_signed_out_for_that_person_and_kind_only(
    cast, client, submitted_round, django_capture_on_commit_callbacks
):
    url = reverse(
        "notifications:unsubscribe",
        kwargs={"unsubscribe_token": services.unsubscribe_link(cast.lead, Kind.COMMENT)},
    )
    assert "Stop these emails?" in client.get(url).content.decode()
    assert not Preference.objects.exists()  # a GET (a link scanner) changes nothing
    response = client.post(url, {"List-Unsubscribe": "One-Click"})  # RFC 8058, no session
    assert response.status_code == 200 and "No more of these emails" in response.content.decode()
    assert services.frequencies([cast.lead, cast.member], Kind.COMMENT) == {
        cast.lead.pk: Frequency.OFF,
        cast.member.pk: Frequency.AT_ONCE,
    }
    assert services.frequencies([cast.lead], Kind.REPORT_READY)[cast.lead.pk] == "off"  # default
    with django_capture_on_commit_callbacks(execute=True):
        comment(submitted_round, cast.coach)
    assert cast.lead.email not in {m.to[0] for m in mail.outbox}
    assert Notice.objects.filter(recipient=cast.lead).exists()  # still on the page
    tampered = url.replace("/notifications/unsubscribe/", "/notifications/unsubscribe/x")
    assert client.post(tampered).status_code == 404


def test_a_failed_email_is_retried_later_then_left_failed_for_the_staff(
    cast, submitted_round, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(self, fail_silently=False):
        raise OSError("the mail server is down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    with django_capture_on_commit_callbacks(execute=True):
        comment(submitted_round, cast.coach)
    delivery = Delivery.objects.get(notice__recipient=cast.lead)
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert delivery.next_attempt_at > timezone.now() + timedelta(minutes=1)
    assert "the mail server is down" in delivery.last_error
    assert services.deliver(delivery.pk) == "nothing to do"  # not due yet
    # Alone in the outbox: a sender stops at the server's first failure, leaving the rest.
    Delivery.objects.exclude(pk=delivery.pk).delete()
    for _ in range(2, Delivery.MAX_ATTEMPTS + 1):
        Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        services.deliveries_sweep()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", Delivery.MAX_ATTEMPTS)
    monkeypatch.undo()
    assert services.deliver(delivery.pk) == "nothing to do"


def test_an_email_claimed_by_one_worker_is_not_sent_by_another_and_a_dead_claim_is_revived(
    cast, submitted_round
):
    comment(submitted_round, cast.coach)  # its emails wait: not committed in this test
    delivery = Delivery.objects.filter(notice__recipient=cast.lead).get()
    Delivery.objects.filter(pk=delivery.pk).update(status="sending", claimed_at=timezone.now())
    assert services.deliver(delivery.pk) == "nothing to do"
    assert services.deliveries_sweep()["revived"] == 0
    stale = timezone.now() - services.SENDING_STALE - timedelta(seconds=1)
    Delivery.objects.filter(pk=delivery.pk).update(claimed_at=stale)
    outcome = services.deliveries_sweep()
    assert outcome["revived"] == 1 and outcome["sent"] >= 1
    assert Delivery.objects.get(pk=delivery.pk).status == "sent"


@pytest.mark.parametrize("read_first", [True, False])
def test_a_notice_read_in_the_app_before_its_email_goes_is_not_emailed(
    cast, submitted_round, read_first
):
    comment(submitted_round, cast.coach)
    delivery = Delivery.objects.get(notice__recipient=cast.lead)
    if read_first:
        services.mark_read(delivery.notice)
    outcome = services.deliver(delivery.pk)
    assert outcome == ("not wanted" if read_first else "sent")


def test_a_round_opened_is_told_to_those_who_rate_and_a_submitted_one_to_its_coaches(
    cast, framework, client_for
):
    from rubrics.services import round_mark_reviewed
    from tests.rubric_helpers import submitted_round

    round_ = submitted_round(cast.riverside, cast.lead, framework, title="Fall 2026")
    assert told(Kind.ROUND_OPENED) == {cast.member.email}  # not the lead who opened it
    opened = Notice.objects.get(kind=Kind.ROUND_OPENED)
    assert opened.url.endswith(f"/self-assessment/{round_.code}/rate/")
    assert told(Kind.ROUND_SUBMITTED) == {cast.coach.email}
    round_mark_reviewed(round_=round_, acting_user=cast.coach)
    assert told(Kind.ROUND_REVIEWED) == {cast.lead.email}


def test_a_round_kept_inside_the_district_is_told_to_no_coach(cast, framework):
    from tests.rubric_helpers import submitted_round

    submitted_round(cast.riverside, cast.lead, framework, title="Fall 2026", sharing="district")
    assert told(Kind.ROUND_SUBMITTED) == set()
    assert not Notice.objects.filter(recipient__in=[cast.coach, cast.facilitator]).exists()


def test_a_daily_digest_gathers_what_was_chosen_for_it_once_a_day(
    cast, submitted_round, django_capture_on_commit_callbacks
):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    Preference.objects.create(user=cast.lead, kind=Kind.COMMENT, frequency=Frequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        comment(submitted_round, cast.coach, "First question.")
        comment(submitted_round, cast.coach, "Second question.")
    assert cast.lead.email not in {m.to[0] for m in mail.outbox}  # not at once
    mail.outbox.clear()
    tuesday = datetime(2030, 1, 1, 7, 30, tzinfo=ZoneInfo("America/New_York"))
    Notice.objects.update(created_at=tuesday - timedelta(hours=12))
    assert services.digests_make(tuesday) == 1
    assert services.digests_make(tuesday) == 0  # once a day
    services.deliveries_sweep()  # (also sends the fixture's waiting emails to others)
    [message] = [m for m in mail.outbox if m.to == [cast.lead.email]]
    assert message.subject == "Your Waypoint digest: 2 notifications"
    assert "First question" not in message.body  # titles and links, not the comments
    assert message.body.count("/notifications/") >= 2
    assert "List-Unsubscribe" in message.extra_headers
    # the digest is an email, not another notice on the page or in the count
    page = client_for_lead(cast).get(reverse("notifications:list")).content.decode()
    assert "Your Waypoint digest" not in page and page.count('<li class="notice') == 2
    # its unsubscribe turns off what comes in digests, nothing else
    services.stop_emails(cast.lead.pk, Kind.DIGEST)
    assert services.frequencies([cast.lead], Kind.COMMENT)[cast.lead.pk] == Frequency.OFF
    assert services.frequencies([cast.lead], Kind.ROUND_OPENED)[cast.lead.pk] == "at_once"


def test_a_weekly_digest_waits_for_monday(cast, submitted_round):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    Preference.objects.create(user=cast.lead, kind=Kind.COMMENT, frequency=Frequency.WEEKLY)
    comment(submitted_round, cast.coach)
    Delivery.objects.filter(notice__kind=Kind.COMMENT, notice__recipient=cast.lead).delete()
    sunday = datetime(2030, 1, 6, 7, 30, tzinfo=ZoneInfo("America/New_York"))
    Notice.objects.update(created_at=sunday - timedelta(days=2))
    assert services.digests_make(sunday) == 0
    assert services.digests_make(sunday + timedelta(days=1)) == 1


def client_for_lead(cast):
    from django.test import Client

    client = Client()
    client.force_login(cast.lead)
    return client


def test_an_accepted_invitation_is_told_to_the_lead_who_sent_it(cast):
    from districts.services import invitation_accept, invitation_create
    from tests.factories import UserFactory

    def invite(email, by):
        return invitation_create(
            district=cast.riverside,
            email=email,
            role="member",
            acting_user=by,
            accept_url=lambda token: f"/invitations/{token}/",
        )

    newcomer = UserFactory(email="newcomer@example.org", full_name="Nia Newcomer")
    invitation_accept(invitation=invite(newcomer.email, cast.lead), user=newcomer)
    notice = Notice.objects.get(kind=Kind.INVITATION_ACCEPTED)
    assert notice.recipient == cast.lead
    assert notice.title == (
        "Nia Newcomer accepted your invitation to Riverside School District as member"
    )
    assert notice.url.endswith(f"/d/{cast.riverside.code}/members/")
    # a lead who is no longer a lead is told nothing
    later = UserFactory(email="later@example.org")
    invitation = invite(later.email, cast.lead)
    cast.lead_membership.role = "member"
    cast.lead_membership.save()
    invitation_accept(invitation=invitation, user=later)
    assert Notice.objects.filter(kind=Kind.INVITATION_ACCEPTED).count() == 1


# ---------------------------------------------------------------- emails that cannot go


def test_an_email_that_can_never_be_sent_is_failed_at_once_and_the_sweep_goes_on(
    cast, client_for, submitted_round
):
    """A header with a line break (a title saved before one-line fields), an address that is
    not one, a person without an address: failed at the first try, with the reason on the
    staff's page; the others of the same sweep are sent."""
    from accounts.models import User

    comment(submitted_round, cast.coach)  # its emails wait: not committed in this test
    Notice.objects.filter(recipient=cast.lead).update(title="Spring\n2026")
    User.objects.filter(pk=cast.member.pk).update(email="not an address")
    User.objects.filter(pk=cast.viewer.pk).update(email="")
    outcome = services.deliveries_sweep()
    failed = {
        d.notice.recipient_id: d
        for d in Delivery.objects.filter(notice__kind=Kind.COMMENT, status=Delivery.Status.FAILED)
    }
    assert set(failed) == {cast.lead.pk, cast.member.pk, cast.viewer.pk}
    # the coach's email of the submitted round went in the same sweep
    assert outcome["sent"] == 1 and [m.to for m in mail.outbox] == [[cast.coach.email]]
    mail.outbox.clear()
    assert all(d.attempts == 1 for d in failed.values())  # no retry of what cannot pass
    assert failed[cast.lead.pk].last_error.startswith("Cannot be sent: a header has a line break")
    assert failed[cast.member.pk].last_error == (
        "Cannot be sent: “not an address” is not an email address."
    )
    assert failed[cast.viewer.pk].last_error == ("Cannot be sent: the person has no email address.")
    assert not Delivery.objects.filter(status=Delivery.Status.PENDING).exists()
    page = client_for("staff").get("/admin/notifications/delivery/?status__exact=failed")
    assert page.status_code == 200
    assert "Cannot be sent: the person has no email address." in page.content.decode()
    # the address corrected, staff send it again from the same page
    User.objects.filter(pk=cast.viewer.pk).update(email="priya@example.org")
    client_for("staff").post(
        "/admin/notifications/delivery/",
        {"action": "send_again", "_selected_action": [failed[cast.viewer.pk].pk]},
    )
    assert services.deliveries_sweep()["sent"] == 1
    assert [m.to for m in mail.outbox] == [["priya@example.org"]]


def test_a_failure_that_may_pass_is_still_retried(cast, submitted_round, monkeypatch):
    import smtplib

    def refused_for_now(self, fail_silently=False):
        raise smtplib.SMTPRecipientsRefused({self.to[0]: (451, b"4.3.0 Try again later")})

    comment(submitted_round, cast.coach)
    monkeypatch.setattr("django.core.mail.EmailMessage.send", refused_for_now)
    services.deliveries_sweep()
    delivery = Delivery.objects.get(notice__recipient=cast.lead)
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert delivery.next_attempt_at > timezone.now() + timedelta(minutes=1)


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (
            "recipient",
            "The mail server refused the address for good: 550 5.1.1 No such mailbox",
        ),
        ("message", "The mail server refused the message for good: 554 5.7.1 Refused"),
        ("address", 'Cannot be sent: the address is not one (Invalid address "dana@").'),
        ("sender", None),  # the settings' to fix: every email would be refused alike
        ("sign-in", None),
        ("down", None),
    ],
)
def test_which_errors_mean_an_email_can_never_be_sent(error, reason):
    import smtplib

    errors = {
        "recipient": smtplib.SMTPRecipientsRefused({"a@x.org": (550, b"5.1.1 No such mailbox")}),
        "message": smtplib.SMTPDataError(554, b"5.7.1 Refused"),
        "address": ValueError('Invalid address "dana@"'),  # what Django's SMTP backend says
        "sender": smtplib.SMTPSenderRefused(553, b"5.7.1 Not yours", "w@x.org"),
        "sign-in": smtplib.SMTPAuthenticationError(535, b"5.7.8 Bad credentials"),
        "down": ConnectionRefusedError(111, "Connection refused"),
    }
    assert services.never_sendable(errors[error]) == reason


# ---------------------------------------------------------------- unsubscribe links


def test_an_unsubscribe_link_says_nothing_of_whom_it_is_for(cast, submitted_round):
    import base64

    comment(submitted_round, cast.coach)
    services.deliveries_sweep()
    message = next(m for m in mail.outbox if m.to == [cast.lead.email])
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert len(token) >= 40 and ":" not in token
    decoded = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    for said in (cast.lead.email, "comment"):
        assert said.encode() not in decoded and said not in token
    # Random, not a signed payload (whose value a reader could decode: the person's id, say):
    # the same person's next link for the same kind is another token altogether.
    with pytest.raises(signing.BadSignature):
        signing.loads(token)
    assert services.unsubscribe_link(cast.lead, Kind.COMMENT) != token
    assert not UnsubscribeLink.objects.filter(token_hash=token).exists()  # kept as a hash
    assert link in message.body  # the same link at the email's foot
    stopped = services.unsubscribe_lookup(token)
    assert (stopped.user_id, stopped.kind, stopped.ended) == (cast.lead.pk, "comment", False)


def test_an_unsubscribe_link_ends_after_a_year_and_offers_to_sign_in(cast, client):
    token = services.unsubscribe_link(cast.lead, Kind.COMMENT)
    url = reverse("notifications:unsubscribe", kwargs={"unsubscribe_token": token})
    UnsubscribeLink.objects.update(created_at=timezone.now() - timedelta(days=364))
    assert "Stop these emails?" in client.get(url).content.decode()
    UnsubscribeLink.objects.update(created_at=timezone.now() - timedelta(days=366))
    for response in (client.get(url), client.post(url, {"List-Unsubscribe": "One-Click"})):
        page = response.content.decode()
        assert response.status_code == 410
        assert "This link has ended" in page
        assert "Sign in and change your email choices" in page
        assert f'href="{reverse("notifications:preferences")}"' in page
    assert not Preference.objects.exists()  # nothing stopped


def test_links_of_emails_sent_before_are_honoured_until_a_year_after_them(cast, client):
    """The links in inboxes from before (the person's id and the kind, signed with the
    date) keep working until a year after their email, like the new ones, then end."""
    from unittest import mock

    from django.core import signing

    def old_link(days_ago: int) -> str:
        then = timezone.now().timestamp() - days_ago * 86400
        with mock.patch("django.core.signing.time.time", return_value=then):
            token = signing.dumps(
                [cast.lead.pk, "comment"], salt=services.UNSUBSCRIBE_SALT, compress=True
            )
        return reverse("notifications:unsubscribe", kwargs={"unsubscribe_token": token})

    assert client.post(old_link(400)).status_code == 410
    assert not Preference.objects.exists()
    response = client.post(old_link(30))
    assert response.status_code == 200 and "No more of these emails" in response.content.decode()
    assert services.frequencies([cast.lead], Kind.COMMENT)[cast.lead.pk] == Frequency.OFF


def test_ended_links_are_forgotten_a_year_after_they_end(cast):
    services.unsubscribe_link(cast.lead, Kind.COMMENT)
    services.unsubscribe_link(cast.lead, Kind.DIGEST)
    UnsubscribeLink.objects.filter(kind=Kind.DIGEST).update(
        created_at=timezone.now() - timedelta(days=731)
    )
    assert services.unsubscribe_links_forget() == 1
    assert list(UnsubscribeLink.objects.values_list("kind", flat=True)) == [Kind.COMMENT]
