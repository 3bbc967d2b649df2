"""One visual language for the levels: each level has a colour of its own with readable text,
from one stylesheet (built from frontend/levels.scss with the U.S. Web Design System) that
the web pages and the PDFs both load, and that the exports and charts read."""

import io
import re
from pathlib import Path

import pikepdf
from django.conf import settings
from django.urls import reverse

from reports import render
from reports.documents import packet_plan
from reports.models import ReportJob
from rubrics import charts
from rubrics.levels import level_colour, level_palette
from rubrics.selectors import district_trend
from tests.report_helpers import packet_meeting
from tests.rubric_helpers import submitted_round

STATIC = Path(settings.BASE_DIR) / "static"


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_each_level_has_a_colour_of_its_own_with_text_that_reads_on_it():
    palette = level_palette()
    assert set(palette) >= {1, 2, 3}
    backgrounds = [background for background, _ in palette.values()]
    assert len(set(backgrounds)) == len(backgrounds)
    for position, (background, text) in palette.items():
        assert contrast(background, text) >= 4.5, position
    assert level_colour(None) is None and level_colour(0) is None


def test_the_built_stylesheets_come_from_the_sources_and_name_the_icons_they_use():
    levels = (STATIC / "css" / "levels.css").read_text()
    uswds = (STATIC / "vendor" / "uswds" / "uswds.css").read_text()
    assert levels.startswith("/*! Waypoint: the level colours. Built from frontend/levels.scss")
    assert uswds.startswith("/*! Waypoint: the parts of the U.S. Web Design System it uses.")
    tokens = re.findall(
        r'(\d+): "([a-z-]+\d+v?)"',
        (Path(settings.BASE_DIR) / "frontend" / "levels.scss").read_text(),
    )
    assert {int(n) for n, _ in tokens} == set(level_palette())
    for icon in re.findall(r'url\("(img/[^"]+)"\)', uswds):  # collectstatic needs each of them
        assert (STATIC / "vendor" / "uswds" / icon).is_file(), icon


def test_the_web_pages_and_the_pdfs_load_the_same_level_stylesheet(cast, client_for):
    page = client_for("lead").get(cast.riverside.get_absolute_url()).content.decode()
    assert page.index("vendor/uswds/uswds.css") < page.index("css/levels.css")
    assert page.index("css/levels.css") < page.index("css/waypoint.css")  # ours, last
    assert render.STYLESHEETS[0] == "css/levels.css"
    assert ".level-1" not in (STATIC / "css" / "print.css").read_text()


def test_a_rounds_levels_are_tags_of_each_levels_colour(cast, client_for, framework):
    round_ = submitted_round(
        cast.riverside, cast.lead, framework, title="Spring", positions={0: 3, 1: 2}
    )
    page = (
        client_for("lead")
        .get(
            reverse(
                "rubrics:round", kwargs={"district": cast.riverside.code, "round_code": round_.code}
            )
        )
        .content.decode()
    )
    for position in (1, 2, 3):
        assert f'<span class="usa-tag level-{position}">' in page, position


def fill_colours(pdf_bytes: bytes) -> set[str]:
    """The fill colours (`r g b rg`) painted on the PDF's pages, as #rrggbb."""
    found = set()
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        for page in pdf.pages:
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "rg":
                    found.add("#" + "".join(f"{round(float(c) * 255):02x}" for c in operands))
    return found


def test_the_packet_paints_the_levels_in_the_web_colours(cast, framework):
    meeting = packet_meeting(cast, framework)
    job = ReportJob(kind=ReportJob.Kind.PACKET, meeting=meeting, requested_by=cast.facilitator)
    html = next(part for part in packet_plan(job).sections if 'class="level level-' in part)
    assert 'class="level level-' in html
    painted = fill_colours(render.write_pdf(render.layout(html)))
    for position in (1, 2, 3):
        assert level_colour(position) in painted, position


def test_the_trend_chart_has_a_level_axis_in_the_level_colours(cast, framework):
    submitted_round(cast.riverside, cast.lead, framework, title="Spring")
    submitted_round(cast.riverside, cast.lead, framework, title="Fall", positions={0: 3})
    trend = district_trend(cast.riverside, cast.lead)
    svg = str(charts.trend_svg(trend))
    assert ">Level</text>" in svg
    for level in trend.levels:
        assert f">{level.name}</text>" in svg
        assert f'fill="{level_colour(level.position)}"' in svg
