"""Documents for the tests, made here: a plain PDF, Word, Excel, PowerPoint and OpenDocument
file, each as small as its program would accept, and the means to add to each what a hostile
one holds."""

import io
import zipfile

from openpyxl import Workbook

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def pdf(*objects: bytes, catalog: bytes = b"", pad: int = 0, tail: bytes = b"") -> bytes:
    """A one-page PDF with a correct cross-reference table. `objects` are written as objects
    5, 6, ... (after the catalog, the pages, the page and its content); `catalog` is added
    to the catalog's dictionary; `pad` bytes of binary data make the page's content stream
    larger; `tail` is written after the end of file mark."""
    content = b"BT /F1 12 Tf 72 720 Td (Walkthrough notes) Tj ET\n" + bytes(range(256)) * (
        pad // 256
    )
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        *objects,
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(bodies) + 1, xref)
    )
    return out.getvalue() + tail


PDF = pdf()


def zipped(parts: dict, *, stored: tuple = (), comment: bytes = b"") -> bytes:
    """A zip of the parts (name: text or bytes), in their order; those named in `stored`
    uncompressed (as an ODF file's mimetype must be)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            kind = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=kind)
        archive.comment = comment
    return out.getvalue()


def relationships(*entries: tuple) -> str:
    """A relationship part: each entry (type's last word or whole address, target[, mode])."""
    rows = []
    for number, (kind, target, *mode) in enumerate(entries, start=1):
        kind = kind if "/" in kind else f"{R}/{kind}"
        extra = f' TargetMode="{mode[0]}"' if mode else ""
        rows.append(f'<Relationship Id="rId{number}" Type="{kind}" Target="{target}"{extra}/>')
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PR}">'
        f"{''.join(rows)}</Relationships>"
    )


def content_types(*overrides: tuple, main: str = DOCX_MAIN, part: str = "/word/document.xml"):
    rows = "".join(
        f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{CT}">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Default Extension="png" ContentType="image/png"/>'
        f'<Override PartName="{part}" ContentType="{main}"/>{rows}</Types>'
    )


def word_body(*paragraphs: str) -> str:
    body = "".join(paragraphs) or "<w:p><w:r><w:t>Walkthrough notes</w:t></w:r></w:p>"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}" xmlns:r="{R}">'
        f"<w:body>{body}</w:body></w:document>"
    )


def docx(
    *paragraphs: str,
    rels: tuple = (),
    parts: dict | None = None,
    types: tuple = (),
    settings_rels: tuple = (),
) -> bytes:
    """A Word document: its paragraphs (XML), its document's relationships beyond a plain
    hyperlink, more parts, more content types, the settings' relationships (a template)."""
    base = {
        "[Content_Types].xml": content_types(*types),
        "_rels/.rels": relationships(("officeDocument", "word/document.xml")),
        "word/document.xml": word_body(*paragraphs),
        "word/_rels/document.xml.rels": relationships(
            ("hyperlink", "https://www.maine.gov/doe/", "External"), *rels
        ),
        "word/settings.xml": f'<w:settings xmlns:w="{W}"/>',
    }
    if settings_rels:
        base["word/_rels/settings.xml.rels"] = relationships(*settings_rels)
    return zipped({**base, **(parts or {})})


def xlsx(parts: dict | None = None, workbook_rels: tuple = (), types: tuple = ()) -> bytes:
    """An Excel workbook as openpyxl writes it, with parts added or replaced, relationships
    added to the workbook's and content types added."""
    book = Workbook()
    book.active.append(["Indicator", "Fall", "Spring"])
    book.active.append(["Attendance", 91, 93])
    out = io.BytesIO()
    book.save(out)
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    result = {name: source.read(name) for name in source.namelist()}
    if workbook_rels:
        rels = result["xl/_rels/workbook.xml.rels"].decode()
        extra = relationships(*workbook_rels).split(f'<Relationships xmlns="{PR}">')[1]
        extra = extra.replace('Id="rId', 'Id="rIdX').removesuffix("</Relationships>")
        result["xl/_rels/workbook.xml.rels"] = rels.replace(
            "</Relationships>", extra + "</Relationships>"
        )
    if types:
        listed = result["[Content_Types].xml"].decode()
        rows = "".join(f'<Override PartName="{n}" ContentType="{k}"/>' for n, k in types)
        result["[Content_Types].xml"] = listed.replace("</Types>", rows + "</Types>")
    return zipped({**result, **(parts or {})})


P = "http://schemas.openxmlformats.org/presentationml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def pptx(shape: str = "", rels: tuple = ()) -> bytes:
    """A one-slide PowerPoint presentation; `shape` is XML put in the slide's shape tree."""
    slide = (
        f'<p:sld xmlns:p="{P}" xmlns:a="{A}" xmlns:r="{R}"><p:cSld><p:spTree>{shape}'
        "</p:spTree></p:cSld></p:sld>"
    )
    return zipped(
        {
            "[Content_Types].xml": content_types(
                (
                    "/ppt/slides/slide1.xml",
                    "application/vnd.openxmlformats-officedocument.presentationml.slide+xml",
                ),
                main="application/vnd.openxmlformats-officedocument.presentationml."
                "presentation.main+xml",
                part="/ppt/presentation.xml",
            ),
            "_rels/.rels": relationships(("officeDocument", "ppt/presentation.xml")),
            "ppt/presentation.xml": f'<p:presentation xmlns:p="{P}"/>',
            "ppt/_rels/presentation.xml.rels": relationships(("slide", "slides/slide1.xml")),
            "ppt/slides/slide1.xml": slide,
            "ppt/slides/_rels/slide1.xml.rels": relationships(
                ("hyperlink", "https://www.maine.gov/doe/", "External"), *rels
            ),
        }
    )


ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" '
    'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" '
    'xmlns:dom="http://www.w3.org/2001/xml-events" '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
)
ODT = "application/vnd.oasis.opendocument.text"


def odt(text: str = "", *, parts: dict | None = None, entries: tuple = (), head: str = "") -> bytes:
    """An OpenDocument text: `text` is XML in its body (after a paragraph with a plain link),
    `head` XML before the body (scripts, events), `parts` more parts, `entries` more
    manifest entries (full path, media type)."""
    listed = [("/", ODT), ("content.xml", "text/xml"), ("styles.xml", "text/xml"), *entries]
    manifest = (
        f'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest {ODF_NS}>'
        + "".join(
            f'<manifest:file-entry manifest:full-path="{path}" manifest:media-type="{kind}"/>'
            for path, kind in listed
        )
        + "</manifest:manifest>"
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF_NS}>'
        f"{head}<office:scripts/><office:body><office:text>"
        '<text:p>See <text:a xlink:type="simple" xlink:href="https://www.maine.gov/doe/">the '
        f"department</text:a>.</text:p>{text}</office:text></office:body>"
        "</office:document-content>"
    )
    return zipped(
        {
            "mimetype": ODT,
            "content.xml": content,
            "styles.xml": f"<office:document-styles {ODF_NS}/>",
            "META-INF/manifest.xml": manifest,
            **(parts or {}),
        },
        stored=("mimetype",),
    )
