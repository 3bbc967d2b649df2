"""DataPointChange leaves the code: its rows were copied into history.Change (history's 0002).
Its table stays for the previous release, which still writes it while a deploy rolls, with
its foreign keys no longer checked (so that deleting a data point or a district no longer known to
hold its rows is not refused); the next release copies what was written there since and
drops it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def unchecked(to, **options):
    return models.ForeignKey(db_constraint=False, to=to, **options)


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0001_initial"),
        ("history", "0002_changes_of_the_three_tables"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="datapointchange",
            name="point",
            field=unchecked(
                "measures.datapoint",
                on_delete=django.db.models.deletion.CASCADE,
                related_name="changes",
            ),
        ),
        migrations.AlterField(
            model_name="datapointchange",
            name="district",
            field=unchecked("districts.district", on_delete=django.db.models.deletion.CASCADE),
        ),
        migrations.AlterField(
            model_name="datapointchange",
            name="changed_by",
            field=unchecked(
                settings.AUTH_USER_MODEL,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="DataPointChange")],
        ),
    ]
