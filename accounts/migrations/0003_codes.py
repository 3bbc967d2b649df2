"""Opaque codes for rows a person can name (URLs, API fields, form values): added empty,
filled with a fresh UUID per row, then made unique and required."""

import uuid

from django.db import migrations, models


def fill(apps, schema_editor):
    for name in ("user",):
        model = apps.get_model("accounts", name)
        rows = list(model._base_manager.filter(code__isnull=True).only("pk"))
        for row in rows:
            row.code = uuid.uuid4()
        model._base_manager.bulk_update(rows, ["code"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]

    operations = [
        migrations.AddField(
            model_name="user", name="code", field=models.UUIDField(null=True, editable=False)
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="code",
            field=models.UUIDField(default=uuid.uuid4, unique=True, editable=False),
        ),
    ]
