"""The packets' print quality, read back from the PDFs: text never under 8 pt, headings kept
with what follows, short lists whole, charts with a legend only where there are two rounds to
compare, and no near-empty page before the next section."""

import io

from pypdf import PdfReader

from districts.models import Membership
from reports import render
from reports.documents import packet_plan
from reports.models import ReportJob
from reports.services import report_request
from tests.meeting_helpers import submit_problem
from tests.report_helpers import figure_pages, packet_meeting, pdf_reader
from tests.rubric_helpers import submitted_round

# Letter paper, 792 pt high; print.css's margins: 18 mm at the top, 20 mm at the bottom.
PAGE_HEIGHT = 792
TOP_MARGIN = 18 / 25.4 * 72
BOTTOM_MARGIN = 20 / 25.4 * 72
HEADINGS = {
    "Contents",
    "Outcomes",
    "Series outcomes",
    "Agenda",
    "Group norms",
    "Participant expectations",
    "Self-assessment",
    "Evidence and next steps",
    "Long-term plan",
    "Open action steps",
    "Policy review",
    "Problems of practice for this meeting",
    "Notes and decisions",
    "Notes, decisions and commitments at this meeting",
}
NORMS = [f"Norm number {n} of the cohort" for n in range(1, 9)]


def body_lines(page) -> list[tuple[float, float, str]]:
    """(y from the top, size in pt, text) of each run of text inside the page's text area."""
    runs = []

    def visit(text, cm, tm, font, size):
        if not text.strip():
            return
        scale = ((tm[0] * cm[0] + tm[1] * cm[2]) ** 2 + (tm[0] * cm[1] + tm[1] * cm[3]) ** 2) ** 0.5
        y = PAGE_HEIGHT - (tm[5] * cm[3] + tm[4] * cm[1] + cm[5])
        runs.append((y, size * scale, text.strip()))

    page.extract_text(visitor_text=visit)
    return [r for r in runs if TOP_MARGIN < r[0] < PAGE_HEIGHT - BOTTOM_MARGIN + 6]


def last_line(lines) -> str:
    """The text of the lowest line of a page (runs on the same baseline joined)."""
    if not lines:
        return ""
    lowest = max(y for y, _, _ in lines)
    return " ".join(t for y, _, t in lines if abs(y - lowest) < 1).replace("• ", "").strip()


def all_runs(page):
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            scale = (
                (tm[0] * cm[0] + tm[1] * cm[2]) ** 2 + (tm[0] * cm[1] + tm[1] * cm[3]) ** 2
            ) ** 0.5
            runs.append((size * scale, text.strip()))

    page.extract_text(visitor_text=visit)
    return runs


def made(kind, meeting, person, capture):
    with capture(execute=True):
        job, _ = report_request(kind=kind, meeting=meeting, acting_user=person)
    job.refresh_from_db()
    assert job.status == "done", job.error
    return job, pdf_reader(job)


def prepare(cast, framework):
    """The packet meeting, with eight norms, three long shared problems of practice, and
    one round of Hillcrest's shared with the cohort (one round: no chart)."""
    meeting = packet_meeting(cast, framework)
    hillcrest_lead = Membership.objects.get(district=cast.hillcrest, role="lead").user
    submitted_round(
        cast.hillcrest, hillcrest_lead, framework, title="Hillcrest fall", sharing="cohort"
    )
    cast.cohort.norms = "\n".join(NORMS)
    cast.cohort.save()
    for n in range(3):
        submit_problem(
            meeting,
            cast.riverside,
            cast.lead,
            f"Shared question {n}: " + "how do we explain the levels to families? " * 6,
            kind="concern",
            topics=["engagement"],
            shared=True,
        )
    return meeting


def test_both_packets_print_well(cast, framework, django_capture_on_commit_callbacks):
    meeting = prepare(cast, framework)
    for kind, person in [("packet", cast.facilitator), ("participants", cast.lead)]:
        _, reader = made(kind, meeting, person, django_capture_on_commit_callbacks)
        pages = [body_lines(page) for page in reader.pages]
        starts = {
            i
            for i, lines in enumerate(pages)
            if lines
            and lines[0][2].startswith(
                ("Riverside School District", "Hillcrest Regional School Unit")
            )
        }
        assert len(starts) == 2, (kind, [lines[:1] for lines in pages])
        for i, page in enumerate(reader.pages):
            sizes = [size for size, _ in all_runs(page)]
            assert min(sizes) >= 7.95, (kind, i, min(sizes))  # 8 pt or more, charts included
            lines = pages[i]
            assert last_line(lines) not in HEADINGS, (
                kind,
                i,
                last_line(lines),
            )  # a heading never ends a page
            if i + 1 in starts and lines:  # the page before a section is not near-empty
                lowest = max(y for y, _, _ in lines)
                fill = (lowest - TOP_MARGIN) / (PAGE_HEIGHT - TOP_MARGIN - BOTTOM_MARGIN)
                assert fill >= render.NEAR_EMPTY, (kind, i, round(fill, 2))
        texts = [page.extract_text() for page in reader.pages]
        holding = [i for i, t in enumerate(texts) if "Norm number 1 of" in t]
        assert all(n in texts[holding[0]] for n in NORMS), kind  # the norms stay together
        first, second = sorted(starts)
        charts = figure_pages(reader)
        spans = {
            pages[first][0][2].split()[0]: range(first, second),
            pages[second][0][2].split()[0]: range(second, len(pages)),
        }
        assert any(i in charts for i in spans["Riverside"])  # two rounds: a chart
        assert not any(i in charts for i in spans["Hillcrest"])  # one: the table says it all


def test_the_front_keeps_headings_with_their_lists_wherever_the_page_ends(cast, framework):
    """The front laid out with 0 to 39 outcomes (every third) before the agenda and norms,
    so that the page ends all through them: a heading never ends a page, the norms never
    split."""
    meeting = packet_meeting(cast, framework)
    cast.cohort.norms = "\n".join(NORMS)
    cast.cohort.save()
    job = ReportJob(kind=ReportJob.Kind.PARTICIPANTS, meeting=meeting, requested_by=cast.lead)
    for extra in range(0, 40, 3):
        meeting.outcomes = "\n".join(f"Outcome {n} of the meeting" for n in range(extra + 1))
        meeting.save()
        document = render.layout(packet_plan(job).front.replace("@@page-", "@@"))
        reader = PdfReader(io.BytesIO(render.write_pdf(document)))
        texts = [page.extract_text() for page in reader.pages]
        holding = [i for i, t in enumerate(texts) if "Norm number 1 of" in t]
        assert all(n in texts[holding[0]] for n in NORMS), extra
        for i, page in enumerate(reader.pages):
            last = last_line(body_lines(page))
            assert last not in HEADINGS, (extra, i, last)


def test_the_web_chart_has_a_legend():
    from rubrics.charts import comparison_svg

    svg = str(comparison_svg([], [], earlier="Fall 2025", later="Spring 2026"))
    for words in (">Fall 2025</text>", ">Spring 2026</text>", ">grew</text>", ">went back</text>"):
        assert words in svg


def test_the_print_chart_has_a_legend_and_escapes_every_text(cast, submitted_round):
    from rubrics.charts import comparison_print
    from rubrics.selectors import compare_rounds

    chart = str(
        comparison_print(
            compare_rounds(None, submitted_round),
            list(submitted_round.framework.levels.order_by("position")),
            earlier="Fall 2025",
            later="<b>Spring</b>",
            alt="Chart: the level of each dimension",
        )
    )
    for words in (">Fall 2025</span>", ">&lt;b&gt;Spring&lt;/b&gt;</span>", ">grew</span>"):
        assert words in chart
    assert ">went back</span>" in chart and "<b>" not in chart
    assert 'alt="Chart: the level of each dimension"' in chart
    assert ">Conceptual Framework and Core Principles</span>" in chart


def test_a_part_that_would_end_on_a_near_empty_page_is_laid_out_tighter():
    lines = "".join(f"<p>Line {n}</p>" for n in range(40))
    tight = render.layout(f"<html><body>{lines}</body></html>")
    assert len(tight.pages) == 1  # would be a full page and a tenth of one
    longer = "".join(f"<p>Line {n}</p>" for n in range(46))
    kept = render.layout(f"<html><body>{longer}</body></html>")
    assert len(kept.pages) == 2  # a quarter page over: laid out as it is
    assert render.page_fill(kept.pages[-1]) >= render.NEAR_EMPTY


def test_a_front_laid_out_tighter_with_placeholders_is_laid_out_once_with_its_numbers(
    monkeypatch,
):
    """The contents' page numbers are as wide as their placeholders, so the join lays the
    front out once, in the layout chosen for it, instead of trying both again."""
    lines = "".join(f"<p>Line {n}</p>" for n in range(39))

    def front(starts):
        page = "000" if starts is None else str(starts[0])
        return f"<html lang='en'><body>{lines}<p>District, page {page}</p></body></html>"

    laid_out, real = [], render._layout
    monkeypatch.setattr(
        render, "_layout", lambda html, *extra: laid_out.append(bool(extra)) or real(html, *extra)
    )
    part = render.part_pdf("<html lang='en'><body><p>A district</p></body></html>")
    laid_out.clear()
    pdf, pages = render.assemble(front, [part])
    assert pages == 2
    # with placeholders: as it is, then tighter (it saved a page); with the numbers: tighter
    assert laid_out == [False, True, True]
    assert "District, page 2" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_the_participants_packet_html_never_names_what_is_for_the_facilitators(cast, framework):
    meeting = prepare(cast, framework)
    job = ReportJob(kind=ReportJob.Kind.PARTICIPANTS, meeting=meeting, requested_by=cast.lead)
    html = "".join(packet_plan(job).sections)
    assert "How do we norm teacher scores?" not in html
    assert "For the facilitators only" not in html
    assert "Board minutes of March" not in html
