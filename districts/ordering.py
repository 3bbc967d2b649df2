"""Moving an item up or down among its ordered siblings (steps, competencies, indicators)."""

from django.db import transaction
from django.db.models import F, QuerySet


@transaction.atomic
def move(siblings: QuerySet, item, direction: str) -> None:
    """Swap `item` with its neighbour above ("up") or below ("down") and renumber the
    siblings 1..n. Rows with a `version` get it bumped, so a stale edit notices the move."""
    rows = list(siblings.select_for_update().order_by("position", "pk"))
    index = next(i for i, row in enumerate(rows) if row.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(rows):
        return
    rows[index], rows[other] = rows[other], rows[index]
    model = siblings.model
    versioned = any(f.name == "version" for f in model._meta.fields)
    for position, row in enumerate(rows, start=1):
        if row.position != position:
            extra = {"version": F("version") + 1} if versioned else {}
            model.objects.filter(pk=row.pk).update(position=position, **extra)
