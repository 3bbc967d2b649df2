"""Tokens end: an expiry chosen when made (existing tokens, which never expired, get 90 days
from this migration, so that no program stops at once), and why one ended early (a token
revoked before this migration was revoked by its owner)."""

from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone


def fill(apps, schema_editor):
    token = apps.get_model("api", "ApiToken")
    token._base_manager.filter(expires_at__isnull=True).update(
        expires_at=timezone.now() + timedelta(days=90)
    )
    token._base_manager.filter(revoked_at__isnull=False).update(revoked_reason="revoked")


class Migration(migrations.Migration):
    dependencies = [("api", "0002_codes")]

    operations = [
        migrations.AddField(
            model_name="apitoken", name="expires_at", field=models.DateTimeField(null=True)
        ),
        migrations.AddField(
            model_name="apitoken",
            name="revoked_reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("revoked", "revoked by its owner"),
                    ("password", "the password changed or was reset"),
                    ("two_step_off", "two-step sign-in was turned off"),
                    ("deactivated", "the account was deactivated"),
                ],
                max_length=12,
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken", name="expires_at", field=models.DateTimeField()
        ),
    ]
