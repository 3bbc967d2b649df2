"""A district's whole record as one zip: every table as CSV, all of it again as JSON, the
competencies also as the XLSX the import takes back, and the evidence files beside them, so
that a district is never locked in. Made by a worker (reports.tasks.archive_make) with its
progress on the job's page; read as the lead who asked reads it (everything)."""

import json
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import PurePosixPath

from django.utils import timezone

from districts import documents
from districts.access import DistrictAccess
from districts.documents import iso_date, person_name
from districts.tables import to_csv, to_xlsx
from evidence.kinds import kind_of_model
from evidence.models import Attachment

README = """{name}: the district's whole record in Waypoint, made {made}.

Each .csv file is one table (UTF-8, first row the columns); record.json holds the same
tables. competencies.xlsx is the competencies' file that Waypoint's import takes back.
files/ holds the evidence files, one folder per item; files.csv lists them and the links,
with the item each belongs to and who added it.
"""


def tables(access: DistrictAccess) -> dict[str, list[list]]:
    """The district's tables (header first), as each feature gives them for the archive
    (districts.documents), read through the access layer."""
    found: dict[str, list[list]] = {}
    for part in documents.parts():
        if part.tables is not None:
            found.update(part.tables(access))
    return found


def _attachments(access: DistrictAccess) -> list[Attachment]:
    return list(
        Attachment.objects.readable_in(access)
        .filter(removed_at__isnull=True)
        .select_related("added_by", "item_type")
        .order_by("added_at", "pk")
    )


def build(access: DistrictAccess, progress: Callable[[int, str], None]):
    """The zip, in a temporary file (files are copied in chunks, never whole in memory)."""
    district = access.district
    out = tempfile.TemporaryFile()  # noqa: SIM115 (handed to the caller, who closes it)
    progress(10, "Reading the district's rounds, competencies, plans and meetings")
    data = tables(access)
    attachments = _attachments(access)
    files_table = [["Item", "Name", "Type", "In this archive, or the link", "Added by", "Added"]]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        made = timezone.localtime().strftime("%B %-d, %Y, %H:%M")
        archive.writestr("README.txt", README.format(name=district.name, made=made))
        for name, table in data.items():
            archive.writestr(f"{name}.csv", to_csv(table))
        archive.writestr("competencies.xlsx", to_xlsx(data["competencies"], title="Competencies"))
        progress(30, f"Adding {len(attachments)} evidence file(s) and link(s)")
        used: set[str] = set()
        for number, attachment in enumerate(attachments, start=1):
            kind = kind_of_model(attachment.item_type.model_class())
            item = attachment.item
            title = kind.title(item) if kind and item else ""
            where = attachment.url
            if attachment.is_file:
                where = _unique(
                    used,
                    f"files/{kind.slug if kind else 'item'}/{attachment.item_id}/{attachment.name}",
                )
                with (
                    attachment.file.open("rb") as source,
                    archive.open(where, "w", force_zip64=True) as target,
                ):
                    shutil.copyfileobj(source, target, 1024 * 1024)
            files_table.append(
                [
                    title,
                    attachment.name,
                    attachment.get_type_display(),
                    where,
                    person_name(attachment.added_by),
                    iso_date(attachment.added_at),
                ]
            )
            progress(
                30 + 60 * number // max(len(attachments), 1),
                f"Added {number} of {len(attachments)} files and links",
            )
        archive.writestr("files.csv", to_csv(files_table))
        record = {
            "district": {
                "name": district.name,
                "state": district.state,
                "exported_at": timezone.now().isoformat(),
            },
            **{
                name: [dict(zip(table[0], row, strict=False)) for row in table[1:]]
                for name, table in {**data, "files": files_table}.items()
            },
        }
        archive.writestr(
            "record.json", json.dumps(record, indent=2, ensure_ascii=False, default=str)
        )
    out.seek(0)
    return out


def _unique(used: set[str], path: str) -> str:
    """The path, or with " (2)", " (3)" before its extension if taken."""
    candidate, n = path, 1
    while candidate in used:
        n += 1
        pure = PurePosixPath(path)
        candidate = str(pure.with_name(f"{pure.stem} ({n}){pure.suffix}"))
    used.add(candidate)
    return candidate
