"""The changes kept before this app, in one table each (planning.PlanCellChange,
rubrics.ConsensusChange, measures.DataPointChange), copied into history.Change as they were:
who, when, before and after, with the item's kind, id and title.

This release removes those three models from the code but leaves their tables (their
foreign keys no longer checked) for the previous release, which still writes them while a
deploy rolls (docs/operations.md, "Migrations that keep the previous release working"). The
next release copies the rows written there since this migration (those newer than the last
copied here, by id) and drops the three tables."""

from django.db import migrations

BATCH = 2000


def _copy(Change, rows, kind, item_of, title_of) -> None:
    batch = []
    for row in rows.order_by("pk").iterator(chunk_size=BATCH):
        item = item_of(row)
        batch.append(
            Change(
                district_id=row.district_id,
                kind=kind,
                item_id=item.pk,
                item_code=item.code,
                title=" ".join(title_of(item).split())[:300],
                changed_by_id=row.changed_by_id,
                changed_at=row.changed_at,
                before=row.before,
                after=row.after,
            )
        )
        if len(batch) == BATCH:
            Change.objects.bulk_create(batch)
            batch = []
    Change.objects.bulk_create(batch)


def forwards(apps, schema_editor) -> None:
    Change = apps.get_model("history", "Change")
    PlanCellChange = apps.get_model("planning", "PlanCellChange")
    strands = dict(apps.get_model("planning", "PlanCell")._meta.get_field("strand").choices)
    _copy(
        Change,
        PlanCellChange.objects.select_related("cell"),
        "milestone",
        lambda row: row.cell,
        lambda cell: f"{strands.get(cell.strand, cell.strand)}, June {cell.year}",
    )
    ConsensusChange = apps.get_model("rubrics", "ConsensusChange")
    _copy(
        Change,
        ConsensusChange.objects.select_related("consensus__dimension", "consensus__round"),
        "team-rating",
        lambda row: row.consensus,
        lambda c: f"{c.dimension.name}: the team’s rating, {c.round.title}",
    )
    DataPointChange = apps.get_model("measures", "DataPointChange")
    _copy(
        Change,
        DataPointChange.objects.select_related("point__measure"),
        "point",
        lambda row: row.point,
        lambda point: f"{point.measure.name}, as of {point.as_of:%B %-d, %Y}",
    )


def backwards(apps, schema_editor) -> None:
    """The three tables still hold every row copied: undoing removes the copies."""
    Change = apps.get_model("history", "Change")
    Change.objects.filter(kind__in=["milestone", "team-rating", "point"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("history", "0001_initial"),
        ("planning", "0006_queue_indexes"),
        ("rubrics", "0009_queue_indexes"),
        ("measures", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
