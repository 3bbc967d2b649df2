"""The kinds of item whose changes are kept, each declared by the app that owns the item
(the `KINDS` of its `tracked.py`, read when the apps are ready: `discover`): the item's
model, its name for people, the fields a change shows and which of them are evidence text. A
change has no audience of its own: it is read by whoever reads its item
(history.models.ChangeQuerySet).

This app stands below the features (as evidence does): the features tell it what they own
and call history.services.change_record from their writes; it never imports them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from districts.contributions import declared_in
from districts.models import DistrictOwned


@dataclass(frozen=True)
class Kind:
    key: str  # kept in Change.kind, and the page's and the API's filter: "step"
    model: type[DistrictOwned]
    label: str  # "Action step"
    # The item in a few words, as it is when it changes (kept with the change).
    title: Callable[[DistrictOwned], str]
    # The fields a change keeps and shows, in order (their names on the model).
    fields: tuple[str, ...]
    # Those that are evidence text: only for who reads it (never a cohort's facilitators,
    # districts.access.Rule.reads_evidence).
    evidence: frozenset[str] = frozenset()

    def labels(self) -> dict[str, str]:
        meta = self.model._meta
        return {name: str(meta.get_field(name).verbose_name).capitalize() for name in self.fields}


KINDS: dict[str, Kind] = {}


def discover() -> None:
    """Reads every app's `tracked.py` (from this app's AppConfig.ready)."""
    for module in declared_in("tracked"):
        KINDS.update((kind.key, kind) for kind in module.KINDS)


def kind_of(item) -> Kind:
    kind = next((k for k in KINDS.values() if k.model is type(item)), None)
    if kind is None:
        raise LookupError(f"{type(item).__name__} is no registered kind of history.")
    return kind


def _shown(value) -> str:
    """A value as a change keeps it: text a person reads (a level by its name, a person by
    theirs, a date as YYYY-MM-DD)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def snapshot(item) -> dict[str, str]:
    """The item's values of its kind's fields, as a change keeps them."""
    values = {}
    for name in kind_of(item).fields:
        field = item._meta.get_field(name)
        if field.many_to_many:  # the rows it names, by name (a step's schools)
            values[name] = ", ".join(sorted(str(row) for row in getattr(item, name).all()))
        elif field.choices:  # a choice by its label (none: empty)
            values[name] = _shown(getattr(item, f"get_{name}_display")())
        else:
            values[name] = _shown(getattr(item, name))
    return values
