"""The cohorts' link tables become declared models (districts.models.CohortDistrict,
CohortFacilitator), so that deleting their rows sends signals."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("districts", "0004_kept_versions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # The link tables exist (Django made them for the many-to-many fields): only the state
    # changes, to models declared with the same tables and columns.
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="CohortDistrict",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "cohort",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, to="districts.cohort"
                            ),
                        ),
                        (
                            "district",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, to="districts.district"
                            ),
                        ),
                    ],
                    options={
                        "db_table": "districts_cohort_districts",
                        "unique_together": {("cohort", "district")},
                    },
                ),
                migrations.AlterField(
                    model_name="cohort",
                    name="districts",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="cohorts",
                        through="districts.CohortDistrict",
                        to="districts.district",
                    ),
                ),
                migrations.CreateModel(
                    name="CohortFacilitator",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "cohort",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, to="districts.cohort"
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "districts_cohort_facilitators",
                        "unique_together": {("cohort", "user")},
                    },
                ),
                migrations.AlterField(
                    model_name="cohort",
                    name="facilitators",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="facilitated_cohorts",
                        through="districts.CohortFacilitator",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
    ]
