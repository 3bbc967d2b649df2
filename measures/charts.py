"""A measure's chart as SVG made on the server, the same markup for its page and the
documents: the line of its data, the baseline, each June target as a mark, the dashed line
from the baseline to the targets that the status is judged against. A title and a
description for assistive technology; the page prints the same numbers as a table."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 24, 56
INK, DATA, TARGET, GRID = "#1b1b1b", "#005ea2", "#8a4b00", "#c9ced6"  # >= 3:1 on white


def amount(value, measure) -> str:
    """A value with its unit: 42.5 %, 12 courses."""
    if value is None:
        return "—"
    text = f"{Decimal(value).normalize():f}"
    unit = measure.unit_label
    if unit == "%":
        return f"{text} %"
    return f"{text} {unit}".strip()


def describe(measure, points) -> str:
    """The chart in words: baseline, targets, latest value and status."""
    parts = [
        f"Baseline {amount(measure.baseline_value, measure)} as of "
        f"{date_format(measure.baseline_date, 'M j, Y')}."
    ]
    if measure.target_list:
        targets = ", ".join(
            f"June {t.year}: {amount(t.value, measure)}" for t in measure.target_list
        )
        parts.append(f"Targets: {targets}.")
    if points:
        latest = points[-1]
        parts.append(
            f"{len(points)} data points; the latest {amount(latest.value, measure)} as of "
            f"{date_format(latest.as_of, 'M j, Y')}."
        )
    else:
        parts.append("No data yet.")
    parts.append(f"Status: {measure.standing.label}.")
    direction = "higher" if measure.direction == "higher" else "lower"
    parts.append(f"A {direction} value is better.")
    return " ".join(parts)


@dataclass(frozen=True)
class _Scale:
    """Where a day and a value fall on the chart."""

    first: date
    span_days: int
    low: Decimal
    high: Decimal

    def x(self, day: date) -> float:
        plot_w = WIDTH - LEFT - RIGHT
        return round(LEFT + plot_w * (day - self.first).days / self.span_days, 1)

    def y(self, value) -> float:
        plot_h = HEIGHT - TOP - BOTTOM
        return round(TOP + plot_h * float((self.high - Decimal(value)) / (self.high - self.low)), 1)


def _scale(measure, points, days: list[date]) -> _Scale:
    values = [
        measure.baseline_value,
        *(p.value for p in points),
        *(t.value for t in measure.target_list),
    ]
    low = min(Decimal(0), *values)
    high = max(values)
    if measure.unit == "percent":
        low, high = Decimal(0), Decimal(100)
    high = high if high > low else low + 1
    first = min(days)
    return _Scale(first, max((max(days) - first).days, 1), low, high)


def _legend() -> SafeString:
    legend_y = HEIGHT - 14
    return format_html(
        '<g font-size="12">'
        '<rect x="{}" y="{}" width="10" height="10" fill="{}"/><text x="{}" y="{}">Baseline</text>'
        '<circle cx="{}" cy="{}" r="4" fill="{}"/><text x="{}" y="{}">Data</text>'
        '<path d="M{} {} l6 6 l-6 6 l-6 -6 z" fill="white" stroke="{}" stroke-width="2"/>'
        '<text x="{}" y="{}">June targets (dashed: the line to them)</text></g>',
        LEFT,
        legend_y - 9,
        INK,
        LEFT + 16,
        legend_y,
        LEFT + 110,
        legend_y - 4,
        DATA,
        LEFT + 120,
        legend_y,
        LEFT + 190,
        legend_y - 10,
        TARGET,
        LEFT + 202,
        legend_y,
    )


def _axes(scale: _Scale, days: list[date]) -> tuple[SafeString, SafeString]:
    """The value grid with its labels, and the years along the bottom."""
    x, y, low, high = scale.x, scale.y, scale.low, scale.high
    ticks = [low + (high - low) * Decimal(i) / 4 for i in range(5)]
    grid = format_html_join(
        "",
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="' + GRID + '"/>'
        '<text x="{}" y="{}" text-anchor="end" font-size="12">{}</text>',
        (
            (LEFT, y(t), WIDTH - RIGHT, y(t), LEFT - 6, y(t) + 4, f"{t.normalize():f}")
            for t in ticks
        ),
    )
    first, last = min(days), max(days)
    year_marks = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle" font-size="12">{}</text>',
        (
            (x(date(year, 1, 1)), HEIGHT - BOTTOM + 18, year)
            for year in sorted({d.year for d in days})
            if first <= date(year, 1, 1) <= last
        ),
    )
    return grid, year_marks


def measure_svg(measure, points, *, chart_id: str = "measure-chart") -> SafeString:
    targets = measure.target_list
    days = [measure.baseline_date, *(p.as_of for p in points), *(t.due for t in targets)]
    scale = _scale(measure, points, days)
    x, y = scale.x, scale.y
    grid, year_marks = _axes(scale, days)
    expected = " ".join(
        f"{x(d)},{y(v)}"
        for d, v in [(measure.baseline_date, measure.baseline_value)]
        + [(t.due, t.value) for t in targets if t.due > measure.baseline_date]
    )
    target_marks = format_html_join(
        "",
        '<path d="M{} {} l7 7 l-7 7 l-7 -7 z" fill="white" stroke="' + TARGET + '" '
        'stroke-width="2"/><text x="{}" y="{}" text-anchor="middle" font-size="12">{}</text>',
        (
            (x(t.due), y(t.value) - 7, x(t.due), y(t.value) - 12, amount(t.value, measure))
            for t in targets
        ),
    )
    data_line = " ".join(f"{x(p.as_of)},{y(p.value)}" for p in points)
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="4" fill="' + DATA + '"/>',
        ((x(p.as_of), y(p.value)) for p in points),
    )
    return format_html(
        '<svg class="measure-chart" role="img" viewBox="0 0 {w} {h}" width="100%" '
        'aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg" '
        'font-family="sans-serif" fill="{ink}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "{grid}{years}"
        '<polyline points="{expected}" fill="none" stroke="{target}" stroke-width="2" '
        'stroke-dasharray="6 4"/>'
        '<rect x="{bx}" y="{by}" width="10" height="10" fill="{ink}"/>'
        "{targets}"
        '<polyline points="{line}" fill="none" stroke="{data}" stroke-width="3"/>{dots}'
        "{legend}</svg>",
        w=WIDTH,
        h=HEIGHT,
        id=chart_id,
        ink=INK,
        title=f"{measure.name}: {measure.standing.label}",
        desc=describe(measure, points),
        grid=grid,
        years=year_marks,
        expected=expected,
        target=TARGET,
        bx=x(measure.baseline_date) - 5,
        by=y(measure.baseline_value) - 5,
        targets=target_marks,
        line=data_line,
        data=DATA,
        dots=dots,
        legend=_legend(),
    )
