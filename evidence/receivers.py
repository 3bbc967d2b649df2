"""Deleting an item deletes its attachments; deleting an attachment row deletes its file."""

from django.db.models.signals import post_delete

from evidence import services
from evidence.models import Attachment


def _item_deleted(sender, instance, **kwargs):
    services.attachments_of_deleted_item(instance)


def _attachment_deleted(sender, instance, **kwargs):
    if instance.file:
        services.delete_stored_file(instance.file.name)


def connect_item(model) -> None:
    post_delete.connect(_item_deleted, sender=model, dispatch_uid=f"evidence-{model._meta.label}")


post_delete.connect(_attachment_deleted, sender=Attachment, dispatch_uid="evidence-file")
