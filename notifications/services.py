"""Telling people: a notice per event and person (sent once: the event's key is unique per
person), its email through the outbox when the person wants email at once, and reading."""

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from districts.models import people_generation
from notifications.models import (
    CHOSEN_KINDS,
    DEFAULT_FREQUENCY,
    Delivery,
    Frequency,
    Kind,
    Notice,
    Preference,
)
from notifications.selectors import notices_for

logger = logging.getLogger("waypoint.notifications")

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
SENDING_STALE = timedelta(minutes=10)  # a claim older than this: its worker died


def unread_key(user_id: int, generation: int | None = None) -> str:
    """Keyed by the generation of people and districts too: leaving a district (or losing a
    coach's or a facilitator's relation) hides its notices, so it changes the count."""
    if generation is None:
        generation = people_generation.current()
    return f"notices-unread:{generation}:{user_id}"


def unread_count(user) -> int:
    """The header's count of what the notifications page shows unread, kept in the cache
    until a notice is made or read, or the people generation moves."""
    key = unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = notices_for(user).filter(read_at=None).count()
        cache.set(key, count, 3600)
    return count


def _forget_unread(user_ids) -> None:
    # The generation read once: outside a request (the scheduled passes) each read is a query.
    generation = people_generation.current()
    cache.delete_many([unread_key(pk, generation) for pk in user_ids])


def frequencies(users, kind: str) -> dict[int, str]:
    """Each person's choice for a kind of notice, the default where they made none."""
    chosen = dict(
        Preference.objects.filter(user__in=users, kind=kind).values_list("user_id", "frequency")
    )
    return {user.pk: chosen.get(user.pk, DEFAULT_FREQUENCY[kind]) for user in users}


def email_choices_save(user, choices: dict[str, str]) -> None:
    """Save the person's choices for the kinds given; the others stay as they were."""
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


@dataclass(frozen=True)
class Tell:
    """One event told to one person, for notify_many."""

    recipient: object  # a User
    key: str
    title: str
    url: str
    body: str = ""
    district: object = None  # a District


def notify_many(kind: str, tells: list[Tell]) -> int:
    """Tell of many events of one kind at once, each once per person, in a number of queries
    that does not grow with them (the scheduled reminders over every district): who was told
    already, the people's choices, the new notices and their emails, each one query. The
    emails are the minute's sweep's to send (notify sends an event's at once). Returns how
    many notices it made."""
    tells = [t for t in tells if t.recipient.is_active]
    if not tells:
        return 0
    keys = {t.key for t in tells}
    told = set(Notice.objects.filter(key__in=keys, kind=kind).values_list("recipient_id", "key"))
    fresh = {}
    for t in tells:
        if (t.recipient.pk, t.key) not in told:
            fresh.setdefault((t.recipient.pk, t.key), t)
    if not fresh:
        return 0
    Notice.objects.bulk_create(
        [
            Notice(
                recipient=t.recipient,
                kind=kind,
                key=t.key,
                title=t.title[:200],
                body=t.body,
                url=t.url,
                district=t.district,
            )
            for t in fresh.values()
        ],
        ignore_conflicts=True,  # told meanwhile by a twin of this pass: left as it is
    )
    people = {t.recipient.pk: t.recipient for t in fresh.values()}
    wanted = frequencies(list(people.values()), kind)
    by_key = {
        (n.recipient_id, n.key): n.pk
        for n in Notice.objects.filter(key__in={k for _, k in fresh}, kind=kind).only(
            "pk", "recipient_id", "key"
        )
        if (n.recipient_id, n.key) in fresh
    }
    now = timezone.now()
    Delivery.objects.bulk_create(
        [
            Delivery(notice_id=pk, next_attempt_at=now)
            for (person, _), pk in by_key.items()
            if wanted[person] == Frequency.AT_ONCE
        ],
        ignore_conflicts=True,
    )
    transaction.on_commit(lambda: _forget_unread(people))  # never re-cached before it
    return len(by_key)


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


def unsubscribe_token(user, kind: str) -> str:
    return signing.dumps([user.pk, kind], salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        user_id, kind = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if kind not in Kind.values:
        return None
    return user_id, kind


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


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def email_for(notice: Notice) -> EmailMultiAlternatives:
    """The notice as an email: a plain-text part and an HTML part (its CSS inlined), with a
    one-click unsubscribe for its kind (RFC 8058) that works without signing in."""
    import css_inline

    user = notice.recipient
    zone = ZoneInfo(notice.district.time_zone) if notice.district else None
    unsubscribe = absolute(
        reverse(
            "notifications:unsubscribe",
            kwargs={"unsubscribe_token": unsubscribe_token(user, notice.kind)},
        )
    )
    items = list(notice.items.select_related("district")) if notice.kind == Kind.DIGEST else []
    context = {
        "notice": notice,
        "items": [
            (item, absolute(reverse("notifications:open", kwargs={"code": item.code})))
            for item in items
        ],
        "url": absolute(reverse("notifications:open", kwargs={"code": notice.code})),
        "when": timezone.localtime(notice.created_at, zone),
        "kind_label": Kind(notice.kind).label,
        "unsubscribe_url": unsubscribe,
        "preferences_url": absolute(reverse("notifications:preferences")),
    }
    message = EmailMultiAlternatives(
        subject=notice.title,
        body=render_to_string("notifications/email.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    html = render_to_string("notifications/email.html", context)
    message.attach_alternative(css_inline.inline(html), "text/html")
    return message


def deliver(delivery_id: int) -> str:
    """Send one email of the outbox, if it is still waiting and due: claimed first, so that
    two workers never both send it; a failure waits 2, 4, 8... minutes before the next try."""
    now = timezone.now()
    claimed = Delivery.objects.filter(
        pk=delivery_id, status=Delivery.Status.PENDING, next_attempt_at__lte=now
    ).update(status=Delivery.Status.SENDING, claimed_at=now)
    if not claimed:
        return "nothing to do"
    delivery = Delivery.objects.select_related("notice__recipient", "notice__district").get(
        pk=delivery_id
    )
    notice = delivery.notice
    if notice.kind == Kind.DIGEST:
        wanted = Frequency.AT_ONCE  # made for the person's own choice of digests
    else:
        wanted = frequencies([notice.recipient], notice.kind)[notice.recipient_id]
    if not notice.recipient.is_active or wanted != Frequency.AT_ONCE or notice.read_at:
        delivery.delete()  # turned off, gone, or already read in the app: nothing to send
        return "not wanted"
    try:
        email_for(notice).send()
    except Exception as error:
        attempts = delivery.attempts + 1
        failed = attempts >= Delivery.MAX_ATTEMPTS
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.FAILED if failed else Delivery.Status.PENDING,
            attempts=attempts,
            next_attempt_at=now + timedelta(minutes=2**attempts),
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        logger.warning("Email of notice %s failed (%s attempts): %s", notice.code, attempts, error)
        return "failed"
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENT, attempts=delivery.attempts + 1, sent_at=timezone.now()
    )
    return "sent"


def deliveries_sweep(limit: int = 200) -> dict:
    """Every minute: emails whose worker died while sending wait again (at worst sent twice,
    which SMTP cannot rule out), and those due are sent."""
    now = timezone.now()
    revived = Delivery.objects.filter(
        status=Delivery.Status.SENDING, claimed_at__lt=now - SENDING_STALE
    ).update(status=Delivery.Status.PENDING, next_attempt_at=now)
    due = list(
        Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    outcomes = [deliver(pk) for pk in due]
    return {"revived": revived, "sent": outcomes.count("sent"), "failed": outcomes.count("failed")}


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
