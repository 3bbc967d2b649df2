"""What an office document may hold, read from its parts before it is stored.

A district's readers open evidence in Word, Excel, PowerPoint or LibreOffice, which start what
a document asks for. An office document is a zip of parts; its directory is checked first
(`evidence.uploads`: how many parts, how much they unpack to), then only the parts that say
what the document does are read, each bounded, none whole in memory:

- OOXML (.docx, .xlsx, .pptx): every relationship part (`*.rels`) and `[Content_Types].xml`
  (with defusedxml), and the text of Word's parts (for fields) and PowerPoint's (for
  actions), streamed through expat. Refused: macros (a VBA project, Excel 4.0 macro sheets,
  a macro-enabled content type), OLE objects (embedded or linked) and embedded documents,
  ActiveX controls, content in another format for Word to convert (altChunk), links to
  other workbooks (external links, DDE links among them) and data connections, frames, a
  template or anything else loaded from outside the file unless from the reader's own
  computer, pictures and media from a file server, DDE and DDEAUTO fields (also when spelt
  out by QUOTE fields or split across runs), and PowerPoint actions that start a program or
  run a macro. A chart's data (an .xlsx workbook inside a chart) stays, checked the same
  way; plain hyperlinks stay; a template on the author's own computer stays (Word carries
  on without it), and so does a picture or video from a web address (`_may_load`).
- ODF (.odt, .ods, .odp): the manifest, and every `content.xml` and `styles.xml` (those of
  embedded charts too), `meta.xml` and the configuration's parts, streamed through expat.
  Refused: macros and scripts (`Basic/`, `Scripts/`, a script element, an event bound to a
  macro or to starting a program, a link to a macro), embedded objects other than charts
  and formulas (another document, an OLE object, an applet or plug-in), frames, DDE links,
  and content loaded from outside the file as OOXML's is. Plain links stay.

The XML read is bounded by `MAX_XML_READ` in all (an office document whose text is larger is
refused as too large to check) and by `MAX_SMALL_PART` for a part read whole; no DTD is
accepted, so no entity can expand.
"""

import io
import posixpath
import re
import xml.parsers.expat
import zipfile
from urllib.parse import unquote

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from districts.tables import UNREADABLE_ZIP, unpacks_to_too_much

MAX_XML_READ = 64 * 1024 * 1024  # uncompressed XML read for the checks, all parts together
MAX_SMALL_PART = 4 * 1024 * 1024  # a relationship part, the content types, the manifest
MAX_CHART_DATA = 16 * 1024 * 1024  # a chart's workbook, read whole to be checked in turn
CHUNK = 1024 * 1024

AS_PDF = "or save it as PDF and add that."
MACROS = (
    "it holds macros. Save it without macros (File → Save As, a type that is not "
    "“macro-enabled”) and add that copy."
)
ODF_MACROS = (
    "it holds macros or scripts (Basic or Python, or an event that runs one). Remove them "
    "(Tools → Macros → Organize Macros) and save again, " + AS_PDF
)
OLE = (
    "it holds an embedded or linked object (OLE), which would start another program when "
    "opened. Delete the object, or paste it as a picture, and save again, " + AS_PDF
)
ACTIVEX = (
    "it holds ActiveX controls, which run code on the reader's computer. Delete the controls "
    "and save again, " + AS_PDF
)
EMBEDDED = (
    "it holds an embedded object (another document, an applet or a plug-in). Delete it, or "
    "paste it as a picture, and save again, " + AS_PDF
)
ALT_CHUNK = (
    "it holds content in another format (HTML or RTF) that Word converts when it opens it. "
    "Open it in Word, save it again and add that copy."
)
LINKED_WORKBOOK = (
    "it links to another workbook (an external or DDE link), which Excel would open or "
    "update. Break the links (Data → Edit Links → Break Link) and save again."
)
DATA_CONNECTION = (
    "it has data connections that fetch from outside the file. Remove them (Data → Queries & "
    "Connections) and save again."
)
FRAME = (
    "it shows another document or page in a frame, fetched when it is opened. Remove the "
    "frame and save again, " + AS_PDF
)
DDE = (
    "it has a DDE field, which asks Word to start another program when it is opened. Delete "
    "the field (Alt+F9 shows field codes) and save again, " + AS_PDF
)
ODF_DDE = (
    "it has a DDE link, which asks for another program to be started when it is opened. "
    "Break the link (Edit → Links to External Files → Break Link) and save again, " + AS_PDF
)
PROGRAM_ACTION = (
    "it has an action that starts a program or runs a macro when a shape is clicked or "
    "pointed at. Remove the action (Insert → Action → None) and save again."
)
PROTECTED = (
    "it is protected by a password, so what it holds cannot be checked. Save a copy without "
    "the password and add that."
)
DAMAGED = (
    "a part of it could not be read (the file is damaged). Open it, save it again and add "
    "that copy."
)


def _too_large() -> str:
    return (
        f"its text is too large to check (more than {MAX_XML_READ // (1024 * 1024)} MB "
        "unpacked). Split it, " + AS_PDF
    )


def _outside(target: str) -> str:
    shown = re.sub(r"[\x00-\x1f\x7f]", "", target)[:120]
    return (
        f"it loads “{shown}” from outside the file when it is opened (a template, picture or "
        "linked file). Remove that link and save again, " + AS_PDF
    )


class Unsafe(Exception):
    """The document may not be kept; the message says why and how to fix it."""


def why_refused(archive: zipfile.ZipFile, standard: str) -> str | None:
    """Why the office document may not be kept, or None. `standard` is "ooxml" or "odf";
    the archive's directory has been checked already (uploads.check_content)."""
    budget = _Budget()
    names = [info.filename.lower() for info in archive.infolist()]
    if len(set(names)) < len(names):
        return DAMAGED  # two parts of one name: which one a program reads is anyone's guess
    try:
        if standard == "ooxml":
            _check_ooxml(archive, budget, nested=False)
        else:
            _check_odf(archive, budget)
    except Unsafe as refusal:
        return str(refusal)
    except RuntimeError as error:  # zipfile: a part is encrypted
        return PROTECTED if "encrypted" in str(error) else DAMAGED
    except UNREADABLE_ZIP:
        return DAMAGED  # NotImplementedError: a compression no office program reads either
    return None


# ------------------------------------------------------------------ reading parts, bounded


class _Budget:
    def __init__(self):
        self.left = MAX_XML_READ  # read when the check starts (the tests lower it)

    def take(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise Unsafe(_too_large())


def _read_whole(archive: zipfile.ZipFile, name: str, budget: _Budget, limit: int) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > limit:
        raise Unsafe(_too_large())
    budget.take(info.file_size)
    return archive.read(info)


def _small_xml(archive: zipfile.ZipFile, name: str, budget: _Budget):
    """A small part (relationships, content types, manifest) as an element tree."""
    try:
        return fromstring(_read_whole(archive, name, budget, MAX_SMALL_PART), forbid_dtd=True)
    except (ParseError, DefusedXmlException) as error:
        raise Unsafe(DAMAGED) from error


def _stream_xml(archive: zipfile.ZipFile, name: str, budget: _Budget, handler) -> None:
    """Feed a part to expat a megabyte at a time, calling handler.start(local name,
    {local attribute name: value}), handler.end(local name) and handler.text(text). No DTD
    is accepted (what defusedxml forbids, set on expat directly: defusedxml's own parsers
    are several times slower on a long document)."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True

    def no_dtd(*args):
        raise Unsafe(DAMAGED)

    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    parser.StartElementHandler = lambda tag, attrs: handler.start(
        _local(tag), {_local(key): value for key, value in attrs.items()}
    )
    parser.EndElementHandler = lambda tag: handler.end(_local(tag))
    parser.CharacterDataHandler = handler.text
    try:
        with archive.open(name) as part:
            while chunk := part.read(CHUNK):
                budget.take(len(chunk))
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except xml.parsers.expat.ExpatError as error:
        raise Unsafe(DAMAGED) from error
    handler.close()


def _local(name: str) -> str:
    return name.rsplit(" ", 1)[-1]


def _may_load(target: str, *, picture_or_media: bool) -> bool:
    """Whether a document may load what it names from outside the file when it is opened.
    What runs or makes the document (a template, a frame, an object, a section) only from
    the reader's own computer, where Word and LibreOffice carry on without it when it is not
    there. A picture, a sound or a video also from a web address (an online video, as a page
    would show it), but never from a file server (\\\\server\\share, file://server/),
    which would be sent the reader's Windows sign-in."""
    if _is_on_this_computer(target):
        return True
    return picture_or_media and re.match(r"\s*https?://", target, re.IGNORECASE) is not None


def _is_on_this_computer(target: str) -> bool:
    """Whether a link's address is a path on the reader's own computer (C:\\..., file:///...,
    a relative path), as opposed to a server's (\\\\server\\share, file://server/, http:)."""
    path = unquote(target).strip().replace("\\", "/")
    if path.lower().startswith("file:"):
        path = path[5:]
        if path.startswith("//"):
            host, _, rest = path[2:].partition("/")
            if host and host.lower() != "localhost":
                return False
            path = "/" + rest
    if path.startswith("//"):
        return False
    path = path.lstrip("/")
    return not re.match(r"[a-z][a-z0-9+.-]+:", path, re.IGNORECASE)


# ------------------------------------------------------------------ OOXML

# Relationship types (the last part of the type's address, in lower case) and what they are.
RELATIONSHIPS = {
    **dict.fromkeys(
        [
            "vbaproject",
            "vbaprojectsignature",
            "wordvbadata",
            "xlmacrosheet",
            "xlintlmacrosheet",
            "keymapcustomizations",
            "attachedtoolbars",
        ],
        MACROS,
    ),
    "oleobject": OLE,
    **dict.fromkeys(["control", "activexcontrol", "activexcontrolbinary"], ACTIVEX),
    **dict.fromkeys(
        [
            "externallink",
            "externallinkpath",
            "xlexternallinkpath",
            "xlpathmissing",
            "xlstartup",
            "xlalternatestartup",
            "xllibrary",
        ],
        LINKED_WORKBOOK,
    ),
    **dict.fromkeys(["connections", "querytable"], DATA_CONNECTION),
    "afchunk": ALT_CHUNK,
    "frame": FRAME,
}
# Parts by name, whatever refers to them.
OOXML_PARTS = [
    (re.compile(r"(^|/)vbaProject\.bin$|(^|/)vbaData\.xml$|^xl/macrosheets/", re.I), MACROS),
    (re.compile(r"(^|/)activeX/", re.I), ACTIVEX),
    (re.compile(r"(^|/)embeddings/.*\.bin$", re.I), OLE),
    (re.compile(r"(^|/)embeddings/(?!.*\.xlsx$)", re.I), EMBEDDED),
    (re.compile(r"^xl/externalLinks/", re.I), LINKED_WORKBOOK),
    (re.compile(r"^xl/connections\.xml$|^xl/queryTables/", re.I), DATA_CONNECTION),
]
# Content types (in lower case) and what they are.
CONTENT_TYPES = [
    (re.compile(r"macroenabled|vbaproject|macrosheet|vbadata|keymapcustomizations"), MACROS),
    (re.compile(r"activex"), ACTIVEX),
    (re.compile(r"oleobject"), OLE),
    (re.compile(r"externallink"), LINKED_WORKBOOK),
    (re.compile(r"spreadsheetml\.connections"), DATA_CONNECTION),
]
MEDIA_RELATIONSHIPS = {"image", "audio", "video", "media"}
CHART_PART = re.compile(r"(^|/)charts/[^/]+\.xml$", re.I)
WORD_TEXT = re.compile(r"^word/.+\.xml$", re.I)
SLIDE_TEXT = re.compile(r"^ppt/.+\.xml$", re.I)
DDE_FIELD = re.compile(r"(?<![a-z])DDE(AUTO)?(?![a-z])", re.I)
QUOTED_CODES = re.compile(r"QUOTE((?:\s+\d+)+)", re.I)
PROGRAM = re.compile(r"^\s*ppaction://(program|macro|ole)", re.I)


def _check_ooxml(archive: zipfile.ZipFile, budget: _Budget, *, nested: bool) -> None:
    names = [info.filename for info in archive.infolist() if not info.is_dir()]
    for name in names:
        for pattern, why in OOXML_PARTS:
            if pattern.search(name):
                raise Unsafe(why)
    _check_content_types(archive, budget, names)
    charts_data = set()
    for name in names:
        if name.lower().endswith(".rels"):
            charts_data |= _check_relationships(archive, name, budget)
    for name in names:
        if WORD_TEXT.match(name):
            _stream_xml(archive, name, budget, _WordFields())
        elif SLIDE_TEXT.match(name):
            _stream_xml(archive, name, budget, _SlideActions())
    for name in names:
        if re.search(r"(^|/)embeddings/", name, re.I):
            if nested or name not in charts_data:
                raise Unsafe(EMBEDDED)
            _check_chart_data(archive, name, budget)


def _check_content_types(archive: zipfile.ZipFile, budget: _Budget, names: list[str]) -> None:
    if "[Content_Types].xml" not in names:
        raise Unsafe(DAMAGED)
    types = _small_xml(archive, "[Content_Types].xml", budget)
    defaults, overrides = {}, {}
    for entry in types:
        kind = entry.get("ContentType", "").lower()
        if entry.tag.endswith("Default"):
            defaults[entry.get("Extension", "").lower()] = kind
        elif entry.tag.endswith("Override"):
            overrides[entry.get("PartName", "").lstrip("/").lower()] = kind
    for name in names:
        kind = overrides.get(name.lower()) or defaults.get(posixpath.splitext(name)[1][1:].lower())
        for pattern, why in CONTENT_TYPES:
            if kind and pattern.search(kind):
                raise Unsafe(why)


def _check_relationships(archive: zipfile.ZipFile, name: str, budget: _Budget) -> set[str]:
    """Refuse what a relationship part points to that may not be; the parts it names as a
    chart's data (an embedded package, allowed from a chart only)."""
    cut = name.lower().rfind("_rels/")  # part names are compared in any case
    folder, file = (name[:cut], name[cut + 6 :]) if cut >= 0 else ("", name)
    source = folder + file[:-5]  # less ".rels"
    charts_data = set()
    for relationship in _small_xml(archive, name, budget):
        kind = relationship.get("Type", "").rstrip("/").rsplit("/", 1)[-1].lower()
        target = relationship.get("Target", "")
        external = relationship.get("TargetMode", "").lower() == "external"
        if kind in RELATIONSHIPS:
            raise Unsafe(RELATIONSHIPS[kind])
        if kind == "hyperlink":
            continue
        if external:
            if not _may_load(target, picture_or_media=kind in MEDIA_RELATIONSHIPS):
                raise Unsafe(_outside(target))
        elif kind == "package":
            if not CHART_PART.search(source):
                raise Unsafe(EMBEDDED)
            target = unquote(target)
            path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
            charts_data.add(posixpath.normpath(path))
    return charts_data


def _check_chart_data(archive: zipfile.ZipFile, name: str, budget: _Budget) -> None:
    """A chart's workbook is an office document of its own: checked the same way, and may
    hold nothing embedded in turn."""
    data = _read_whole(archive, name, budget, MAX_CHART_DATA)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as workbook:
            parts = workbook.infolist()
            if unpacks_to_too_much(
                parts, max_part_size=MAX_CHART_DATA, max_total_size=MAX_CHART_DATA, max_ratio=100
            ):
                raise Unsafe(_too_large())
            _check_ooxml(workbook, budget, nested=True)
    except zipfile.BadZipFile as error:
        raise Unsafe(DAMAGED) from error


class _Handler:
    def start(self, tag: str, attrs: dict) -> None:
        pass

    def end(self, tag: str) -> None:
        pass

    def text(self, text: str) -> None:
        pass

    def close(self) -> None:
        pass


class _WordFields(_Handler):
    """Word's fields: a simple field's instruction, or a complex field's code, from the
    runs between its begin and separate marks (nested fields' codes included, QUOTE
    fields' character codes spelt out), refused when it is a DDE or DDEAUTO field."""

    MAX_CODE = 64 * 1024

    def __init__(self):
        self.depth = 0
        self.code: list[str] = []
        self.size = 0
        self.in_code = False

    def start(self, tag, attrs):
        if tag == "fldSimple":
            self._check(attrs.get("instr", ""))
        elif tag in ("instrText", "delInstrText"):
            self.in_code = True
        elif tag == "fldChar":
            kind = attrs.get("fldCharType")
            if kind == "begin":
                self.depth += 1
            elif kind == "end":
                self.depth = max(self.depth - 1, 0)
                if self.depth == 0:
                    self._check_code()

    def end(self, tag):
        if tag in ("instrText", "delInstrText"):
            self.in_code = False

    def text(self, text):
        if self.in_code:
            self.code.append(text)
            self.size += len(text)
            if self.size > self.MAX_CODE:  # checked as it comes, the end kept for what follows
                self._check_code(keep=64)

    def close(self):
        self._check_code()

    def _check_code(self, keep: int = 0):
        code = "".join(self.code)
        self._check(code)
        self.code = [code[-keep:]] if keep else []
        self.size = len(self.code[0]) if keep else 0

    def _check(self, code: str):
        spelt = "".join(
            chr(int(number))
            for numbers in QUOTED_CODES.findall(code)
            for number in numbers.split()
            if int(number) < 0x110000
        )
        if DDE_FIELD.search(code) or DDE_FIELD.search(spelt):
            raise Unsafe(DDE)


class _SlideActions(_Handler):
    """PowerPoint's click and hover actions: those that start a program, run a macro or an
    OLE object's verb are refused (a jump to a slide or a web page stays)."""

    def start(self, tag, attrs):
        if PROGRAM.match(attrs.get("action", "")):
            raise Unsafe(PROGRAM_ACTION)


# ------------------------------------------------------------------ ODF

ODF_MACRO_PARTS = re.compile(r"(^|/)(Basic|Scripts|Dialogs)/", re.I)
ODF_SAFE_OBJECTS = (
    "application/vnd.oasis.opendocument.chart",
    "application/vnd.oasis.opendocument.formula",
)
ODF_TEXT = re.compile(r"(^|/)(content|styles)\.xml$|^meta\.xml$|^Configurations2/.*\.xml$")
OBJECT = re.compile(r"Object [^/]+(/|$)")
SCRIPT_LINK = re.compile(r"^\s*(vnd\.sun\.star\.script|macro|vnd\.sun\.star\.basic):", re.I)
# Elements that are refused wherever they are, and what they are.
ODF_ELEMENTS = {
    "object-ole": OLE,
    "applet": EMBEDDED,
    "plugin": EMBEDDED,
    "floating-frame": FRAME,
    "dde-connection-decl": ODF_DDE,
    "dde-connection": ODF_DDE,
    "dde-link": ODF_DDE,
    "dde-source": ODF_DDE,
    "script": ODF_MACROS,  # office:script, text:script: a script written in the document
}
# Links a reader follows by clicking (text:a, draw:a, an image map's areas): plain links.
LINKS = {"a", "area-rectangle", "area-circle", "area-polygon", "event-listener"}
MEDIA_ELEMENTS = {"image", "fill-image", "background-image", "sound"}
PROGRAM_EVENTS = {"execute", "verb"}  # presentation:action: start a program, an OLE verb


def _check_odf(archive: zipfile.ZipFile, budget: _Budget) -> None:
    names = [info.filename for info in archive.infolist()]
    if any(ODF_MACRO_PARTS.search(name) for name in names):
        raise Unsafe(ODF_MACROS)
    media_types = {}
    if "META-INF/manifest.xml" in names:
        for entry in _small_xml(archive, "META-INF/manifest.xml", budget).iter():
            if entry.tag.endswith("encryption-data"):
                raise Unsafe(PROTECTED)
            attrs = {_local(key.replace("}", " ")): value for key, value in entry.attrib.items()}
            if "full-path" in attrs:
                media_types[attrs["full-path"].rstrip("/")] = attrs.get("media-type", "")
    content = _ODFContent()
    for name in names:
        if ODF_TEXT.search(name):
            _stream_xml(archive, name, budget, content)
    # Every object, whether the text points to it or not: a sub-document (a folder) must be
    # a chart or a formula; a file of its own is an OLE object's data.
    objects = {name.rstrip("/").split("/")[0] for name in names if OBJECT.match(name)}
    for path in content.objects | objects:
        if media_types.get(path) not in ODF_SAFE_OBJECTS:
            raise Unsafe(OLE if path in names else EMBEDDED)


class _ODFContent(_Handler):
    """Refuses what may not be in an ODF document's text, styles or configuration; keeps
    the embedded objects its text points to, for their kinds to be checked."""

    def __init__(self):
        self.objects: set[str] = set()

    def start(self, tag, attrs):
        if tag in ODF_ELEMENTS:
            raise Unsafe(ODF_ELEMENTS[tag])
        if any(SCRIPT_LINK.match(value) for value in attrs.values()):
            raise Unsafe(ODF_MACROS)  # a link, a key, a button or an event that runs a macro
        if tag == "event-listener" and (
            "language" in attrs or "macro-name" in attrs or attrs.get("action") in PROGRAM_EVENTS
        ):
            raise Unsafe(ODF_MACROS)
        href = attrs.get("href")
        if href is None or tag in LINKS:
            return
        if not _may_load(href, picture_or_media=tag in MEDIA_ELEMENTS):
            raise Unsafe(_outside(href))
        if tag == "object":
            self.objects.add(posixpath.normpath(unquote(href)).removeprefix("./").rstrip("/"))
