"""Reads of the history, as the access layer lets the reader read it."""

from dataclasses import dataclass

from django.db.models import QuerySet

from districts.access import DistrictAccess
from history.kinds import KINDS
from history.models import Change


def changes_readable(access: DistrictAccess, *, kind: str = "") -> QuerySet[Change]:
    """The district's changes whose items the reader may read (history.models), newest first,
    with who made them; of one kind when `kind` names one."""
    changes = Change.objects.readable_in(access).select_related("changed_by")
    return changes.filter(kind=kind) if kind else changes


def changes_of(access: DistrictAccess, model, items) -> QuerySet[Change]:
    """The changes of some items of one model (a queryset of them, or their ids), newest
    first, as the reader may read them: what an item's own history shows."""
    [kind] = [k.key for k in KINDS.values() if k.model is model]
    if isinstance(items, QuerySet):
        items = items.values("pk")
    return changes_readable(access, kind=kind).filter(item_id__in=items)


@dataclass(frozen=True)
class Line:
    label: str
    before: str
    after: str


def lines_of(change: Change, *, reads_evidence: bool) -> list[Line]:
    """What a change changed, field by field (those that differ: all that held something, for
    an item just made or removed), in its kind's order; evidence text only for who reads it."""
    kind = KINDS.get(change.kind)
    if kind is None:
        return []
    lines = []
    for name, label in kind.labels().items():
        if name in kind.evidence and not reads_evidence:
            continue
        before, after = change.before.get(name, ""), change.after.get(name, "")
        if before != after:
            lines.append(Line(label, before, after))
    return lines
