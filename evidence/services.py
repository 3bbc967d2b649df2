"""Adding and removing a district item's files and links. The views and the API check who
may (selectors.access_item); these check what: the kind of file, its size, the quota."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from accounts.models import User
from districts.models import District, DistrictOwned
from evidence.models import Attachment
from evidence.uploads import check_file, quota_bytes, safe_name

MAX_FILES_AT_ONCE = 10


def district_bytes_used(district: District) -> int:
    """The size of the district's kept files (removed ones no longer count)."""
    used = Attachment.objects.filter(
        district=district, type=Attachment.Type.FILE, removed_at__isnull=True
    ).aggregate(total=Sum("size"))["total"]
    return used or 0


def attachment_add_files(*, item: DistrictOwned, files: list, acting_user: User) -> list:
    """Keep each file on the item, all or none: every file is checked first (type, size,
    the district's quota with the others counted) and nothing is stored if one is refused.
    Each file goes to the storage in chunks, never whole in memory."""
    if not files:
        raise ValidationError("Choose one or more files to add.")
    if len(files) > MAX_FILES_AT_ONCE:
        raise ValidationError(f"Add at most {MAX_FILES_AT_ONCE} files at a time.")
    district = item.district
    with transaction.atomic():
        # One district's uploads at a time, so that two cannot both fit the last room.
        District.objects.select_for_update().filter(pk=district.pk).first()
        room = quota_bytes() - district_bytes_used(district)
        checked = []
        for upload in files:
            name = safe_name(upload.name)
            family = check_file(upload, name=name, room=room)
            room -= upload.size
            checked.append((upload, name, family))
        kept, stored = [], []
        try:
            for upload, name, family in checked:
                attachment = Attachment(
                    district=district,
                    item_type=ContentType.objects.get_for_model(item),
                    item_id=item.pk,
                    type=Attachment.Type.FILE,
                    name=name,
                    media_type=family.media_type,
                    size=upload.size,
                    added_by=acting_user,
                )
                attachment.file.save(name, upload, save=False)
                stored.append(attachment.file)
                attachment.save()
                kept.append(attachment)
        except Exception:
            for file in stored:  # the rows roll back; their files must go too
                file.delete(save=False)
            raise
    return kept


def attachment_add_link(
    *, item: DistrictOwned, title: str, url: str, acting_user: User
) -> Attachment:
    """A link to where the evidence lives (a shared drive, a website): http(s) only."""
    title, url = title.strip(), url.strip()
    errors = {}
    if not title:
        errors["title"] = "Give the link a title, so that readers know what it is."
    elif len(title) > 255:
        errors["title"] = "Keep the title to 255 characters."
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        errors["url"] = "Enter a web address starting with https:// (or http://)."
    if len(url) > 2000:
        errors["url"] = "Keep the address to 2,000 characters."
    if errors:
        raise ValidationError(errors)
    return Attachment.objects.create(
        district=item.district,
        item_type=ContentType.objects.get_for_model(item),
        item_id=item.pk,
        type=Attachment.Type.LINK,
        name=title,
        url=url,
        added_by=acting_user,
    )


def attachment_remove(*, attachment: Attachment, acting_user: User) -> None:
    """Remove a file or link: its file is deleted from the storage (after the transaction
    commits), the row stays as the item's history."""
    if attachment.removed:
        return
    file = attachment.file
    Attachment.objects.filter(pk=attachment.pk).update(
        removed_at=timezone.now(), removed_by=acting_user, file=""
    )
    if file:
        transaction.on_commit(lambda: file.storage.delete(file.name))


def delete_stored_file(name: str) -> None:
    """Delete a kept file once the transaction that stopped referencing it commits."""
    storage = Attachment._meta.get_field("file").storage
    transaction.on_commit(lambda: storage.delete(name))


def attachments_of_deleted_item(item: DistrictOwned) -> None:
    """A deleted item takes its attachments (and so their files) with it."""
    Attachment.objects.filter(
        item_type=ContentType.objects.get_for_model(item), item_id=item.pk
    ).delete()


def orphans_sweep(*, older_than_seconds: int = 3600) -> int:
    """Delete stored evidence files that no attachment references (left by a failed upload,
    a crash between a delete and its commit, a restored backup), once they are older than
    an upload can take. Returns how many."""
    storage = Attachment._meta.get_field("file").storage
    referenced = set(Attachment.objects.exclude(file="").values_list("file", flat=True))
    cutoff = timezone.now().timestamp() - older_than_seconds
    removed = 0
    for name in _stored_names(storage, "evidence"):
        if name in referenced:
            continue
        try:
            if storage.get_modified_time(name).timestamp() > cutoff:
                continue
            storage.delete(name)
        except (FileNotFoundError, OSError):
            continue
        removed += 1
    return removed


def _stored_names(storage, folder: str):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _stored_names(storage, f"{folder}/{sub}")
