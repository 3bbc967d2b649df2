"""Files kept in a storage (the media folder or a bucket) and named by a row: opened for a
download, or a page that says the file is missing, never a 500."""

import logging

from django.db.models.fields.files import FieldFile
from django.http import Http404

logger = logging.getLogger("waypoint.storage")

MISSING = (
    "This file is missing from the server’s store (it may have been lost when the server "
    "was restored). Nothing you did caused this. Tell the Waypoint staff, and give them the "
    "reference below, so that they can put it back."
)


class FileMissing(Http404):
    """A row names a file the storage does not have (the 404 page says so: districts.views
    .not_found)."""


def _is_missing(error: Exception) -> bool:
    if isinstance(error, FileNotFoundError):
        return True
    response = getattr(error, "response", None)  # botocore's ClientError from a bucket
    code = (response or {}).get("Error", {}).get("Code") if isinstance(response, dict) else None
    return code in ("404", "NoSuchKey", "NotFound")


def open_stored(file: FieldFile, *, what: str):
    """The file, open for reading; FileMissing if the storage does not have it, logged (with
    the storage's name for it, never the person's) for the staff."""
    try:
        return file.open("rb")
    except Exception as error:
        if not _is_missing(error):
            raise
        logger.error("Stored file missing: %s %s (%s)", what, file.name, type(error).__name__)
        raise FileMissing(MISSING) from error
