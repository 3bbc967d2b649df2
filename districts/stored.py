"""Files kept in a storage (the media folder or a bucket) and named by a row: where they are
kept (a storage of STORAGES, looked up at each use), how they are written (whole or not at
all), how they are walked and swept, and how they leave (a download, a short-lived signed
link to the bucket, or a page that says the file is missing, never a 500)."""

import errno
import logging
import os
import tempfile
from contextlib import suppress
from pathlib import Path

from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header

logger = logging.getLogger("waypoint.storage")

MISSING = (
    "This file is missing from the server’s store (it may have been lost when the server "
    "was restored). Nothing you did caused this. Tell the Waypoint staff, and give them the "
    "reference below, so that they can put it back."
)


class NamedStorage(Storage):
    """STORAGES[alias] (the media folder by default, an S3-compatible bucket when configured:
    docs/operations.md), looked up at each use rather than once at import, so that the
    setting decides (and a test may change it)."""

    def __init__(self, alias: str):
        object.__setattr__(self, "_alias", alias)

    def __getattribute__(self, name):
        if name.startswith("__") or name == "_alias":
            return super().__getattribute__(name)
        return getattr(storages[object.__getattribute__(self, "_alias")], name)


class AtomicFileSystemStorage(FileSystemStorage):
    """The media folder, overwriting, where a file is written beside its name and renamed
    over it: a reader (a worker on the same disk) sees the whole old file or the whole new
    one, never a part, and a write that fails (a full disk) leaves nothing behind."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_overwrite", True)
        super().__init__(**kwargs)

    def _save(self, name, content):
        full = Path(self.path(name))
        full.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=full.parent, prefix=f".{full.name}.", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as out:
                for chunk in content.chunks():
                    out.write(chunk)
            os.chmod(partial, self.file_permissions_mode or 0o644)
            os.replace(partial, full)
        except BaseException:
            with suppress(FileNotFoundError):
                os.remove(partial)
            raise
        return str(name).replace("\\", "/")


def out_of_room(error: Exception) -> bool:
    """A disk (or quota) that is full."""
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def store_failed(error: Exception) -> bool:
    """The storage itself failed: a full disk, a disk error, a bucket not answering or
    refusing."""
    return isinstance(error, OSError) or type(error).__module__.startswith(
        ("botocore", "boto3", "s3transfer")
    )


def is_missing(error: Exception) -> bool:
    """The storage has no file of that name (a folder, or a bucket answering 404)."""
    if isinstance(error, FileNotFoundError):
        return True
    response = getattr(error, "response", None)  # botocore's ClientError from a bucket
    code = (response or {}).get("Error", {}).get("Code") if isinstance(response, dict) else None
    return code in ("404", "NoSuchKey", "NotFound")


def stored_names(storage: Storage, folder: str):
    """Every file's name under `folder`, through the storage's own listing."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from stored_names(storage, f"{folder}/{sub}")


def on_local_disk(storage: Storage) -> bool:
    """Whether the storage keeps its files as paths of this machine (the media folder), not
    in a bucket."""
    try:
        storage.path("")
    except NotImplementedError:
        return False
    return True


class FileMissing(Http404):
    """A row names a file the storage does not have (the 404 page says so: districts.views
    .not_found)."""


def _missing(file: FieldFile, what: str, error: Exception | None = None) -> FileMissing:
    reason = type(error).__name__ if error else "not in the bucket"
    logger.error("Stored file missing: %s %s (%s)", what, file.name, reason)
    return FileMissing(MISSING)


def open_stored(file: FieldFile, *, what: str):
    """The file, open for reading; FileMissing if the storage does not have it, logged (with
    the storage's name for it, never the person's) for the staff."""
    try:
        return file.open("rb")
    except Exception as error:
        if not is_missing(error):
            raise
        raise _missing(file, what, error) from error


def download_response(
    file: FieldFile, *, what: str, filename: str, content_type: str, link_seconds: int
) -> HttpResponse:
    """A kept file as a download under `filename`, for a caller that checked who may read
    it: from the media folder, streamed; from a bucket, a redirect to a link signed for
    `link_seconds` that answers with the same name, type and caching (so that no web worker
    is held while a large file goes out). Never kept by a shared cache; a file the storage
    lacks is FileMissing."""
    if on_local_disk(file.storage):
        response = FileResponse(
            open_stored(file, what=what),
            as_attachment=True,
            filename=filename,
            content_type=content_type,
        )
    else:
        if not file.storage.exists(file.name):
            raise _missing(file, what)
        link = file.storage.url(
            file.name,
            parameters={
                "ResponseContentDisposition": content_disposition_header(True, filename),
                "ResponseContentType": content_type,
                "ResponseCacheControl": "private, no-store",
            },
            expire=link_seconds,
        )
        response = HttpResponseRedirect(link)
    response["Cache-Control"] = "private, no-store"
    return response
