"""What a PDF may hold, read through its object model before it is stored.

A district's readers open evidence in Acrobat, which runs what a PDF asks: so a PDF is opened
with pikepdf (qpdf), which undoes what hides a name from a byte search (hex escapes such as
`/J#61vaScript`, objects packed in compressed object streams), and every object in it is
looked at, referenced or not. It is refused when it holds JavaScript (an action, a `/JS`
key, the document's JavaScript name tree, a `javascript:` link), an action that starts a
program or opens another file (`/Launch`, `/GoToR`), sends or loads form data
(`/SubmitForm`, `/ImportData`), embedded files (`/EmbeddedFiles`, `/EF`, file attachment
annotations, `/GoToE`), media a reader would play (`/RichMedia`, 3D, movies, sounds, screen
renditions) or a dynamic XFA form. Plain links (`/URI` to a web or mail address, links
within the document) stay.

The raw bytes are also searched, escapes and all, for the same actions written out in full
(`/S /Launch`, `/Type /EmbeddedFile`, ...), so that an object qpdf could not place (outside
any cross-reference table, in a damaged part) is not missed. Only long names are searched
for there: a short one such as `/JS` turns up by chance in a large file's compressed data.

The work is bounded: qpdf may unpack a compressed stream to at most `FLATE_MAX_MEMORY` (set
for the process before the first check: an object stream that unpacks to gigabytes is cut
off, and the file refused), and a file of more than `MAX_OBJECTS` objects is refused, before
they are read when it declares them. A PDF of 100,000 objects takes about a second of
processor time; the Python loop over the objects is most of it, so only an object whose
written-out form names something suspect (`SUSPECT`) is looked at key by key.
"""

import functools
import re

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from evidence.uploads import PRINT_AGAIN

MAX_OBJECTS = 250_000
FLATE_MAX_MEMORY = 64 * 1024 * 1024  # one stream, unpacked; object streams are far smaller
MAX_WARNINGS = 500  # a file this damaged is not worth recovering

_WHY = {
    "javascript": "it contains JavaScript, which Acrobat would run when it is opened. ",
    "launch": "it has an action that starts a program or opens another file. ",
    "submit": "it has a form that sends what is typed in it to an address (SubmitForm). ",
    "import": "it has an action that loads form data from another file (ImportData). ",
    "embedded": "it has files embedded in it (add them as files of their own). ",
    "media": "it has embedded media (video, sound, Flash or 3D), which Acrobat would play. ",
    "xfa": "it is a dynamic (XFA) form, which can hold scripts. ",
}
REASONS = {rule: why + PRINT_AGAIN for rule, why in _WHY.items()}
PROTECTED = (
    "it is protected by a password, so what it holds cannot be checked. Save a copy without "
    "the password (in Acrobat: File → Properties → Security → No Security) and add that."
)
DAMAGED = "it could not be read as a PDF (the file is damaged). " + PRINT_AGAIN
UNPACKS = "parts of it unpack to far more than the file holds (a zip bomb, or damaged). "

# An action's type (/S), a dictionary's key, a /Type or /Subtype: the rule each breaks.
ACTIONS = {
    "JavaScript": "javascript",
    "Launch": "launch",
    "GoToR": "launch",
    "GoToE": "embedded",
    "SubmitForm": "submit",
    "ImportData": "import",
    "RichMediaExecute": "media",
    "Rendition": "media",
    "Movie": "media",
    "Sound": "media",
}
KEYS = {
    "JS": "javascript",
    "JavaScript": "javascript",  # the document's JavaScript name tree
    "EmbeddedFiles": "embedded",
    "EF": "embedded",
    "XFA": "xfa",
    "RichMediaContent": "media",
}
TYPES = {
    "EmbeddedFile": "embedded",
    "FileAttachment": "embedded",
    "RichMedia": "media",
    "3D": "media",
    "Movie": "media",
    "Sound": "media",
    "Screen": "media",
}
SCRIPT_LINK = re.compile(r"^(javascript|vbscript):", re.IGNORECASE)

# Objects worth a closer look, as qpdf writes them out (escapes undone): a name above, or a
# link whose address is not written as a plain web or mail address. A name ends at a
# delimiter.
_NAMES = sorted({*ACTIONS, *KEYS, *TYPES}, key=len, reverse=True)
SUSPECT = re.compile(
    rb"/(?:%s)(?![^\s\x00/<>\[\]()%%{}])" % "|".join(_NAMES).encode()
    + rb"|/URI\s*(?:<|\((?!(?i:https?|mailto|tel|ftp):))"
)


def _escapable(word: str) -> bytes:
    """A regex for a PDF name's characters, each written as itself or as #xx."""
    parts = []
    for char in word:
        hex_digits = "".join(f"[{d}{d.upper()}]" if d.isalpha() else d for d in f"{ord(char):02x}")
        parts.append(f"(?:{re.escape(char)}|#{hex_digits})")
    return "".join(parts).encode()


def _names(*words: str) -> bytes:
    return b"/(?:" + b"|".join(_escapable(w) for w in words) + rb")(?![^\s\x00/<>\[\]()%{}])"


_GAP = rb"(?:[\s\x00]|%[^\r\n]*[\r\n])*"  # white space and comments between two tokens
RAW_ACTIONS = re.compile(
    _names("S")
    + _GAP
    + _names("JavaScript", "Launch", "GoToR", "GoToE", "SubmitForm", "ImportData", "Rendition")
    + b"|"
    + _names("Type", "Subtype")
    + _GAP
    + _names("EmbeddedFile", "FileAttachment", "RichMedia")
    + b"|"
    + _names("JavaScript", "EmbeddedFiles", "RichMediaContent")
    + _GAP
    + rb"(?:<<|\d+"
    + _GAP
    + rb"\d+"
    + _GAP
    + rb"R)"
)
RAW_RULES = [
    (re.compile(_names("JavaScript")), "javascript"),
    (re.compile(_names("Launch", "GoToR")), "launch"),
    (re.compile(_names("SubmitForm")), "submit"),
    (re.compile(_names("ImportData")), "import"),
    (re.compile(_names("GoToE", "EmbeddedFile", "EmbeddedFiles", "FileAttachment")), "embedded"),
]
RAW_CARRY = 4096  # longer than any match of RAW_ACTIONS but a comment's


@functools.cache
def set_qpdf_limits() -> None:
    """qpdf's limits, set once for the process (qpdf keeps them globally) before the first
    check: no Flate stream unpacked beyond FLATE_MAX_MEMORY, no file with more than
    MAX_WARNINGS problems recovered. Nothing else Waypoint reads with pikepdf (its own
    reports) comes near either."""
    pikepdf.settings.set_qpdf_limits(
        flate_max_memory=FLATE_MAX_MEMORY,
        png_max_memory=FLATE_MAX_MEMORY,
        run_length_max_memory=FLATE_MAX_MEMORY,
        doc_max_warnings=MAX_WARNINGS,
    )


def why_refused(upload) -> str | None:
    """Why the PDF may not be kept, or None. `upload` is a Django UploadedFile: read from its
    temporary file's path when it has one, else as a stream."""
    set_qpdf_limits()
    raw = _raw_rule(upload)
    if raw:
        return REASONS[raw]
    path = getattr(upload, "temporary_file_path", None)
    upload.seek(0)
    try:
        with pikepdf.open(path() if path else upload.file) as pdf:
            return _object_problem(pdf)
    except pikepdf.PasswordError:
        return PROTECTED
    except (pikepdf.PdfError, RuntimeError, ValueError, OSError):
        return DAMAGED
    finally:
        upload.seek(0)


def _raw_rule(upload) -> str | None:
    carry = b""
    upload.seek(0)
    while chunk := upload.read(1024 * 1024):
        window = carry + chunk
        found = RAW_ACTIONS.search(window)
        if found:
            text = found.group()
            return next((rule for pattern, rule in RAW_RULES if pattern.search(text)), "media")
        carry = window[-RAW_CARRY:]
    return None


def _object_problem(pdf: pikepdf.Pdf) -> str | None:
    too_many = f"it has more than {MAX_OBJECTS:,} objects to check. " + PRINT_AGAIN
    if _declared_objects(pdf.trailer) > MAX_OBJECTS + 1:
        return too_many  # nothing read yet
    objects = pdf.objects  # an earlier revision may hold more than the file declares
    if len(objects) > MAX_OBJECTS:
        return too_many
    for warning in pdf.get_warnings():
        if "limit exceeded" in warning:
            return UNPACKS + PRINT_AGAIN
        if "error decoding stream data" in warning or "unfilterable stream" in warning:
            return DAMAGED  # an object stream qpdf could not unpack: its objects unseen
    for obj in objects:
        if not isinstance(obj, pikepdf.Object):  # null, or a number or boolean of its own
            continue
        if isinstance(obj, pikepdf.String):  # a link's address kept as an object of its own
            if _is_script_link(obj):
                return REASONS["javascript"]
            continue
        text = (obj.stream_dict if isinstance(obj, Stream) else obj).unparse(resolved=True)
        if SUSPECT.search(text):
            rule = _rule_of(obj)
            if rule:
                return REASONS[rule]
    return None


def _declared_objects(trailer: Dictionary) -> int:
    """How many objects the newest cross-reference section declares: its /Size, or the sum
    of its /Index's sections (a cross-reference stream's), whichever is more."""
    size = trailer.get("/Size", 0)
    index = trailer.get("/Index", [])
    counts = list(index)[1::2] if isinstance(index, Array) else []
    return max(
        size if isinstance(size, int) else 0,
        sum(max(n, 0) for n in counts if isinstance(n, int)),
    )


def _name(value) -> str:
    """A name's text without its slash (a string's, for writers that use one instead)."""
    if isinstance(value, (Name, pikepdf.String)):
        return str(value).removeprefix("/")
    return ""


def _rule_of(obj) -> str | None:
    """The rule an object breaks, by its own content and that of the dictionaries and arrays
    written inside it (an object it refers to is looked at as an object of its own)."""
    if isinstance(obj, Name):  # an action's type kept as an object of its own
        return ACTIONS.get(_name(obj)) or TYPES.get(_name(obj))
    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, Stream):
            item = item.stream_dict
        if isinstance(item, Dictionary):
            for key, value in item.items():
                key = key.removeprefix("/")
                rule = (
                    KEYS.get(key)
                    or (key == "S" and ACTIONS.get(_name(value)))
                    or (key in ("Type", "Subtype") and TYPES.get(_name(value)))
                    or (key == "URI" and _is_script_link(value) and "javascript")
                )
                if rule:
                    return rule
                if isinstance(value, (Dictionary, Array)) and not value.is_indirect:
                    stack.append(value)
        elif isinstance(item, Array):
            stack.extend(
                value
                for value in item
                if isinstance(value, (Dictionary, Array)) and not value.is_indirect
            )
    return None


def _is_script_link(value) -> bool:
    if not isinstance(value, pikepdf.String):
        return False
    return bool(SCRIPT_LINK.match(re.sub(r"[\x00-\x20]", "", str(value))))
