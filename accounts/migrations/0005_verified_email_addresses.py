"""Every account's email, as django-allauth's verified address: it came from an invitation
(its link was emailed to it), from Waypoint's staff or from an identity provider that
verified it (accounts.signals.email_address_kept keeps it so afterwards). Without it,
allauth would wipe the password of anyone who first signs in with their district's account."""

from django.db import migrations


def forwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    for user_id, email in User.objects.values_list("pk", "email").iterator():
        EmailAddress.objects.update_or_create(
            user_id=user_id,
            email=email.lower(),
            defaults={"verified": True, "primary": True},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_security_kinds"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
