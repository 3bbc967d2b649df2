"""Adding and removing an item's files and links. The views and the API check who may
(selectors.access_item, or a meeting's rules for its notes); these check what: the kind of
file, its size, the owner's quota (the district's, or the cohort's for its own items)."""

import logging

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from accounts.models import User
from districts.models import Cohort, District, DistrictOwned
from districts.stored import out_of_room, store_failed, stored_names
from evidence.models import Attachment
from evidence.uploads import check_content, check_room, quota_bytes, safe_name

MAX_FILES_AT_ONCE = 10

logger = logging.getLogger("waypoint.evidence")


def owner_of(item) -> District | Cohort:
    """Whose an item's files are: a district's item's, its district's; a cohort's own item
    (a meeting's note, which names its cohort), the cohort's."""
    return item.district if isinstance(item, DistrictOwned) else item.cohort


def owner_word(owner: District | Cohort) -> str:
    return "cohort" if isinstance(owner, Cohort) else "district"


def _owned_by(owner: District | Cohort) -> dict:
    return {"cohort": owner} if isinstance(owner, Cohort) else {"district": owner}


def bytes_used(owner: District | Cohort) -> int:
    """The size of a district's (or a cohort's) kept files; removed ones no longer count."""
    used = Attachment.objects.filter(
        **_owned_by(owner), type=Attachment.Type.FILE, removed_at__isnull=True
    ).aggregate(total=Sum("size"))["total"]
    return used or 0


def attachment_add_files(*, item, files: list, acting_user: User) -> list:
    """Keep each file on the item, all or none: every file is checked first (its kind, size
    and content, then the owner's quota with the others counted) and nothing is stored if
    one is refused. Each file goes to the storage in chunks, never whole in memory."""
    if not files:
        raise ValidationError("Choose one or more files to add.")
    if len(files) > MAX_FILES_AT_ONCE:
        raise ValidationError(f"Add at most {MAX_FILES_AT_ONCE} files at a time.")
    owner = owner_of(item)
    # What each file holds is read before the owner is locked: the largest take a second or
    # two, and need no lock.
    checked = []
    for upload in files:
        name = safe_name(upload.name)
        checked.append((upload, name, check_content(upload, name=name)))
    with transaction.atomic():
        # One owner's uploads at a time, so that two cannot both fit the last room.
        type(owner).objects.select_for_update().filter(pk=owner.pk).first()
        room = quota_bytes() - bytes_used(owner)
        for upload, name, _ in checked:
            check_room(upload, name=name, room=room, owner=owner_word(owner))
            room -= upload.size
        kept, stored = [], []
        try:
            for upload, name, family in checked:
                attachment = Attachment(
                    **_owned_by(owner),
                    item_type=ContentType.objects.get_for_model(item),
                    item_id=item.pk,
                    type=Attachment.Type.FILE,
                    name=name,
                    media_type=family.media_type,
                    size=upload.size,
                    added_by=acting_user,
                )
                # Its name in the storage first (a new random one), so that a file half
                # written when the disk filled up is removed with the others.
                field = attachment.file.field
                stored.append(field.generate_filename(attachment, name))
                attachment.file.name = field.storage.save(
                    stored[-1], upload, max_length=field.max_length
                )
                attachment.save()
                kept.append(attachment)
        except Exception as error:
            _remove_stored(stored)  # the rows roll back; their files must go too
            if failure := _storage_failure(error):
                logger.error("Evidence not stored (%s): %r", failure.code, error)
                raise failure from error
            raise
    return kept


NO_ROOM = (
    "The server has no room for this file now, so nothing was saved. Try again later; if it "
    "keeps happening, tell the Waypoint staff."
)
STORE_FAILED = (
    "The file store did not answer, so nothing was saved. Try again in a few minutes; if it "
    "keeps happening, tell the Waypoint staff."
)


class StorageFailed(ValidationError):
    """The storage could not keep a file (a full disk, a bucket failing): nothing was kept.
    A ValidationError, so that the pages and the API say it as they say a refused file."""


def _storage_failure(error: Exception) -> StorageFailed | None:
    if out_of_room(error):
        return StorageFailed(NO_ROOM, code="no_room")
    if store_failed(error):
        return StorageFailed(STORE_FAILED, code="store_failed")
    return None


def _remove_stored(names: list[str]) -> None:
    storage = Attachment.file.field.storage
    for name in names:
        try:
            storage.delete(name)
        except Exception:  # the nightly sweep (orphans_sweep) removes what this could not
            logger.exception("A file of a failed upload could not be removed: %s", name)


def attachment_add_link(*, item, title: str, url: str, acting_user: User) -> Attachment:
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
        **_owned_by(owner_of(item)),
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


def attachments_of_deleted_item(item) -> None:
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
    for name in stored_names(storage, "evidence"):
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
