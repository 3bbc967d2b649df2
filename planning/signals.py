from django.db.models.signals import post_save
from django.dispatch import receiver

from districts.models import District


@receiver(post_save, sender=District)
def start_policy_checklist(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from planning.services import policy_checklist_start

        policy_checklist_start(district=instance)
