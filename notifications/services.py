"""Telling people: a notice per event and person (sent once: the event's key is unique per
person), its email through the outbox when the person wants email at once, and reading."""

import logging
import secrets
import smtplib
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import BadHeaderError, EmailMultiAlternatives, get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from config.email import message_id, site_url
from districts.models import District, people_generation
from districts.services import hash_token
from districts.validators import flattened
from notifications import rate as sending_rate
from notifications.digest import Line, grouped, opening_of
from notifications.models import (
    CHOSEN_KINDS,
    DEFAULT_FREQUENCY,
    Delivery,
    Frequency,
    Kind,
    Notice,
    Preference,
    UnsubscribeLink,
    kind_label,
    validate_kind,
)
from notifications.selectors import notices_for, unread_notice_count

logger = logging.getLogger("waypoint.notifications")

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
SENDING_STALE = timedelta(minutes=10)  # a claim older than this: its worker died


def unread_key(user_id: int) -> str:
    return f"notices-unread:{user_id}"


def unread_count(user) -> int:
    """The header's count of what the notifications page shows unread, kept in the cache
    until a notice is made or read, or the person's relations move (leaving a district, or
    losing a coach's or a facilitator's relation, hides its notices): the count is kept with
    the versions it was counted at, and counted again when they differ."""
    key = unread_key(user.pk)
    versions = (people_generation.current(), user.relations_version)
    found = cache.get(key)
    if isinstance(found, tuple) and found[0] == versions:
        return found[1]
    count = unread_notice_count(user)
    cache.set(key, (versions, count), 3600)
    return count


def unread_count_in(request) -> int:
    """unread_count() of the request's person, read once a request: the header's key and
    the header both show it."""
    if not hasattr(request, "_unread_notices"):
        request._unread_notices = unread_count(request.user)
    return request._unread_notices


def _forget_unread(user_ids) -> None:
    # No version read: outside a request (the scheduled passes) each read would be a query.
    cache.delete_many([unread_key(pk) for pk in user_ids])


def frequencies(users, kind: str) -> dict[int, str]:
    """Each person's choice for a kind of notice, the default where they made none."""
    return _choices([user.pk for user in users], kind)


def _choices(user_ids, kind: str) -> dict[int, str]:
    chosen = dict(
        Preference.objects.filter(user__in=user_ids, kind=kind).values_list("user_id", "frequency")
    )
    return {pk: chosen.get(pk, DEFAULT_FREQUENCY[kind]) for pk in user_ids}


def email_choices_save(user, choices: dict[str, str]) -> None:
    """Save the person's choices for the kinds given; the others stay as they were. An
    unknown kind is refused (ValidationError), saving none."""
    for kind in choices:
        validate_kind(kind)
    for kind, frequency in choices.items():
        Preference.objects.update_or_create(user=user, kind=kind, defaults={"frequency": frequency})


def notify(
    *, kind: str, recipients, key: str, title: str, url: str, body: str = "", district=None
) -> int:
    """Tell each recipient (active people; the caller chose them by the access rules) of one
    event, once: a second call with the same key tells nobody again. The emails go out after
    the transaction commits. Returns how many notices it made."""
    made = notify_many(
        kind,
        [
            Tell(recipient=user, key=key, title=title, url=url, body=body, district=district)
            for user in recipients
        ],
    )
    if made:
        transaction.on_commit(lambda: _send_later(_waiting_for(key)))
    return made


def _waiting_for(key: str) -> list[int]:
    return list(
        Delivery.objects.filter(notice__key=key, status=Delivery.Status.PENDING).values_list(
            "pk", flat=True
        )
    )


def long_date(day) -> str:
    """A date as the notices write it: March 5, 2027 (no leading zero on any platform)."""
    return f"{day:%B} {day.day}, {day.year}"


@dataclass(frozen=True, slots=True)
class Tell:
    """One event told to one person, for notify_many."""

    recipient: object  # a User, or the id of an active one (a pass over many reads ids only)
    key: str
    title: str
    url: str
    body: str = ""
    district: object = None  # a District, or its id


def _pk(thing) -> int | None:
    return getattr(thing, "pk", thing)


def notify_many(kind: str, tells: list[Tell]) -> int:
    """Tell of many events of one kind at once, each once per person, in a number of queries
    that does not grow with them (the scheduled reminders over every district): who was told
    already, the people's choices, the new notices and their emails, each one query. The
    emails are the minute's sweep's to send (notify sends an event's at once). Returns how
    many notices it made."""
    # A district in the trash tells nobody anything (its scheduled reminders stop): the
    # trash's few ids in one query, as the tells may name their districts by id.
    trashed = (
        set(District.with_trashed.exclude(trashed_at=None).values_list("pk", flat=True))
        if tells
        else set()
    )
    tells = [
        t
        for t in tells
        if getattr(t.recipient, "is_active", True) and _pk(t.district) not in trashed
    ]
    if not tells:
        return 0
    keys = {t.key for t in tells}
    told = set(Notice.objects.filter(key__in=keys, kind=kind).values_list("recipient_id", "key"))
    fresh = {}
    for t in tells:
        if (_pk(t.recipient), t.key) not in told:
            fresh.setdefault((_pk(t.recipient), t.key), t)
    del tells, told
    if not fresh:
        return 0
    Notice.objects.bulk_create(
        [
            Notice(
                recipient_id=person,
                kind=kind,
                key=key,
                title=flattened(t.title)[:200],  # an email's subject: one line
                body=t.body,
                url=t.url,
                district_id=_pk(t.district),
            )
            for (person, key), t in fresh.items()
        ],
        ignore_conflicts=True,  # told meanwhile by a twin of this pass: left as it is
    )
    people = {person for person, _ in fresh}
    wanted = _choices(list(people), kind)
    made = [
        (pk, person)
        for pk, person, key in Notice.objects.filter(
            key__in={k for _, k in fresh}, kind=kind
        ).values_list("pk", "recipient_id", "key")
        if (person, key) in fresh
    ]
    del fresh
    now = timezone.now()
    Delivery.objects.bulk_create(
        [
            Delivery(notice_id=pk, next_attempt_at=now)
            for pk, person in made
            if wanted[person] == Frequency.AT_ONCE
        ],
        ignore_conflicts=True,
    )
    transaction.on_commit(lambda: _forget_unread(people))  # never re-cached before it
    return len(made)


def _send_later(ids: list[int]) -> None:
    from notifications.tasks import delivery_send

    for pk in ids:
        try:
            delivery_send.delay(pk)
        except Exception as error:  # the broker is down: the minute's sweep sends it
            logger.warning("Delivery %s not queued (%s); the sweep will send it", pk, error)
            return


def mark_read(notice: Notice) -> None:
    if notice.read_at is None:
        Notice.objects.filter(pk=notice.pk, read_at=None).update(read_at=timezone.now())
        _forget_unread([notice.recipient_id])


def mark_all_read(user) -> int:
    count = notices_for(user).filter(read_at=None).update(read_at=timezone.now())
    _forget_unread([user.pk])
    return count


# ---------------------------------------------------------------- email


@dataclass(frozen=True)
class Unsubscribe:
    """What an unsubscribe link stops: a person's emails of one kind (`ended`: it no longer
    does)."""

    user_id: int
    kind: str
    ended: bool


def unsubscribe_link(user, kind: str) -> str:
    """A new unsubscribe token for one email of the kind to the person: random, so that it
    says nothing of whom it is for; only its hash is kept (UnsubscribeLink)."""
    token = secrets.token_urlsafe(32)
    UnsubscribeLink.objects.create(user=user, kind=kind, token_hash=hash_token(token))
    return token


def unsubscribe_lookup(token: str) -> Unsubscribe | None:
    """What the token's link stops, or None when it names no link (or no person now)."""
    link = UnsubscribeLink.objects.filter(token_hash=hash_token(token)).first()
    if link is not None:
        return Unsubscribe(user_id=link.user_id, kind=link.kind, ended=link.ended)
    return _signed_unsubscribe(token)


def _signed_unsubscribe(token: str) -> Unsubscribe | None:
    """The links of the emails sent before the links were opaque: the person's id and the
    kind, signed with the date. They work until a year after their email too; after December
    2027 none is left and this can go."""
    try:
        user_id, kind = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if kind not in Kind.values or not User.objects.filter(pk=user_id).exists():
        return None
    try:
        signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UnsubscribeLink.LIFETIME)
    except signing.SignatureExpired:
        return Unsubscribe(user_id=user_id, kind=kind, ended=True)
    return Unsubscribe(user_id=user_id, kind=kind, ended=False)


def unsubscribe_links_forget(now=None) -> int:
    """Each day: links ended a year ago or more are forgotten (until then their page says
    that they ended, rather than that they never existed)."""
    now = now or timezone.now()
    old = UnsubscribeLink.objects.filter(created_at__lt=now - 2 * UnsubscribeLink.LIFETIME)
    return old.delete()[0]


def stop_emails(user_id: int, kind: str) -> None:
    """No more emails of the kind; for a digest, of every kind the person gets in digests."""
    if kind != Kind.DIGEST:
        kinds = [kind]
    else:
        users = User.objects.filter(pk=user_id)
        kinds = [
            k
            for k in CHOSEN_KINDS
            if frequencies(users, k).get(user_id) in (Frequency.DAILY, Frequency.WEEKLY)
        ]
    for k in kinds:
        Preference.objects.update_or_create(
            user_id=user_id, kind=k, defaults={"frequency": Frequency.OFF}
        )


def email_for(notice: Notice, unsubscribe_token: str | None = None) -> EmailMultiAlternatives:
    """The notice as an email: a plain-text part and an HTML part (its CSS inlined), with a
    one-click unsubscribe for its kind (RFC 8058) that works without signing in (the token
    of a link made already, or a new one)."""
    import css_inline

    user = notice.recipient
    zone = ZoneInfo(notice.district.time_zone) if notice.district else None
    token = unsubscribe_token or unsubscribe_link(user, notice.kind)
    unsubscribe = site_url(
        reverse("notifications:unsubscribe", kwargs={"unsubscribe_token": token})
    )
    digest = notice.kind == Kind.DIGEST
    context = {
        "notice": notice,
        "week": _week_groups(user) if digest else [],
        "groups": _notice_groups(notice) if digest else [],
        "url": site_url(reverse("notifications:open", kwargs={"code": notice.code})),
        "when": timezone.localtime(notice.created_at, zone),
        "kind_label": kind_label(notice.kind),
        "unsubscribe_url": unsubscribe,
        "preferences_url": site_url(reverse("notifications:preferences")),
    }
    message = EmailMultiAlternatives(
        subject=notice.title,
        body=render_to_string("notifications/email.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            "Message-ID": message_id(),
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    html = render_to_string("notifications/email.html", context)
    message.attach_alternative(css_inline.inline(html), "text/html")
    return message


def _week_groups(user) -> list:
    """The person's week (notifications.digest.opening_of), by district and what to do."""
    return grouped(
        [replace(line, url=site_url(line.url)) for line in opening_of(user)],
    )


def _notice_groups(digest: Notice) -> list:
    """A digest's notices, newest first, by district and kind, each dated on its district's
    clock and linked through its opening (which counts it read)."""
    lines = []
    for item in digest.items.select_related("district").order_by("-created_at", "-pk"):
        zone = ZoneInfo(item.district.time_zone) if item.district else None
        lines.append(
            Line(
                where=item.district.name if item.district else "Waypoint",
                todo=kind_label(item.kind),
                day=timezone.localtime(item.created_at, zone).date(),
                title=item.title,
                url=site_url(reverse("notifications:open", kwargs={"code": item.code})),
            )
        )
    return grouped(lines)


def deliver(delivery_id: int) -> str:
    """Send one email of the outbox now (an event's, queued by notify), if it is still
    waiting and due: claimed first, so that no other sender sends it too. What becomes of a
    failure is said at deliveries_send."""
    now = timezone.now()
    if not _claim(1, now, only=[delivery_id]):
        return "nothing to do"
    deadline = time.monotonic() + settings.EMAIL_SENDER_SECONDS
    connection = get_connection()
    try:
        outcomes, _ = _send_batch([delivery_id], connection, deadline)
    finally:
        _close(connection)
    return outcomes[0] if outcomes else "later"


def deliveries_send(*, seconds: float | None = None, batch_size: int | None = None) -> dict:
    """One sender of the outbox (the sweep starts EMAIL_SENDERS of them, on as many workers
    as consume the mail queue): it claims the due emails a batch at a time and sends them over
    one connection to the mail server, kept open from batch to batch, keeping the provider's
    rate with the other senders (notifications.rate), until none is due or `seconds` have
    passed (EMAIL_SENDER_SECONDS; what is left waits for the next sender).

    A failure that may pass (the server down, a refusal for now) waits 2, 4, 8... minutes
    before the next try, and the row is left failed after MAX_ATTEMPTS; an email that can
    never be sent (`never_sendable`) is left failed at once, with the reason, and the batch
    goes on. When the server itself fails (unreachable, silent past EMAIL_TIMEOUT, refusing
    the sender or the sign-in), the sender stops: the rest of its batch waits as long as the
    email that failed, without a try counted."""
    deadline = time.monotonic() + (seconds or settings.EMAIL_SENDER_SECONDS)
    size = batch_size or settings.EMAIL_BATCH_SIZE
    sent = failed = 0
    connection = get_connection()
    try:
        while time.monotonic() < deadline:
            claimed = _claim(size, timezone.now())
            if not claimed:
                break
            outcomes, stopped = _send_batch(claimed, connection, deadline)
            sent += outcomes.count("sent")
            failed += outcomes.count("failed")
            if stopped:
                break
    finally:
        _close(connection)
    return {"sent": sent, "failed": failed}


def _claim(limit: int, now, only: list[int] | None = None) -> list[int]:
    """Take up to `limit` due emails for this sender (pending -> sending). On PostgreSQL
    their rows are read FOR UPDATE SKIP LOCKED: senders claiming at the same moment each take
    other rows, and none waits for another. SQLite has one writer at a time (and the embedded
    default one sender)."""
    due = Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
    if only is not None:
        due = due.filter(pk__in=only)
    with transaction.atomic():
        claimed = list(
            due.order_by("next_attempt_at", "pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        if claimed:
            Delivery.objects.filter(pk__in=claimed).update(
                status=Delivery.Status.SENDING, claimed_at=now
            )
    return claimed


def _send_batch(ids: list[int], connection, deadline: float) -> tuple[list[str], bool]:
    """Send the claimed emails over `connection` (opened at the first, left open for the
    next batch). Returns each one's outcome, and whether the sender should stop: the server
    failed, or the rate leaves no room before the deadline (the rest waits, unclaimed)."""
    batch = list(
        Delivery.objects.filter(pk__in=ids, status=Delivery.Status.SENDING)
        .select_related("notice__recipient", "notice__district")
        .order_by("next_attempt_at", "pk")
    )
    wanted = _wanted([d.notice for d in batch])
    tokens = _unsubscribe_links(
        [
            d.notice
            for d in batch
            if wanted(d.notice) and not unusable_address(d.notice.recipient.email)
        ]
    )
    outcomes, sent = [], []
    try:
        for index, delivery in enumerate(batch):
            notice = delivery.notice
            if not wanted(notice):
                delivery.delete()  # turned off, gone, or read in the app: nothing to send
                outcomes.append("not wanted")
                continue
            attempts = delivery.attempts + 1
            if notice.pk not in tokens:  # (an address no email can go to)
                unusable = unusable_address(notice.recipient.email)
                outcomes.append(_failed(delivery, attempts, timezone.now(), unusable))
                continue
            if not sending_rate.wait(until=deadline):
                _release(batch[index:], timezone.now())
                return outcomes, True
            try:
                connection.open()  # once: later emails reuse the connection
                message = email_for(notice, tokens[notice.pk])
                message.connection = connection
                message.send()
            except Exception as error:
                retry_at = _failed_try(delivery, attempts, error)
                outcomes.append("failed")
                if _server_failed(error):
                    _close(connection)
                    _release(batch[index + 1 :], retry_at)
                    return outcomes, True
                continue
            sent.append(delivery.pk)
            outcomes.append("sent")
            if len(sent) >= SENT_RECORDED_EVERY:
                _record_sent(sent)
    finally:
        _record_sent(sent)
    return outcomes, False


SENT_RECORDED_EVERY = 20


def _record_sent(ids: list[int]) -> None:
    """Record emails sent, some at a time: a commit per email (a disk flush) cost as much as
    making the email. A sender killed in between leaves at most this many to be sent again
    when its claim is revived, which SMTP cannot rule out anyway."""
    if ids:
        Delivery.objects.filter(pk__in=ids).update(
            status=Delivery.Status.SENT, attempts=F("attempts") + 1, sent_at=timezone.now()
        )
        ids.clear()


def _unsubscribe_links(notices: list[Notice]) -> dict[int, str]:
    """A new unsubscribe link for each notice's email (see unsubscribe_link), made in one
    insert before any is sent: an email never leaves with a link that was not kept."""
    tokens = {n.pk: secrets.token_urlsafe(32) for n in notices}
    UnsubscribeLink.objects.bulk_create(
        [
            UnsubscribeLink(
                user_id=n.recipient_id, kind=n.kind, token_hash=hash_token(tokens[n.pk])
            )
            for n in notices
        ]
    )
    return tokens


def _wanted(notices: list[Notice]):
    """Whether each notice is still to be emailed: its person active, the notice not read in
    the app yet, and emailed at once in their choices (a digest always: it was made for the
    person's own choice of digests), their choices read in one query."""
    chosen = {
        (user_id, kind): frequency
        for user_id, kind, frequency in Preference.objects.filter(
            user__in={n.recipient_id for n in notices}, kind__in={n.kind for n in notices}
        ).values_list("user_id", "kind", "frequency")
    }

    def wanted(notice: Notice) -> bool:
        if not notice.recipient.is_active or notice.read_at:
            return False
        if notice.kind == Kind.DIGEST:
            return True
        key = (notice.recipient_id, notice.kind)
        return chosen.get(key, DEFAULT_FREQUENCY[notice.kind]) == Frequency.AT_ONCE

    return wanted


def _failed_try(delivery: Delivery, attempts: int, error: Exception):
    """Record a failed try: failed for good when it can never pass or was the last, else
    pending again after a growing wait. Returns when it is tried next."""
    now = timezone.now()
    reason = never_sendable(error)
    if reason is None and attempts < Delivery.MAX_ATTEMPTS:
        retry_at = now + timedelta(minutes=2**attempts)
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.PENDING,
            attempts=attempts,
            next_attempt_at=retry_at,
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        logger.warning(
            "Email of notice %s failed (try %s): %s", delivery.notice.code, attempts, error
        )
        return retry_at
    _failed(delivery, attempts, now, reason or f"{type(error).__name__}: {error}")
    return now


def _failed(delivery: Delivery, attempts: int, now, reason: str) -> str:
    """Leave the email failed for good, saying why (the staff read it in the admin)."""
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.FAILED, attempts=attempts, next_attempt_at=now, last_error=reason
    )
    logger.warning("Email of notice %s left failed: %s", delivery.notice.code, reason)
    return "failed"


def _release(deliveries: list[Delivery], when) -> None:
    """Claimed emails not tried: waiting again from `when`, no try counted."""
    if deliveries:
        Delivery.objects.filter(
            pk__in=[d.pk for d in deliveries], status=Delivery.Status.SENDING
        ).update(status=Delivery.Status.PENDING, claimed_at=None, next_attempt_at=when)


def _server_failed(error: Exception) -> bool:
    """Whether the error is the mail server's rather than one email's: unreachable, silent
    (EMAIL_TIMEOUT), the connection lost, the sender or the sign-in refused. Every email
    after it would fail alike; a refused recipient or message, a bad header or address, not."""
    if isinstance(error, smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError):
        return False
    return isinstance(error, OSError)  # smtplib's errors and the socket's, timeouts included


def _close(connection) -> None:
    """Close the connection to the mail server, whatever state it is in (a server that went
    silent fails the goodbye too)."""
    try:
        connection.close()
    except Exception as error:
        logger.info("Connection to the mail server closed uncleanly: %s", error)
        if hasattr(connection, "connection"):
            connection.connection = None


def unusable_address(address: str) -> str | None:
    """Why an email cannot go to this address, or None when it can."""
    if not address:
        return "Cannot be sent: the person has no email address."
    try:
        validate_email(address)
    except ValidationError:
        return f"Cannot be sent: “{address}” is not an email address."[:2000]
    return None


def never_sendable(error: Exception) -> str | None:
    """Why an email can never be sent, when its error says so (every retry would fail the
    same way): a header with a line break, an address that is not one, or an SMTP server's
    permanent (5xx) refusal of the recipient or of the message. None for a failure that may
    pass: the server unreachable, a refusal for now (4xx), or a refusal of the sender or of
    the sign-in, which is the settings' to fix and would refuse every email alike."""
    if isinstance(error, BadHeaderError):
        return f"Cannot be sent: a header has a line break ({error})."[:2000]
    if isinstance(error, ValueError) and str(error).startswith("Invalid address"):
        return f"Cannot be sent: the address is not one ({error})."[:2000]
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        refusals = list(error.recipients.values())
        if refusals and all(code >= 500 for code, _ in refusals):
            said = "; ".join(f"{code} {_text(message)}" for code, message in refusals)
            return f"The mail server refused the address for good: {said}"[:2000]
    if isinstance(error, smtplib.SMTPDataError) and error.smtp_code >= 500:
        said = f"{error.smtp_code} {_text(error.smtp_error)}"
        return f"The mail server refused the message for good: {said}"[:2000]
    return None


def _text(message) -> str:
    return message.decode(errors="replace") if isinstance(message, bytes) else str(message)


def deliveries_revive(now=None) -> int:
    """Emails whose sender died while sending wait again (at worst sent twice, which SMTP
    cannot rule out)."""
    now = now or timezone.now()
    return Delivery.objects.filter(
        status=Delivery.Status.SENDING, claimed_at__lt=now - SENDING_STALE
    ).update(status=Delivery.Status.PENDING, next_attempt_at=now)


def deliveries_due(now=None) -> bool:
    now = now or timezone.now()
    return Delivery.objects.filter(
        status=Delivery.Status.PENDING, next_attempt_at__lte=now
    ).exists()


def deliveries_sweep() -> dict:
    """The minute's sweep in this process: dead claims revived, then one sender's worth
    sent here (the workers' sweep, notifications.tasks.deliveries_sweep, starts senders on
    the mail queue instead)."""
    revived = deliveries_revive()
    return {"revived": revived, **deliveries_send()}


# ---------------------------------------------------------------- digests

DIGEST_LOOKBACK = timedelta(days=8)


def digests_make(now=None) -> int:
    """Each morning: one digest per person who chose digests for some kinds and has notices
    of those kinds not yet read or emailed: the daily kinds every day, the weekly ones too on
    Mondays, all in one email (never more than one digest a day). Each is a notice of its
    own (unique per person and day, so made once), emailed through the outbox, listing its
    items. Queries do not grow with the people or notices. Returns how many it made."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    waiting = list(
        Notice.objects.filter(
            digest=None, read_at=None, created_at__gte=now - DIGEST_LOOKBACK, created_at__lt=now
        )
        .exclude(kind=Kind.DIGEST)
        .exclude(delivery__isnull=False)  # emailed at once (or on its way)
        .select_related("recipient")
    )
    people = {n.recipient_id: n.recipient for n in waiting if n.recipient.is_active}
    chosen = {
        (user_id, kind): frequency
        for user_id, kind, frequency in Preference.objects.filter(user__in=people).values_list(
            "user_id", "kind", "frequency"
        )
    }
    due = {Frequency.DAILY} | ({Frequency.WEEKLY} if today.weekday() == 0 else set())
    items = defaultdict(list)
    for n in waiting:
        if n.recipient_id not in people:
            continue
        frequency = chosen.get((n.recipient_id, n.kind), DEFAULT_FREQUENCY[n.kind])
        if frequency in due:
            items[n.recipient_id].append(n)
    if not items:
        return 0
    key = f"digest:{today}"
    Notice.objects.bulk_create(
        [
            Notice(
                recipient=people[pk],
                kind=Kind.DIGEST,
                key=key,
                title=f"Your Waypoint digest: {len(found)} "
                f"notification{'s' if len(found) != 1 else ''}",
                url=reverse("notifications:list"),
            )
            for pk, found in items.items()
        ],
        ignore_conflicts=True,  # made today already: left as it is
    )
    digests = {
        d.recipient_id: d
        for d in Notice.objects.filter(kind=Kind.DIGEST, key=key, recipient__in=items)
        .exclude(delivery__isnull=False)
        .filter(items=None)
    }
    listed = []
    for pk, digest in digests.items():
        for n in items[pk]:
            n.digest = digest
            listed.append(n)
    Notice.objects.bulk_update(listed, ["digest"], batch_size=500)
    Delivery.objects.bulk_create(
        [Delivery(notice=d, next_attempt_at=timezone.now()) for d in digests.values()],
        ignore_conflicts=True,
    )
    return len(digests)
