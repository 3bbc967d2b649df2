from django.db import migrations

from planning.policies import STANDARD_POLICIES


def start_checklists(apps, schema_editor):
    District = apps.get_model("districts", "District")
    PolicyReview = apps.get_model("planning", "PolicyReview")
    for district in District.objects.all():
        for position, (area, codes) in enumerate(STANDARD_POLICIES, start=1):
            PolicyReview.objects.get_or_create(
                district=district,
                area=area,
                defaults={"policy_codes": codes, "position": position, "is_standard": True},
            )


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_initial"), ("districts", "0001_initial")]

    operations = [migrations.RunPython(start_checklists, migrations.RunPython.noop)]
