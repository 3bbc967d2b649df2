"""A key for each dimension that stays the same across versions of its framework: its place
in the framework ("2.3"), as framework_load gives it."""

from django.db import migrations, models


def fill(apps, schema_editor):
    dimension = apps.get_model("rubrics", "Dimension")
    rows = list(dimension._base_manager.select_related("domain"))
    for row in rows:
        row.key = f"{row.domain.position}.{row.position}"
    dimension._base_manager.bulk_update(rows, ["key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("rubrics", "0004_codes")]

    operations = [
        migrations.AddField(
            model_name="dimension",
            name="key",
            field=models.CharField(db_index=True, default="", max_length=40),
            preserve_default=False,
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
