"""What may be uploaded as evidence, checked before anything is stored.

A file is accepted when its name's extension is on the allow-list, its content is of that
type (sniffed by puremagic from its first bytes, then the structure an office document
must have), it is within the size limit and the district's quota, and it cannot carry code
into the programs a district's readers open it in: a PDF's scripts and actions
(`evidence.pdfs`), an office document's macros, objects, outside links and fields
(`evidence.office`). Files are read in chunks: never whole in memory. Each refusal says
which rule the file breaks and how to make a copy that passes.

Polyglots (a file that is also a zip, or also a web page) are refused in every binary
family. Waypoint serves evidence as attachments with nosniff and a sandboxing CSP, so no
browser takes a file for a page here; the rule is for wherever a file goes next. The first
8 KiB, where browsers and scanners sniff a type, may show no sign of a page at all (`<html`,
`<script`, `<svg`, ...). The rest of the file may hold nothing a browser would run if it
ever read the file as a page: a script, frame, object or embed element, a page's start, a
tag with an event handler. Shorter signs are not looked for past the start, where no
browser sniffs: runs like `<svg` turn up by chance in compressed data (about one 25 MB photo
in thirty) and would refuse plain photos and PDFs.

Text (.txt, .md, .csv) is stored and served as text: it must be UTF-8 without binary data,
and is refused only when it is a web page from its start. Text that mentions tags (a lesson
on HTML, notes quoting a script) is text, and is kept.
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

from districts.tables import UNREADABLE_ZIP, unpacks_to_too_much

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
# Signs of a web page where browsers and scanners sniff a file's type: its first 8 KiB.
WEB_PAGE = re.compile(rb"<\s*(html|script|svg|iframe|object|embed)\b|<!doctype\s+html", re.I)
# What a browser would run if the file were ever opened as a web page, looked for through
# the whole file: a script, frame, object or embed element, a page's start, a tag with an
# event handler (<img onerror=...>). Each is long enough not to turn up by chance in a large
# file's compressed data (a bare "<svg" would, in about one 25 MB photo in thirty).
WEB_PAGE_ANYWHERE = re.compile(
    rb"<(?:script|html|body|iframe|object|embed|frameset)[\s/>]|<!doctype\s+html"
    rb"|<[a-z][a-z0-9]*[\s/][^<>]{0,200}?(?<![a-z0-9])on[a-z]{3,}\s*=",
    re.I,
)
SCAN_CARRY = 512  # more than any match of WEB_PAGE_ANYWHERE: one cut by a chunk is found
# A text file that is a web page from its start (text that merely mentions tags is text).
TEXT_PAGE = re.compile(rb"^(\xef\xbb\xbf)?\s*(<!doctype\s+html|<html[\s>])", re.I)
CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted OOXML file, or an old .doc
PRINT_AGAIN = "Print it to a new PDF (File → Print → Save as PDF) and add that."
RESAVE = {
    ".pdf": PRINT_AGAIN,
    "office": "Save it again from its program and add that copy.",
    "image": "Save the picture again from an image editor (or a screenshot of it) and add that.",
}


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


def check_content(upload, *, name: str) -> Family:
    """The file's family if its kind, size and content may be kept; else a ValidationError
    saying why and how to make a copy that passes. Reads the whole file (a second or two for
    the largest PDFs), so callers check before they take a lock."""
    family = BY_EXTENSION.get(PurePosixPath(name).suffix.lower())
    if family is None:
        _refuse(name, f"only these kinds of file can be added: {ALLOWED_TEXT}.")
    if upload.size > max_file_bytes():
        _refuse(name, f"it is larger than {filesizeformat(max_file_bytes())}.")
    if upload.size == 0:
        _refuse(name, "it is empty.")
    upload.seek(0)
    head = upload.read(HEAD)
    if family.magic and not _sniffed_as(head, family):
        _refuse(name, f"its content is not a {family.label} (its name says it is).")
    if family.office:
        why = _office_problem(upload, family, head)
    elif family.magic:
        why = _polyglot_problem(upload, family, head)
        if not why and family.magic == ".pdf":
            from evidence import pdfs  # pikepdf: loaded by the first PDF a process checks

            why = pdfs.why_refused(upload)
    else:
        why = _text_problem(upload, family, head)
    if why:
        _refuse(name, why)
    upload.seek(0)
    return family


def check_room(upload, *, name: str, room: int, owner: str = "district") -> None:
    """A ValidationError if the file does not fit in `room`, what is left of the owner's
    quota (the district's, or the cohort's)."""
    if upload.size > room:
        _refuse(
            name,
            f"the {owner} has {filesizeformat(max(room, 0))} left of its "
            f"{filesizeformat(quota_bytes())} for files. Remove files it no longer needs, "
            "or ask the Waypoint staff for more room.",
        )


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
    """Whether the pattern is anywhere in the file, read a chunk at a time (a match cut by
    the end of a chunk is found in the next, with the end carried over)."""
    carry = b""
    for chunk in _chunks(upload):
        window = carry + chunk
        if pattern.search(window):
            return True
        carry = window[-SCAN_CARRY:]
    return False


def _ends_as_zip(upload) -> bool:
    upload.seek(max(upload.size - TAIL, 0))
    return b"PK\x05\x06" in upload.read(TAIL)


def _polyglot_problem(upload, family: Family, head: bytes, *, zip_allowed=False) -> str | None:
    """A file that is also a zip, or also a web page: not for what Waypoint does with it
    (downloads are attachments with nosniff) but for wherever else it is served."""
    if (
        (not zip_allowed and _ends_as_zip(upload))
        or WEB_PAGE.search(head)
        or _scan(upload, WEB_PAGE_ANYWHERE)
    ):
        fix = RESAVE.get(family.magic) or RESAVE["office" if zip_allowed else "image"]
        return (
            f"it is a {family.label} and another kind of file at once (a web page, a script "
            f"or a zip inside it). {fix}"
        )
    return None


def _office_problem(upload, family: Family, head: bytes) -> str | None:
    if head.startswith(CFB):
        return (
            "it is protected by a password, or saved in an older format. Save it without a "
            f"password as a {min(family.extensions)} file and add that."
        )
    polyglot = _polyglot_problem(upload, family, head, zip_allowed=True)
    if polyglot:
        return polyglot
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            parts = archive.infolist()
            too_much = len(parts) > OFFICE_MAX_PARTS or unpacks_to_too_much(
                parts,
                max_part_size=OFFICE_MAX_PART,
                max_total_size=OFFICE_MAX_TOTAL,
                max_ratio=OFFICE_MAX_RATIO,
            )
            if too_much:
                return "it unpacks to far more than it holds (a zip bomb, or damaged)."
            names = {part.filename for part in parts}
            scheme, _, expected = family.office.partition(":")
            if scheme == "ooxml":
                valid = "[Content_Types].xml" in names and expected in names
            else:
                valid = "mimetype" in names and archive.read("mimetype").strip() == (
                    expected.encode()
                )
            if not valid:
                return f"its content is not a {family.label} (its name says it is)."
            from evidence import office

            return office.why_refused(archive, scheme)
    except UNREADABLE_ZIP:
        return f"it could not be opened as a {family.label}."


def _text_problem(upload, family: Family, head: bytes) -> str | None:
    """Text is stored and served as text (nosniff): tags it mentions are text, not a page,
    and are kept; a file that is a web page from its start is refused."""
    if TEXT_PAGE.search(head):
        return f"it is a web page, not a {family.label} file. " + PRINT_AGAIN
    carry = b""
    for chunk in _chunks(upload):
        if b"\x00" in chunk:
            return f"it is not a {family.label} file (it holds binary data)."
        try:
            (carry + chunk).decode("utf-8")
            carry = b""
        except UnicodeDecodeError as error:
            if error.start < len(carry + chunk) - 4:  # not a character cut by the chunk
                return f"it is not a {family.label} file in UTF-8."
            carry = (carry + chunk)[error.start :]
    if carry:
        return f"it is not a {family.label} file in UTF-8."
    return None
