"""Writes of the history: one change recorded by the write it records, in its transaction."""

from django.db import models

from accounts.models import User
from history.kinds import kind_of, snapshot
from history.models import Change


def change_record(*, item: models.Model, before: dict | None, acting_user: User | None):
    """Keep a change of `item` (just saved) made by `acting_user`: its kind's fields before
    (history.kinds.snapshot of the row as it was, None for an item just made) and now.
    Nothing is kept when nothing the kind shows changed. Called by the service that wrote
    the item, inside its transaction, so the change and the write are kept or lost together."""
    after = snapshot(item)
    if before is not None and before == after:
        return None
    return _record(item, before or {}, after, acting_user)


def removal_record(*, item: models.Model, acting_user: User | None) -> Change:
    """Keep the removal of `item` (about to be deleted, in the same transaction): its fields
    as they were, and nothing after. Its readers still read it when its audience is its
    model's or its district's (history.models); an item whose audience is its own (a team
    rating) is never removed alone."""
    return _record(item, snapshot(item), {}, acting_user)


def _record(item, before: dict, after: dict, acting_user) -> Change:
    kind = kind_of(item)
    return Change.objects.create(
        district_id=item.district_id,
        kind=kind.key,
        item_id=item.pk,
        item_code=item.code,
        title=" ".join(kind.title(item).split())[:300],
        changed_by=acting_user,
        before=before,
        after=after,
    )
