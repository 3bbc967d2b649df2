"""Where the workers keep what they make: STORAGES["reports"] (reports.models.report_storage),
the media folder by default, the evidence bucket under reports/ when one is configured
(config/settings/base.py). Every worker and web process reads what any other wrote there,
so none needs a disk of its own that the others can see:

    reports/<job code>.pdf, .zip         a finished document (ReportJob.file)
    reports/parts/<ab>/<key>.pdf         a laid-out part (a district's section, a front)
    reports/numbers/<ab>/<key>.pdf       a page-number stamp

WeasyPrint and pikepdf work on bytes in the worker's memory; nothing is read from a path.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.utils import timezone

from districts.stored import is_missing, on_local_disk, out_of_room, store_failed, stored_names
from reports.models import report_storage

NO_ROOM = (
    "The server has no room to keep this document now, so nothing was kept. Try again "
    "later; if it keeps happening, tell the Waypoint staff."
)
STORE_FAILED = (
    "The file store did not answer, so the document was not kept. Try again in a few "
    "minutes; if it keeps happening, tell the Waypoint staff."
)
# A part read is marked used (so that the sweep keeps it) at most this often: in a bucket,
# marking is writing it again.
MARK_USED_EVERY = timedelta(days=1)


class StoreFailed(Exception):
    """The storage could not keep or give back a part or a document (a full disk, a bucket
    failing); the message says so to the person who asked."""


@contextmanager
def storing() -> Iterator[None]:
    """Storage errors within become StoreFailed, with the message for the job's page."""
    try:
        yield
    except StoreFailed:
        raise
    except Exception as error:
        if out_of_room(error):
            raise StoreFailed(NO_ROOM) from error
        if store_failed(error):
            raise StoreFailed(STORE_FAILED) from error
        raise


class SectionStore:
    """PDFs of parts, by key, under reports/<folder>/ in the storage (STORAGES["reports"]
    unless given one). Writes are whole (two workers may make the same part: the media
    folder renames a finished file into place, a bucket replaces an object whole); reading
    one marks it used, and `prune` removes those unused for REPORT_PART_KEEP_DAYS. Storage
    errors raise StoreFailed."""

    def __init__(self, folder: str = "parts", *, storage: Storage | None = None):
        self.folder = f"reports/{folder}"
        self._storage = storage

    @property
    def storage(self) -> Storage:
        return self._storage or report_storage()

    def name(self, key: str) -> str:
        return f"{self.folder}/{key[:2]}/{key}.pdf"

    def has(self, key: str) -> bool:
        with storing():
            return self.storage.exists(self.name(key))

    def get(self, key: str) -> bytes | None:
        name = self.name(key)
        with storing():
            try:
                with self.storage.open(name, "rb") as stored:
                    data = stored.read()
                    # A bucket's file (django-storages' S3File) read its object's head when
                    # opened: its time, without asking the bucket again.
                    modified = getattr(getattr(stored, "obj", None), "last_modified", None)
            except Exception as error:
                if is_missing(error):
                    return None
                raise
            self._mark_used(name, data, modified)
        return data

    def _mark_used(self, name: str, data: bytes, modified) -> None:
        storage = self.storage
        if on_local_disk(storage):
            with suppress(FileNotFoundError):
                os.utime(storage.path(name))
            return
        modified = modified or storage.get_modified_time(name)
        if timezone.now() - modified > MARK_USED_EVERY:
            storage.save(name, ContentFile(data))

    def put(self, key: str, data: bytes) -> None:
        with storing():
            self.storage.save(self.name(key), ContentFile(data))

    def prune(self, *, older_than: timedelta | None = None) -> int:
        """Remove parts unused for `older_than` (default REPORT_PART_KEEP_DAYS); returns how
        many."""
        if older_than is None:
            older_than = timedelta(days=settings.REPORT_PART_KEEP_DAYS)
        cutoff = timezone.now() - older_than
        storage, removed = self.storage, 0
        for name in list(stored_names(storage, self.folder)):
            try:
                if storage.get_modified_time(name) < cutoff:
                    storage.delete(name)
                    removed += 1
            except FileNotFoundError:
                pass
        return removed
