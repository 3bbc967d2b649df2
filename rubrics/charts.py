"""Charts as SVG made on the server: the same markup for the web pages and the PDF packets.
Every text is escaped; each chart has a title and a description for assistive technology,
and the pages show the same figures in a table beside it."""

import base64

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from rubrics.levels import level_colour

LABEL_WIDTH = 330
COLUMN_WIDTH = 120
ROW_HEIGHT = 30
TOP = 56

# Colours chosen for contrast on white (>= 3:1 for graphics, WCAG 1.4.11); shape and the
# table also tell the change, never colour alone.
COLOURS = {"growth": "#1e6b34", "regression": "#a4161a", "same": "#4a5260", "not rated": "#4a5260"}


def _level_headers(levels, plot_bottom: int) -> list[SafeString]:
    """The levels heading the comparison's columns, in their colours, with a rule down."""
    parts = []
    for i, level in enumerate(levels):
        x = LABEL_WIDTH + COLUMN_WIDTH * i + COLUMN_WIDTH // 2
        parts.append(
            format_html(
                '<rect x="{}" y="8" width="{}" height="24" rx="3" fill="{}"/>'
                '<text x="{}" y="25" text-anchor="middle" font-weight="bold">{}</text>'
                '<line x1="{}" y1="34" x2="{}" y2="{}" stroke="#c9ced6"/>',
                x - COLUMN_WIDTH // 2 + 6,
                COLUMN_WIDTH - 12,
                level_colour(level.position) or "#f0f0f0",
                x,
                level.name,
                x,
                x,
                plot_bottom,
            )
        )
    return parts


def _comparison_legend(legend_y: int, earlier: str, later: str) -> SafeString:
    """Which circle is which round, and which colour is growth."""
    return format_html(
        '<circle cx="{}" cy="{}" r="7" fill="#fff" stroke="#4a5260" stroke-width="3"/>'
        '<text x="{}" y="{}">{}</text>'
        '<circle cx="{}" cy="{}" r="6" fill="#4a5260"/><text x="{}" y="{}">{}</text>'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="3"/>'
        '<text x="{}" y="{}">grew</text>'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="3"/>'
        '<text x="{}" y="{}">went back</text>',
        14,
        legend_y - 5,
        28,
        legend_y,
        Truncator(earlier).chars(24),
        LABEL_WIDTH - 60,
        legend_y - 5,
        LABEL_WIDTH - 46,
        legend_y,
        Truncator(later).chars(24),
        LABEL_WIDTH + 130,
        legend_y - 5,
        LABEL_WIDTH + 160,
        legend_y - 5,
        COLOURS["growth"],
        LABEL_WIDTH + 166,
        legend_y,
        LABEL_WIDTH + 226,
        legend_y - 5,
        LABEL_WIDTH + 256,
        legend_y - 5,
        COLOURS["regression"],
        LABEL_WIDTH + 262,
        legend_y,
    )


def comparison_svg(domains, levels, *, earlier: str, later: str) -> SafeString:
    """Each dimension's consensus level in two rounds: a hollow circle then, a filled one now,
    joined by a line, grouped by domain; the levels head the columns in their colours, and a
    legend under the chart says which circle is which round (the web pages; the PDFs draw
    comparison_print)."""
    row_height = ROW_HEIGHT
    rows = [(domain, row) for domain in domains for row in domain.rows]
    plot_bottom = TOP + row_height * (len(rows) + len(domains))
    height = plot_bottom + 40
    width = LABEL_WIDTH + COLUMN_WIDTH * len(levels) + 20
    text_dy = row_height // 2 + 5  # a row's text baseline below its top
    x_of = {
        level.position: LABEL_WIDTH + COLUMN_WIDTH * i + COLUMN_WIDTH // 2
        for i, level in enumerate(levels)
    }
    parts = _level_headers(levels, plot_bottom)
    y = TOP
    current_domain = None
    for domain, row in rows:
        if domain is not current_domain:
            current_domain = domain
            parts.append(
                format_html(
                    '<text x="4" y="{}" font-weight="bold">{}</text>',
                    y + text_dy,
                    domain.domain.name,
                )
            )
            y += row_height
        name = Truncator(row.dimension.name).chars(48)
        parts.append(
            format_html(
                '<text x="14" y="{}"><title>{}</title>{}</text>',
                y + text_dy,
                row.dimension.name,
                name,
            )
        )
        parts.append(_marks(row, x_of, y + row_height // 2, row_height))
        y += row_height
    parts.append(_comparison_legend(plot_bottom + 24, earlier, later))
    summary = " ".join(domain_summary(domains))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {} {}" width="100%" '
        'aria-labelledby="chart-title chart-desc" font-family="sans-serif" font-size="13">'
        '<title id="chart-title">Change from {} to {}</title>'
        '<desc id="chart-desc">Hollow circle: the level in {}; filled circle: the level in {}. '
        "{}</desc>"
        "{}</svg>",
        width,
        height,
        earlier,
        later,
        earlier,
        later,
        summary,
        SafeString("".join(parts)),
    )


# The print chart's geometry, in points (one SVG unit is one point): as wide as the PDFs' text
# column, rows of 14 pt for 8.5 pt text.
PRINT_WIDTH = 520
PRINT_LABEL = 236
PRINT_ROW = 14
PRINT_TOP = 24


def comparison_print(domains, levels, *, earlier: str, later: str, alt: str) -> SafeString:
    """The comparison chart for the PDFs: the marks (level columns in their colours, the two
    rounds' circles and the line between them, the legend's symbols) as an SVG image with a
    text alternative, and every word as the page's own text laid over it. WeasyPrint lays
    out an SVG's text one letter at a time, which made this chart a tenth of a packet's
    time; the page's text costs it next to nothing, and reads as text in the PDF."""
    rows = [(domain, row) for domain in domains for row in domain.rows]
    column = (PRINT_WIDTH - PRINT_LABEL - 8) / max(len(levels), 1)
    x_of = {level.position: PRINT_LABEL + column * i + column / 2 for i, level in enumerate(levels)}
    plot_bottom = PRINT_TOP + PRINT_ROW * (len(rows) + len(domains))
    height = plot_bottom + 22
    marks, words = [], []

    def word(x, y, width, text, css="", align="left"):
        words.append(
            format_html(
                '<span class="{}" style="left: {}pt; top: {}pt; width: {}pt; text-align: {}">'
                "{}</span>",
                f"t {css}".strip(),
                round(x, 1),
                round(y, 1),
                round(width, 1),
                align,
                text,
            )
        )

    for level in levels:
        x = x_of[level.position]
        marks.append(
            format_html(
                '<rect x="{}" y="4" width="{}" height="16" rx="2" fill="{}"/>'
                '<line x1="{}" y1="21" x2="{}" y2="{}" stroke="#c9ced6"/>',
                round(x - column / 2 + 4, 1),
                round(column - 8, 1),
                level_colour(level.position) or "#f0f0f0",
                round(x, 1),
                round(x, 1),
                plot_bottom,
            )
        )
        word(x - column / 2, 4, column, level.name, "b lv", "center")
    y = PRINT_TOP
    current_domain = None
    for domain, row in rows:
        if domain is not current_domain:
            current_domain = domain
            word(2, y, PRINT_LABEL - 4, domain.domain.name, "b")
            y += PRINT_ROW
        word(10, y, PRINT_LABEL - 14, Truncator(row.dimension.name).chars(48))
        marks.append(_marks(row, x_of, y + PRINT_ROW / 2, PRINT_ROW))
        y += PRINT_ROW
    legend = plot_bottom + 12
    for x, symbol, text in (
        (8, "earlier", Truncator(earlier).chars(24)),
        (150, "later", Truncator(later).chars(24)),
        (292, "growth", "grew"),
        (380, "regression", "went back"),
    ):
        marks.append(_legend_symbol(x, legend, symbol))
        word(x + (28 if symbol in COLOURS else 12), legend - 7, 120, text)
    return format_html(
        '<div class="chart" style="height: {}pt">'
        '<img src="{}" alt="{}" style="width: {}pt; height: {}pt">{}</div>',
        height,
        data_url(
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {PRINT_WIDTH} {height}">'
            + "".join(marks)
            + "</svg>"
        ),
        alt,
        PRINT_WIDTH,
        height,
        SafeString("".join(words)),
    )


def _marks(row, x_of, cy, row_height) -> SafeString:
    """A dimension's marks: a hollow circle at its earlier level, a filled one at its later,
    a line between them in the colour of the change."""
    colour = COLOURS[row.change]
    parts = []
    if row.before and row.after and row.before.position != row.after.position:
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="3"/>',
                round(x_of[row.before.position], 1),
                cy,
                round(x_of[row.after.position], 1),
                cy,
                colour,
            )
        )
    if row.before:
        parts.append(
            _circle(x_of[row.before.position], cy, min(8, row_height // 2 - 2), "#fff", colour)
        )
    if row.after:
        parts.append(_circle(x_of[row.after.position], cy, min(6, row_height // 2 - 4), colour))
    return SafeString("".join(parts))


def _circle(cx, cy, r, fill, ring=None) -> SafeString:
    """A circle of radius `r` at (`cx`, to a tenth, `cy`), filled with `fill`, and ringed in
    `ring` when given."""
    stroke = format_html(' stroke="{}" stroke-width="3"', ring) if ring else ""
    return format_html(
        '<circle cx="{}" cy="{}" r="{}" fill="{}"{}/>', round(cx, 1), cy, r, fill, stroke
    )


def _legend_symbol(x, cy, symbol) -> SafeString:
    if symbol == "earlier":
        return format_html(
            '<circle cx="{}" cy="{}" r="5" fill="#fff" stroke="#4a5260" stroke-width="2.5"/>',
            x + 4,
            cy,
        )
    if symbol == "later":
        return format_html('<circle cx="{}" cy="{}" r="4" fill="#4a5260"/>', x + 4, cy)
    return format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="3"/>',
        x,
        cy,
        x + 24,
        cy,
        COLOURS[symbol],
    )


def domain_summary(domains) -> list[str]:
    """Per domain, how many dimensions grew, stayed and went back: the chart's description."""
    return [
        f"{d.domain.name}: {d.growth} grew, {d.same} stayed, {d.regression} went back."
        for d in domains
    ]


def data_url(svg: str) -> str:
    """A chart as a data: URL, for an <img> with a text alternative (the PDF packets)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _trend_bands(levels, y0, left, plot_width, band) -> list[SafeString]:
    """One band per level in its colour, the top level at the top, named on the axis."""
    top_level = levels[-1].position
    parts = []
    for level in levels:
        top = y0 + band * (top_level - level.position)
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" text-anchor="end" font-size="11">{}</text>',
                left,
                top,
                plot_width,
                band,
                level_colour(level.position) or "#f0f0f0",
                left - 4,
                top + band - 3,
                level.name,
            )
        )
    return parts


def _step_line(values, xs, y_of) -> list[SafeString]:
    """A dot at each level a dimension had, joined by a step line (flat, then up or down);
    a round without a level is skipped. y_of gives a level's height: the middle of its band."""
    parts, points = [], []
    for x, value in zip(xs, values, strict=False):
        if value is None:
            continue
        y = y_of(value)
        if points:
            points.append(f"{x},{points[-1].split(',')[1]}")
        points.append(f"{x},{y:.1f}")
        parts.append(format_html('<circle cx="{}" cy="{}" r="4" fill="#1b1b1b"/>', x, f"{y:.1f}"))
    if len(points) > 1:
        parts.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="#1b1b1b" stroke-width="2"/>',
                " ".join(points),
            )
        )
    return parts


def trend_svg(trend) -> SafeString:
    """Small multiples: for each dimension, a step line of its level across the rounds, over
    bands in the levels' colours with the levels named on an axis at the left of each."""
    if not trend.rounds:
        return SafeString("")
    levels = sorted(trend.levels, key=lambda level: level.position)
    step = 70
    band = 14  # the height of one level's band
    axis = 92  # the level names, right-aligned before the bands
    left = LABEL_WIDTH + axis  # where the bands begin
    first = left + 34  # the first round's x: its date clears the axis title
    width = first + step * max(len(trend.rounds) - 1, 1) + 40
    row_height = band * len(levels) + 14
    height = TOP + row_height * len(trend.columns) + 10
    top_level = levels[-1].position

    parts = [
        format_html(
            '<text x="{}" y="22" text-anchor="end" font-size="11" font-weight="bold">Level</text>',
            left - 4,
        )
    ]
    for i, round_ in enumerate(trend.rounds):
        parts.append(
            format_html(
                '<text x="{}" y="22" text-anchor="middle" font-size="11">{}</text>',
                first + step * i,
                round_.submitted_at.strftime("%b %Y"),
            )
        )
    plot_width = first - left + step * max(len(trend.rounds) - 1, 1) + 24
    for row, column in enumerate(trend.columns):
        y0 = TOP + row_height * row
        parts.append(
            format_html(
                '<text x="4" y="{}"><title>{}</title>{}</text>',
                y0 + band + 4,
                column.name,
                Truncator(column.name).chars(44),
            )
        )
        parts += _trend_bands(levels, y0, left, plot_width, band)
        parts += _step_line(
            trend.series[column.key],
            [first + step * i for i in range(len(trend.series[column.key]))],
            lambda value, y0=y0: y0 + band * (top_level - value) + band / 2,
        )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {} {}" width="100%" '
        'aria-labelledby="trend-title trend-desc" font-family="sans-serif" font-size="12">'
        '<title id="trend-title">Level of each dimension across {} rounds</title>'
        '<desc id="trend-desc">For each dimension, a step line across the rounds over one band '
        "per level ({}), the highest at the top; the table below gives the same levels.</desc>"
        "{}</svg>",
        width,
        height,
        len(trend.rounds),
        ", ".join(level.name for level in reversed(levels)),
        SafeString("".join(parts)),
    )
