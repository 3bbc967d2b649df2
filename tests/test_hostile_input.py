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
    return cast


def exports(cast):
    district = {"district": cast.riverside.code}
    cohort = {"cohort": cast.cohort.code}
    return {
        "competencies:export": ("lead", district),
        "competencies:template": ("lead", district),
        "dashboards:coach_export": ("coach", {"kind": "ratings"}),
        "dashboards:cohort_export": ("facilitator", cohort),
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
