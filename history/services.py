"""Writes of the history: one change recorded by the write it records, in its transaction."""

from django.db import models

from accounts.models import User
from districts.versioning import versioned_save
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


def tracked_save(model: type[models.Model], *, acting_user: User, **save) -> models.Model:
    """Save a row that two people may edit and keep the change (change_record), in the
    caller's transaction; `save` is what districts.versioning.versioned_save takes (key,
    expected_version, values, defaults): a save made against an older version raises
    StaleSave, expected_version 0 makes the row. Returns the saved row."""
    saved, before = versioned_save(model, snapshot=snapshot, **save)
    change_record(item=saved, before=before, acting_user=acting_user)
    return saved


def tracked_update(
    row: models.Model, *, expected_version: int, values: dict, acting_user: User
) -> models.Model:
    """tracked_save() of a row already read: the same row by its pk, saved again."""
    return tracked_save(
        type(row),
        key={"pk": row.pk},
        expected_version=expected_version,
        values=values,
        acting_user=acting_user,
    )


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
