from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from config.compiled import CompiledQuery
from districts.access import Relation, own_relations, related_district_ids
from notifications.models import (
    CHOSEN_KINDS,
    DEFAULT_FREQUENCY,
    KIND_AUDIENCE,
    Kind,
    Notice,
    Preference,
)


def notices_for(user) -> QuerySet[Notice]:
    """The person's notices, newest first; a notice of a district is shown only while they
    still have a relation to it (a member, its coach, its cohort's facilitator, or staff) and
    it is not in the trash (trash.services: nobody opens it)."""
    notices = (
        Notice.objects.filter(recipient=user, district__trashed_at=None)
        .exclude(kind=Kind.DIGEST)  # a digest is an email of notices listed here already
        .select_related("district")
    )
    if user.is_staff:
        return notices
    return notices.filter(Q(district=None) | Q(district__in=related_district_ids(user)))


def _unread_of(user_id: int, *, staff: bool) -> QuerySet[Notice]:
    return notices_for(get_user_model()(pk=user_id, is_staff=staff)).filter(read_at=None)


# The header's count on every first view: compiled once per process (config.compiled).
_UNREAD = {
    staff: CompiledQuery(lambda user_id, staff=staff: _unread_of(user_id, staff=staff))
    for staff in (False, True)
}


def unread_notice_count(user) -> int:
    """How many of the person's notices (notices_for) are unread, in one query."""
    return _UNREAD[bool(user.is_staff)].count(user_id=user.pk)


def kinds_for(user) -> list[Kind]:
    """The kinds of notice that can reach the person, by their relations to districts (their
    own: a member, a coach, a facilitator) and their being staff, in Kind's order (1 query)."""
    relations = {access.relation for access in own_relations(user).values()}
    if user.is_staff:
        relations.add(Relation.STAFF)
    return [kind for kind in CHOSEN_KINDS if KIND_AUDIENCE[kind] & relations]


def email_choices(user) -> dict[str, str]:
    """The person's choice for each kind of notice they choose for, the default where they
    made none."""
    mine = dict(Preference.objects.filter(user=user).values_list("kind", "frequency"))
    return {kind.value: mine.get(kind.value, DEFAULT_FREQUENCY[kind]) for kind in CHOSEN_KINDS}


def outbox_state() -> dict:
    """The outbox's backlog for operators (/metrics): emails not sent by status, those being
    tried again after a failure, and how long the oldest due one has waited. No person's
    data."""
    from django.db.models import Count, Min
    from django.utils import timezone

    from notifications.models import Delivery

    unsent = Delivery.objects.exclude(status=Delivery.Status.SENT)
    counts = dict.fromkeys(("pending", "sending", "failed"), 0)
    counts.update(unsent.values_list("status").annotate(n=Count("pk")).order_by())
    now = timezone.now()
    pending = unsent.filter(status=Delivery.Status.PENDING)
    due = pending.filter(next_attempt_at__lte=now).aggregate(oldest=Min("next_attempt_at"))
    return {
        "counts": counts,
        "retrying": pending.filter(attempts__gt=0).count(),
        "oldest_due_seconds": (
            round((now - due["oldest"]).total_seconds()) if due["oldest"] else None
        ),
    }
