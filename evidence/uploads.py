"""What may be uploaded as evidence, checked before anything is stored.

A file is accepted when its name's extension is on the allow-list, its content is of that
type (sniffed by puremagic from its first bytes, then the structure an office document
must have), it is within the size limit and the district's quota, and it is no polyglot
(a file that is also a zip, or also a web page). Files are read in chunks: never whole in
memory.
"""

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from districts.tables import unpacks_to_too_much

HEAD = 8192  # bytes read to tell a file's type
TAIL = 65536 + 22  # a zip's directory record is in its last 64 KiB
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Family:
    label: str
    media_type: str
    extensions: frozenset[str]
    magic: str = ""  # a puremagic extension its first bytes must be recognised as
    office: str = ""  # an office document: "ooxml:<main part>" or "odf:<mimetype>"


def _f(label, media_type, extensions, **kw) -> Family:
    return Family(label, media_type, frozenset(extensions), **kw)


OOXML = "application/vnd.openxmlformats-officedocument."
FAMILIES = [
    _f("PDF", "application/pdf", {".pdf"}, magic=".pdf"),
    _f("PNG image", "image/png", {".png"}, magic=".png"),
    _f("JPEG image", "image/jpeg", {".jpg", ".jpeg"}, magic=".jpg"),
    _f("GIF image", "image/gif", {".gif"}, magic=".gif"),
    _f("WebP image", "image/webp", {".webp"}, magic=".webp"),
    _f(
        "Word document",
        OOXML + "wordprocessingml.document",
        {".docx"},
        office="ooxml:word/document.xml",
    ),
    _f("Excel workbook", OOXML + "spreadsheetml.sheet", {".xlsx"}, office="ooxml:xl/workbook.xml"),
    _f(
        "PowerPoint presentation",
        OOXML + "presentationml.presentation",
        {".pptx"},
        office="ooxml:ppt/presentation.xml",
    ),
    _f(
        "OpenDocument text",
        "application/vnd.oasis.opendocument.text",
        {".odt"},
        office="odf:application/vnd.oasis.opendocument.text",
    ),
    _f(
        "OpenDocument spreadsheet",
        "application/vnd.oasis.opendocument.spreadsheet",
        {".ods"},
        office="odf:application/vnd.oasis.opendocument.spreadsheet",
    ),
    _f(
        "OpenDocument presentation",
        "application/vnd.oasis.opendocument.presentation",
        {".odp"},
        office="odf:application/vnd.oasis.opendocument.presentation",
    ),
    _f("Text", "text/plain", {".txt", ".md"}),
    _f("CSV", "text/csv", {".csv"}),
]
BY_EXTENSION = {ext: family for family in FAMILIES for ext in family.extensions}
ALLOWED_TEXT = ", ".join(sorted({family.label for family in FAMILIES}, key=str.lower))

# An office document's parts, read from its zip directory only (districts.tables).
OFFICE_MAX_PARTS = 2000
OFFICE_MAX_PART = 256 * 1024 * 1024
OFFICE_MAX_TOTAL = 512 * 1024 * 1024
OFFICE_MAX_RATIO = 100
MACROS = re.compile(r"(^|/)vbaProject\.bin$|(^|/)Basic/", re.IGNORECASE)
WEB_PAGE = re.compile(rb"<\s*(html|script|svg|iframe|object|embed)\b|<!doctype\s+html", re.I)
PDF_ACTIONS = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile)\b")


def max_file_bytes() -> int:
    return settings.EVIDENCE_MAX_FILE_MB * 1024 * 1024


def quota_bytes() -> int:
    return settings.EVIDENCE_DISTRICT_QUOTA_MB * 1024 * 1024


def limits_text(owner: str = "district") -> str:
    """The limits as the person adding files reads them before they hit one; `owner` is
    whose quota it is ("district", or "cohort" for a meeting's notes)."""
    return (
        f"Up to {filesizeformat(max_file_bytes())} a file; {ALLOWED_TEXT}. Each {owner} "
        f"holds up to {filesizeformat(quota_bytes())} of files."
    )


def safe_name(name: str) -> str:
    """A file name safe to show and to offer as a download's name: no folders, no control
    or reserved characters, at most 150 characters with its extension kept."""
    name = unicodedata.normalize("NFC", str(name)).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join("_" if unicodedata.category(c)[0] == "C" else c for c in name)
    name = re.sub(r'[<>:"|?*;]', "_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    path = PurePosixPath(name or "file")
    suffix = path.suffix[:10] if len(path.suffix) <= 10 else ""
    stem = (path.stem if suffix else path.name)[: 150 - len(suffix)].strip(" .") or "file"
    return stem + suffix.lower()


def _refuse(name: str, why: str):
    raise ValidationError(f"“{name}” was not added: {why}")


def check_file(upload, *, name: str, room: int, owner: str = "district") -> Family:
    """The file's family if it may be kept; else a ValidationError saying why. `room` is
    what is left of the owner's quota (the district's, or the cohort's)."""
    family = BY_EXTENSION.get(PurePosixPath(name).suffix.lower())
    if family is None:
        _refuse(name, f"only these kinds of file can be added: {ALLOWED_TEXT}.")
    if upload.size > max_file_bytes():
        _refuse(name, f"it is larger than {filesizeformat(max_file_bytes())}.")
    if upload.size > room:
        _refuse(
            name,
            f"the {owner} has {filesizeformat(max(room, 0))} left of its "
            f"{filesizeformat(quota_bytes())} for files. Remove files it no longer needs, "
            "or ask the Waypoint staff for more room.",
        )
    if upload.size == 0:
        _refuse(name, "it is empty.")
    upload.seek(0)
    head = upload.read(HEAD)
    if family.magic and not _sniffed_as(head, family):
        _refuse(name, f"its content is not a {family.label} (its name says it is).")
    if family.office:
        _check_office(upload, name, family)
    elif family.magic:
        _check_not_polyglot(upload, name, family, head)
    else:
        _check_text(upload, name, family)
    upload.seek(0)
    return family


def _sniffed_as(head: bytes, family: Family) -> bool:
    try:
        matches = puremagic.magic_string(head)
    except puremagic.PureError:
        return False
    found = {m.extension for m in matches}
    same = {".jpg", ".jpeg", ".jfif", ".jpe"} if family.magic == ".jpg" else {family.magic}
    return bool(found & same)


def _chunks(upload):
    upload.seek(0)
    while chunk := upload.read(CHUNK):
        yield chunk


def _scan(upload, pattern: re.Pattern) -> bool:
    """Whether the pattern is anywhere in the file, read a chunk at a time."""
    carry = b""
    for chunk in _chunks(upload):
        if pattern.search(carry + chunk):
            return True
        carry = chunk[-64:]
    return False


def _ends_as_zip(upload) -> bool:
    upload.seek(max(upload.size - TAIL, 0))
    return b"PK\x05\x06" in upload.read(TAIL)


def _check_not_polyglot(upload, name: str, family: Family, head: bytes) -> None:
    if _ends_as_zip(upload) or WEB_PAGE.search(head):
        _refuse(name, f"it is a {family.label} and another kind of file at once.")
    if family.magic == ".pdf" and _scan(upload, PDF_ACTIONS):
        _refuse(
            name,
            "the PDF holds scripts, actions or embedded files. Print it to a new PDF "
            "(File → Print → Save as PDF) and add that.",
        )


def _check_office(upload, name: str, family: Family) -> None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            parts = archive.infolist()
            names = {part.filename for part in parts}
            too_much = len(parts) > OFFICE_MAX_PARTS or unpacks_to_too_much(
                parts,
                max_part_size=OFFICE_MAX_PART,
                max_total_size=OFFICE_MAX_TOTAL,
                max_ratio=OFFICE_MAX_RATIO,
            )
            if too_much:
                _refuse(name, "it unpacks to far more than it holds (a zip bomb, or damaged).")
            scheme, _, expected = family.office.partition(":")
            if scheme == "ooxml":
                valid = "[Content_Types].xml" in names and expected in names
            else:
                valid = "mimetype" in names and archive.read("mimetype").strip() == (
                    expected.encode()
                )
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError):
        _refuse(name, f"it could not be opened as a {family.label}.")
    if not valid:
        _refuse(name, f"its content is not a {family.label} (its name says it is).")
    if any(MACROS.search(part) for part in names):
        _refuse(name, "it holds macros. Save it without macros and add that copy.")


def _check_text(upload, name: str, family: Family) -> None:
    carry = b""
    for chunk in _chunks(upload):
        if b"\x00" in chunk:
            _refuse(name, f"it is not a {family.label} file (it holds binary data).")
        try:
            (carry + chunk).decode("utf-8")
            carry = b""
        except UnicodeDecodeError as error:
            if error.start < len(carry + chunk) - 4:  # not a character cut by the chunk
                _refuse(name, f"it is not a {family.label} file in UTF-8.")
            carry = (carry + chunk)[error.start :]
        if WEB_PAGE.search(chunk):
            _refuse(name, "it holds a web page or script.")
    if carry:
        _refuse(name, f"it is not a {family.label} file in UTF-8.")
