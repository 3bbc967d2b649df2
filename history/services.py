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
    kind = kind_of(item)
    return Change.objects.create(
        district_id=item.district_id,
        kind=kind.key,
        item_id=item.pk,
        item_code=item.code,
        title=" ".join(kind.title(item).split())[:300],
        changed_by=acting_user,
        before=before or {},
        after=after,
    )
