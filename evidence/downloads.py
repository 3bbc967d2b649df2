"""The one way a kept file leaves Waypoint, for the pages and the API alike."""

from django.http import FileResponse, Http404

from districts.stored import open_stored
from evidence.models import Attachment


def download_response(attachment: Attachment) -> FileResponse:
    """The file as a download under its safe name: never shown inline, its type never
    guessed by the browser, nothing run if it were opened, not kept by caches. A link, or a
    removed file, has nothing to download (404). The caller checked who may read it."""
    if not attachment.is_file or attachment.removed:
        raise Http404("This file was removed, or is a link.")
    response = FileResponse(
        open_stored(attachment.file, what="evidence"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.media_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
