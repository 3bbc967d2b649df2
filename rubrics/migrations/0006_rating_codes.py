"""Opaque codes for ratings and team ratings (evidence is attached to them by code): added
empty, filled with a fresh UUID per row, then made unique and required."""

import uuid

from django.db import migrations, models


def fill(apps, schema_editor):
    for name in ("rating", "consensusrating"):
        model = apps.get_model("rubrics", name)
        rows = list(model._base_manager.filter(code__isnull=True).only("pk"))
        for row in rows:
            row.code = uuid.uuid4()
        model._base_manager.bulk_update(rows, ["code"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("rubrics", "0005_dimension_key")]

    operations = [
        migrations.AddField(
            model_name="rating", name="code", field=models.UUIDField(null=True, editable=False)
        ),
        migrations.AddField(
            model_name="consensusrating",
            name="code",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="rating",
            name="code",
            field=models.UUIDField(default=uuid.uuid4, unique=True, editable=False),
        ),
        migrations.AlterField(
            model_name="consensusrating",
            name="code",
            field=models.UUIDField(default=uuid.uuid4, unique=True, editable=False),
        ),
    ]
