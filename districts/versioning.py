"""Optimistic concurrency for rows people edit together (ratings, plan cells, steps).

Each such row has a `version`. A save names the version the person last saw; it is written
only if that is still the stored version, otherwise StaleSave is raised and nothing changes.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models import F
from django.utils import timezone


@dataclass
class StaleSave(Exception):
    """A save was made against an older version than the one stored: nothing was written."""

    current: models.Model


def versioned_save(
    model: type[models.Model],
    *,
    key: dict,
    expected_version: int,
    values: dict,
    defaults: dict | None = None,
    snapshot: Callable[[models.Model], dict] | None = None,
) -> tuple[models.Model, dict | None]:
    """Compare-and-set. expected_version 0 means "none stored yet": the row is created, or
    StaleSave if someone created it first. Returns the row and what it was before: None when
    it was created, else `snapshot(row)` of the row as locked (for its history; {} without
    a snapshot). Values of many-to-many fields (a step's schools) are set after the row.
    Call inside a transaction."""
    related = {
        name: values[name]
        for name in list(values)
        if getattr(model._meta.get_field(name), "many_to_many", False)
    }
    values = {name: value for name, value in values.items() if name not in related}
    if expected_version == 0:
        row, created = model.objects.get_or_create(**key, defaults={**(defaults or {}), **values})
        if created:
            _set_related(row, related)
            return row, None
        raise StaleSave(current=row)
    row = model.objects.select_for_update().filter(**key).first()
    if row is None or row.version != expected_version:
        raise StaleSave(current=row or model(**key, version=0))
    before = snapshot(row) if snapshot else {}
    extra = {"updated_at": timezone.now()} if hasattr(row, "updated_at") else {}
    model.objects.filter(pk=row.pk, version=expected_version).update(
        **values, **extra, version=F("version") + 1
    )
    row.refresh_from_db()
    _set_related(row, related)
    return row, before


def _set_related(row: models.Model, related: dict) -> None:
    for name, rows in related.items():
        getattr(row, name).set(rows)
